package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.spi.ReplyAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void roleOfKnownValuesIsCaseInsensitiveAndCanonical() {
    assertThat(Role.of("user")).isSameAs(Role.USER);
    assertThat(Role.of("ASSISTANT")).isSameAs(Role.ASSISTANT);
    assertThat(Role.of("Agent")).isSameAs(Role.AGENT);
    assertThat(Role.of("tool").isKnown()).isTrue();
    assertThat(Role.ASSISTANT.value()).isEqualTo("assistant");
  }

  @Test
  void roleOfUnknownValueIsKeptVerbatim() {
    Role r = Role.of("Moderator");
    assertThat(r.value()).isEqualTo("Moderator");
    assertThat(r.isKnown()).isFalse();
    assertThat(r).isEqualTo(Role.of("Moderator")).isNotEqualTo(Role.of("moderator"));
    assertThat(r.hashCode()).isEqualTo(Role.of("Moderator").hashCode());
    assertThatThrownBy(() -> Role.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builderRequiredFields() {
    assertThatThrownBy(() -> Message.builder().text("x").build()).hasMessageContaining("role");
    assertThatThrownBy(() -> ChatReply.builder().build()).hasMessageContaining("message");
    assertThatThrownBy(() -> Citation.builder().title("t").build()).hasMessageContaining("documentId");
    assertThatThrownBy(() -> SessionSummary.builder().title("t").build()).hasMessageContaining("id");
    assertThatThrownBy(() -> MessageRequest.builder().build()).hasMessageContaining("text");
  }

  @Test
  void messageDefaultsAndEquality() {
    Message m = Message.builder().role(Role.USER).build();
    assertThat(m.text()).isEmpty();
    assertThat(m.citations()).isEmpty();
    assertThat(m.createdAt()).isEmpty();
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    Message a = Message.builder().id("1").role(Role.USER).text("hi").createdAt(t).build();
    assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(a.toBuilder().text("other").build()).isNotEqualTo(a);
  }

  @Test
  void collectionsAreCopiedAndUnmodifiable() {
    List<Citation> citations = new ArrayList<>(List.of(Citation.builder().documentId("d1").build()));
    Map<String, Object> vendorData = new HashMap<>(Map.of("k", "v"));
    Message m = Message.builder().role(Role.ASSISTANT).citations(citations).vendorData(vendorData).build();
    citations.add(Citation.builder().documentId("d2").build());
    vendorData.put("k2", "v2");
    assertThat(m.citations()).hasSize(1);
    assertThat(m.vendorData()).containsOnlyKeys("k");
    assertThatThrownBy(() -> m.citations().add(null)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.vendorData().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.attachments().clear()).isInstanceOf(UnsupportedOperationException.class);

    SessionOptions o = SessionOptions.builder().metadata("a", 1).extra("persona-id", "3").build();
    assertThatThrownBy(() -> o.metadata().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> o.extras().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> MessageRequest.builder().text("x").extra("a", "b").build().extras().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void vendorDataKeepsNullValues() {
    Map<String, Object> data = new HashMap<>();
    data.put("parent", null);
    Message m = Message.builder().role(Role.USER).vendorData(data).build();
    assertThat(m.vendorData()).containsEntry("parent", null);
  }

  @Test
  void sessionMetadataAcceptsOnlyFlatScalars() {
    SessionOptions o = SessionOptions.builder().metadata("plan", "pro").metadata("seats", 3)
        .metadata("trial", true).build();
    assertThat(o.metadata()).containsExactly(Map.entry("plan", "pro"), Map.entry("seats", 3),
        Map.entry("trial", true));
    assertThatThrownBy(() -> SessionOptions.builder().metadata("nested", Map.of("a", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested");
    assertThatThrownBy(() -> SessionOptions.builder().metadata("list", List.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionOptions.builder().metadata("n", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionOptions.builder().metadata(Map.of("ok", 1, "bad", Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pageAutoPagingWalksEveryPageLazily() {
    List<String> fetched = new ArrayList<>();
    Page<String> first = new Page<>(List.of("a", "b"), "c2", new java.util.function.Function<>() {
      @Override
      public Page<String> apply(String cursor) {
        fetched.add(cursor);
        switch (cursor) {
          case "c2":
            return new Page<>(List.of(), "c3", this); // an empty middle page does not end paging
          case "c3":
            return new Page<>(List.of("c", "d"), "c4", this);
          case "c4":
            return new Page<>(List.of("e"), null, this);
          default:
            throw new AssertionError(cursor);
        }
      }
    });
    var it = first.autoPaging().iterator();
    assertThat(it.next()).isEqualTo("a");
    assertThat(it.next()).isEqualTo("b");
    assertThat(fetched).as("the next page is fetched only when reached").isEmpty();
    List<String> rest = new ArrayList<>();
    it.forEachRemaining(rest::add);
    assertThat(rest).containsExactly("c", "d", "e");
    assertThat(fetched).containsExactly("c2", "c3", "c4");
    assertThat(first.hasNext()).isTrue();
    assertThat(first.next()).contains("c2");
  }

  @Test
  void lastPageHasNoNext() {
    Page<String> p = new Page<>(List.of("x"), null, c -> {
      throw new AssertionError();
    });
    assertThat(p.hasNext()).isFalse();
    assertThat(p.next()).isEmpty();
    assertThatThrownBy(p::nextPage).isInstanceOf(java.util.NoSuchElementException.class);
    assertThat(p.autoPaging()).containsExactly("x");
  }

  @Test
  void pageRequestRejectsNonPositiveLimit() {
    assertThatThrownBy(() -> PageRequest.of(0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(PageRequest.of(5, null).withCursor("c").cursor()).contains("c");
    assertThat(PageRequest.first().limit()).isEmpty();
  }

  @Test
  void replyAccumulatorCapsTextAndSaysSo() {
    ReplyAccumulator acc = new ReplyAccumulator(10);
    acc.accept(new ChatEvent.TextDelta("Hello "));
    assertThat(acc.truncated()).isFalse();
    acc.accept(new ChatEvent.TextDelta("world, again"));
    assertThat(acc.text()).isEqualTo("Hello worl");
    assertThat(acc.totalChars()).isEqualTo(18);
    assertThat(acc.truncated()).isTrue();
  }

  @Test
  void replyAccumulatorKeepsDistinctCitationsInOrder() {
    ReplyAccumulator acc = new ReplyAccumulator();
    assertThat(acc.hasContent()).isFalse();
    Citation a = Citation.builder().documentId("a").build();
    Citation b = Citation.builder().documentId("b").build();
    acc.accept(new ChatEvent.CitationAdded(b));
    acc.accept(new ChatEvent.CitationAdded(a));
    acc.accept(new ChatEvent.CitationAdded(Citation.builder().documentId("b").build()));
    assertThat(acc.citations()).containsExactly(b, a);
    assertThat(acc.hasContent()).isTrue();
    ChatEvent e = new ChatEvent.ReasoningDelta("thinking");
    assertThat(acc.accept(e)).isSameAs(e);
    assertThat(acc.text()).isEmpty();
  }

  @Test
  void localInvalidRequestHasNoStatus() {
    InvalidRequestException e = InvalidRequestException.local("osvi", "message must not be empty");
    assertThat(e.statusCode()).isZero();
    assertThat(e.getMessage()).isEqualTo("osvi: invalid request: message must not be empty");
  }

  @Test
  void unsupportedCapabilityNamesVendorAndCapability() {
    UnsupportedCapabilityException e = new UnsupportedCapabilityException("osvi", Capability.LIST_SESSIONS);
    assertThat(e.getMessage()).contains("osvi", "LIST_SESSIONS");
    assertThat(e.capability()).isEqualTo(Capability.LIST_SESSIONS);
  }

  @Test
  void unknownEventKeepsTypeAndPayload() {
    ChatEvent.Unknown u = new ChatEvent.Unknown("search_tool_start", "{\"x\":1}");
    assertThat(u.type()).isEqualTo("search_tool_start");
    assertThat(u.raw()).isEqualTo("{\"x\":1}");
    assertThat(u).isEqualTo(new ChatEvent.Unknown("search_tool_start", "{\"x\":1}"));
  }
}
