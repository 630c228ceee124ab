package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.InvalidRequestException;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids stay ids: the one check every id in a URL path goes through, and the transport's URL builders. */
class PathSegmentsTest {
  private final Transport transport = Transport.builder("test",
      ChatConfig.builder().vendor("test").baseUrl("http://127.0.0.1:9/api").apiKey("k").build()).build();

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t", ".", "..", "%2e", "%2E", "%2e%2e", "%2E%2e", ".%2E", "%2e.", "%252e%252e",
      "%25252E", "..;", "..;jsessionid=1", ".;x", "/", "a/b", "../x", "%2F", "a%2fb", "%252F", "\\", "..\\x",
      "a%5Cb", "x\u0000y", "x\ny", "%0A", "x\u007fy"})
  void refusesWhatCouldBeMoreOrLessThanOneSegment(String id) {
    assertThatThrownBy(() -> PathSegments.requireId("test", "session id", id))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageStartingWith("test: invalid request: session id")
        .hasMessageEndingWith("nothing was sent");
  }

  @Test
  void refusesAnIdLongerThanTheMaximumAndSaysHowLong() {
    String longest = "a".repeat(PathSegments.MAX_ID_LENGTH);
    assertThat(PathSegments.requireId("test", "session id", longest)).isSameAs(longest);
    assertThatThrownBy(() -> PathSegments.requireId("test", "session id", "a".repeat(100_000)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("100000 characters long")
        .hasMessageContaining("longer than " + PathSegments.MAX_ID_LENGTH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "3f2b1c9e-7a40-4c5e-9d7e-0c1b2a3d4e5f", "a.b", "...", ".a", "a..", "%", "100%",
      "%zz", "a b", "é", "x;y", "a?b#c", "%2e%2e%2e", "sess_IsZ3Q6Sf_60Eh26XQMGbz-R_og"})
  void acceptsOrdinaryIdsAndKeepsThemOneSegment(String id) {
    assertThat(PathSegments.requireId("test", "session id", id)).isSameAs(id);
    HttpUrl url = transport.url("chat", id, "history").build();
    assertThat(url.pathSegments()).containsExactly("api", "chat", id, "history");
  }

  @Test
  void decodesAsAServerWould() {
    assertThat(PathSegments.percentDecode("%2E%2e")).isEqualTo("..");
    assertThat(PathSegments.percentDecode("%C3%A9")).isEqualTo("é");
    assertThat(PathSegments.percentDecode("100%")).isEqualTo("100%");
    assertThat(PathSegments.percentDecode("%zz%2")).isEqualTo("%zz%2");
    assertThat(PathSegments.percentDecode("%252e")).isEqualTo("%2e");
  }

  @Test
  void transportUrlAndPathRefuseDotSegmentsThemselves() {
    // a vendor route that forgot its own id check still cannot send a dot segment
    assertThatThrownBy(() -> transport.url("api", "v1", "chats", "..")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("URL path segment '..'");
    assertThatThrownBy(() -> transport.url("chats", "")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> transport.path("chat/../admin")).isInstanceOf(InvalidRequestException.class);
    assertThat(transport.path("api/v1/chats/").build().encodedPath()).isEqualTo("/api/api/v1/chats/");
    assertThat(transport.path("/chat/sessions").build().encodedPath()).isEqualTo("/api/chat/sessions");
  }
}
