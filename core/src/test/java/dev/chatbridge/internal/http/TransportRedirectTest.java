package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chatbridge.ApiException;
import dev.chatbridge.ChatConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The credential never leaves the base URL's origin: a redirect to another origin is not followed for any auth
 * header style or method, a same-origin redirect is followed for GET only, and a caller's client that follows
 * redirects itself changes nothing. Two servers: the origin on 127.0.0.1 and a foreign one on "localhost".
 */
class TransportRedirectTest {
  private static final String KEY = "sk-redirect-7c1d2e";

  private MockWebServer origin;
  private MockWebServer foreign;

  @BeforeEach
  void start() throws IOException {
    origin = new MockWebServer();
    origin.start(InetAddress.getByName("127.0.0.1"), 0);
    foreign = new MockWebServer();
    foreign.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setBody("{\"stolen\":true}"); // answers anything: a follower would succeed
      }
    });
    foreign.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws IOException {
    origin.shutdown();
    foreign.shutdown();
  }

  private HttpUrl originUrl(String path) {
    return HttpUrl.get("http://127.0.0.1:" + origin.getPort() + path);
  }

  /** Another origin: another host name and port for the same loopback machine. */
  private String foreignUrl(String pathAndQuery) {
    return "http://localhost:" + foreign.getPort() + pathAndQuery;
  }

  private Transport transport(String header, String prefix, OkHttpClient http) {
    ChatConfig.Builder c = ChatConfig.builder().vendor("test").baseUrl(originUrl("/api").toString()).apiKey(KEY);
    if (http != null) c.okHttpClient(http);
    return Transport.builder("test", c.build()).auth(header, prefix).sleeper(d -> { }).build();
  }

  private static MockResponse redirect(int status, String location) {
    return new MockResponse().setResponseCode(status).setHeader("Location", location)
        .setBody("<html>moved</html>");
  }

  @ParameterizedTest
  @CsvSource({"Authorization, Bearer ", "X-Onyx-Authorization, Bearer ", "API-Token, ''"})
  void aRedirectToAnotherOriginIsNeverFollowedWhateverTheCredentialHeader(String header, String prefix) {
    for (int status : new int[] {301, 302, 303, 307, 308}) {
      for (String method : new String[] {"GET", "POST", "DELETE"}) {
        origin.enqueue(redirect(status, foreignUrl("/steal?token=abc123")));
        try (Transport t = transport(header, prefix, null)) {
          ApiRequest request = method.equals("POST") ? ApiRequest.post(t.path("chat/send").build(), Map.of("m", 1))
              : ApiRequest.of(method, t.path("chat/x").build(), null, true);
          ApiException e = catchThrowableOfType(() -> t.json(request), ApiException.class);
          assertThat(e).as(status + " " + method).isExactlyInstanceOf(ApiException.class);
          assertThat(e.statusCode()).isEqualTo(status);
          assertThat(e.getMessage()).contains("localhost:" + foreign.getPort() + "/steal")
              .contains("not followed").contains("127.0.0.1:" + origin.getPort())
              .doesNotContain("abc123").doesNotContain(KEY);
        }
      }
    }
    assertThat(foreign.getRequestCount()).as("nothing, with or without the credential, reached the other origin")
        .isZero();
    assertThat(origin.getRequestCount()).isEqualTo(15);
  }

  @Test
  void aCallersClientThatFollowsRedirectsDoesNotFollowThemForChatBridge() throws Exception {
    OkHttpClient follows = new OkHttpClient.Builder().followRedirects(true).followSslRedirects(true).build();
    try {
      origin.enqueue(redirect(302, foreignUrl("/steal")));
      origin.enqueue(redirect(307, foreignUrl("/stream")));
      try (Transport t = transport("API-Token", "", follows)) {
        ApiException e = catchThrowableOfType(() -> t.json(ApiRequest.get(t.path("x").build())), ApiException.class);
        assertThat(e.statusCode()).isEqualTo(302);
        assertThatThrownBy(() -> t.stream(ApiRequest.post(t.path("send").build(), Map.of()))).isInstanceOf(
            ApiException.class).hasMessageContaining("localhost:" + foreign.getPort() + "/stream");
      }
      assertThat(foreign.getRequestCount()).isZero();
      assertThat(follows.followRedirects()).as("the caller's own client is left as it was").isTrue();
      assertThat(follows.followSslRedirects()).isTrue();
    } finally {
      follows.dispatcher().executorService().shutdown();
      follows.connectionPool().evictAll();
    }
  }

  @Test
  void aSameOriginRedirectOfAGetIsFollowedWithTheCredential() throws Exception {
    origin.enqueue(redirect(302, "/api/moved?page=2"));
    origin.enqueue(new MockResponse().setBody("{\"ok\":true}"));
    try (Transport t = transport("X-Onyx-Authorization", "Bearer ", null)) {
      assertThat(t.json(ApiRequest.get(t.path("chat/x").build())).get("ok").asBoolean()).isTrue();
    }
    origin.takeRequest();
    RecordedRequest followed = origin.takeRequest();
    assertThat(followed.getPath()).isEqualTo("/api/moved?page=2");
    assertThat(followed.getHeader("X-Onyx-Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(followed.getHeader("X-ChatBridge-Retry-Count")).as("a followed redirect is not a retry").isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aPostIsNeverResentOnARedirectEvenWithinTheOrigin(int status) {
    origin.enqueue(redirect(status, "/api/chat/send-again"));
    origin.enqueue(new MockResponse().setBody("{\"ok\":true}"));
    try (Transport t = transport("Authorization", "Bearer ", null)) {
      ApiException e = catchThrowableOfType(
          () -> t.json(ApiRequest.post(t.path("chat/send").build(), Map.of("m", "hi"))), ApiException.class);
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.getMessage()).contains("never re-sent");
    }
    assertThat(origin.getRequestCount()).as("the message POST was sent once").isEqualTo(1);
  }

  @Test
  void aRedirectLoopWithinTheOriginEndsAfterTheHopLimit() {
    for (int i = 0; i < 25; i++) origin.enqueue(redirect(302, "/api/loop")); // more than anyone follows
    try (Transport t = transport("Authorization", "Bearer ", null)) {
      ApiException e = catchThrowableOfType(() -> t.json(ApiRequest.get(t.path("loop").build())), ApiException.class);
      assertThat(e.statusCode()).isEqualTo(302);
      assertThat(e.getMessage()).contains("more than " + Origin.MAX_REDIRECTS + " redirects");
    }
    assertThat(origin.getRequestCount()).isEqualTo(1 + Origin.MAX_REDIRECTS);
  }

  @Test
  void aRedirectWithoutLocationAndOther3xxAreApiExceptions() {
    origin.enqueue(new MockResponse().setResponseCode(302));
    origin.enqueue(new MockResponse().setResponseCode(300).setBody("{\"detail\":\"pick one\"}"));
    try (Transport t = transport("Authorization", "Bearer ", null)) {
      ApiException e = catchThrowableOfType(() -> t.json(ApiRequest.get(t.path("x").build())), ApiException.class);
      assertThat(e.statusCode()).isEqualTo(302);
      assertThat(e.getMessage()).contains("without a usable Location");
      ApiException other = catchThrowableOfType(() -> t.json(ApiRequest.get(t.path("x").build())),
          ApiException.class);
      assertThat(other.statusCode()).isEqualTo(300);
      assertThat(other.serverMessage()).isEqualTo("pick one");
    }
  }

  @Test
  void theOriginIsSchemeHostAndPortSoHttpsNeverGoesToHttp() {
    ChatConfig c = ChatConfig.builder().vendor("test").baseUrl("https://api.example.com/v1").apiKey(KEY).build();
    Origin o = Origin.of("test", c, null);
    assertThat(o.contains(HttpUrl.get("https://api.example.com:443/other"))).isTrue();
    assertThat(o.contains(HttpUrl.get("https://API.example.com/v1/x"))).isTrue();
    assertThat(o.contains(HttpUrl.get("http://api.example.com/v1/x"))).as("https → http").isFalse();
    assertThat(o.contains(HttpUrl.get("https://api.example.com:8443/v1"))).isFalse();
    assertThat(o.contains(HttpUrl.get("https://evil.example.com/v1"))).isFalse();
    assertThat(o.contains(HttpUrl.get("https://api.example.com.evil.com/v1"))).isFalse();
  }
}
