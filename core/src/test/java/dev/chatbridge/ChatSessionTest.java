package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.spi.ChatBackend;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What {@link ChatSession} checks for every vendor before its backend is called. */
class ChatSessionTest {
  /** A backend that answers every send and counts the sends that reached it. */
  static final class CountingBackend implements ChatBackend {
    final Set<Capability> capabilities;
    final AtomicInteger sends = new AtomicInteger();

    CountingBackend(Set<Capability> capabilities) {
      this.capabilities = capabilities;
    }

    @Override
    public String vendor() {
      return "linear";
    }

    @Override
    public Set<Capability> capabilities() {
      return capabilities;
    }

    @Override
    public SessionDetails createSession(SessionOptions options) {
      return new SessionDetails(SessionSummary.builder().id("s-1").build(), List.of());
    }

    @Override
    public ChatReply send(String sessionId, MessageRequest request) {
      sends.incrementAndGet();
      return ChatReply.builder().message(Message.builder().role(Role.ASSISTANT).text("ok").build()).build();
    }

    @Override
    public ChatStream stream(String sessionId, MessageRequest request) {
      return ChatStream.ofReply(vendor(), send(sessionId, request));
    }

    @Override
    public Object typedClient() {
      return this;
    }

    @Override
    public void close() {}
  }

  private static final MessageRequest WITH_PARENT = MessageRequest.builder().text("Hi").parentId("m-1").build();

  private static void assertRefusedAsLinear(Throwable e) {
    assertThat(e).isInstanceOfSatisfying(UnsupportedCapabilityException.class, u -> {
      assertThat(u.capability()).isEqualTo(Capability.BRANCHING);
      assertThat(u.vendor()).isEqualTo("linear");
      assertThat(u.getMessage()).isEqualTo("linear conversations are linear: a message cannot name a parent");
    });
  }

  @Test
  void aParentOnALinearVendorIsRefusedBeforeTheBackendIsCalled() throws Exception {
    CountingBackend backend = new CountingBackend(EnumSet.of(Capability.HISTORY));
    try (ChatClient client = ChatClient.of(backend)) {
      ChatSession session = client.session("s-1");
      assertRefusedAsLinear(org.assertj.core.api.Assertions.catchThrowable(() -> session.send(WITH_PARENT)));
      assertRefusedAsLinear(org.assertj.core.api.Assertions.catchThrowable(() -> session.stream(WITH_PARENT)));
      CompletableFuture<ChatReply> async = session.sendAsync(WITH_PARENT);
      assertThatThrownBy(() -> async.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .satisfies(e -> assertRefusedAsLinear(e.getCause()));
      assertThat(backend.sends).hasValue(0);
      assertThat(session.send("no parent").text()).isEqualTo("ok");
      assertThat(backend.sends).hasValue(1);
    }
  }

  @Test
  void aParentReachesAVendorWithBranching() {
    CountingBackend backend = new CountingBackend(EnumSet.of(Capability.BRANCHING));
    try (ChatClient client = ChatClient.of(backend)) {
      assertThat(client.session("s-1").send(WITH_PARENT).text()).isEqualTo("ok");
      try (ChatStream stream = client.session("s-1").stream(WITH_PARENT)) {
        assertThat(stream.reply().text()).isEqualTo("ok");
      }
      assertThat(backend.sends).hasValue(2);
    }
  }
}
