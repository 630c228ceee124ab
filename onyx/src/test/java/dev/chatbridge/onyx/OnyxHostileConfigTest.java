package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ApiException;
import dev.chatbridge.ConfigurationException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The typed Onyx client refuses a key an HTTP header cannot carry, user info in the base URL and an
 * out-of-range timeout when it is built, from its builder and from {@code fromEnv()}, naming the setting and never
 * showing the value (docs/RELIABILITY.md, "Hostile input").
 */
class OnyxHostileConfigTest {
  private static final List<String> BAD_KEYS =
      List.of("sk-abc\r\nX-Injected: 1", "sk-\u00e9t\u00e9-abc", "sk\u0000abc");

  @Test
  void aKeyAnHttpHeaderCannotCarryIsRefusedByTheBuilderByName() {
    for (String key : BAD_KEYS) {
      assertThatThrownBy(() -> OnyxClient.builder().apiKey(key).build())
          .isExactlyInstanceOf(ConfigurationException.class)
          .hasMessageContaining("chatbridge.api-key").hasMessageContaining("CHATBRIDGE_API_KEY")
          .hasMessageNotContaining(key).hasMessageNotContaining("abc");
    }
  }

  @Test
  void aKeyAnHttpHeaderCannotCarryIsRefusedByFromEnvByName() {
    String previous = System.getProperty("chatbridge.api-key");
    try {
      for (String key : BAD_KEYS) {
        System.setProperty("chatbridge.api-key", key);
        assertThatThrownBy(OnyxClient::fromEnv)
            .isExactlyInstanceOf(ConfigurationException.class)
            .hasMessageContaining("chatbridge.api-key").hasMessageNotContaining(key).hasMessageNotContaining("abc");
      }
    } finally {
      if (previous == null) System.clearProperty("chatbridge.api-key");
      else System.setProperty("chatbridge.api-key", previous);
    }
  }

  @Test
  void userInfoInTheBaseUrlAndTimeoutsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> OnyxClient.builder().apiKey("k").baseUrl("https://alice:s3cret-pw@chat.example.com")
        .build())
        .isExactlyInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.base-url").hasMessageNotContaining("s3cret-pw");
    assertThatThrownBy(() -> OnyxClient.builder().apiKey("k").baseUrl("https://chat.example.com")
        .callTimeout(Duration.ofHours(1000)).build())
        .isExactlyInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.timeout");
    assertThatThrownBy(() -> OnyxClient.builder().apiKey("k").baseUrl("https://chat.example.com")
        .connectTimeout(Duration.ofSeconds(-1)).build())
        .isExactlyInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.connect-timeout");
    try (OnyxClient ok = OnyxClient.builder().apiKey("k").baseUrl("https://chat.example.com")
        .callTimeout(Duration.ofNanos(100)).build()) {
      assertThat(ok).isNotNull();
    }
  }

  @Test
  void onyxAuthorizationHeaderNeverFollowsARedirect() throws Exception {
    try (MockWebServer origin = new MockWebServer(); MockWebServer foreign = new MockWebServer()) {
      foreign.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse().setBody("{}");
        }
      });
      foreign.start(InetAddress.getByName("127.0.0.1"), 0);
      origin.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse().setResponseCode(307)
              .setHeader("Location", "http://localhost:" + foreign.getPort() + request.getPath());
        }
      });
      origin.start(InetAddress.getByName("127.0.0.1"), 0);
      try (OnyxClient onyx = OnyxClient.builder().apiKey("on_secret_key").useOnyxAuthorizationHeader(true)
          .baseUrl("http://127.0.0.1:" + origin.getPort() + "/api").build()) {
        assertThatThrownBy(() -> onyx.getChatSession("s-1")).isInstanceOf(ApiException.class)
            .hasMessageContaining("localhost:" + foreign.getPort());
        assertThatThrownBy(() -> onyx.createChatSession(CreateChatSessionRequest.builder().build()))
            .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> onyx.streamChatMessage(SendMessageRequest.of("s-1", "hi")).close())
            .isInstanceOf(ApiException.class);
      }
      assertThat(origin.takeRequest().getHeader("X-Onyx-Authorization")).isEqualTo("Bearer on_secret_key");
      assertThat(foreign.getRequestCount()).as("the key never reached the other origin").isZero();
    }
  }
}
