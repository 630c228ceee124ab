package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The typed Open WebUI client refuses a key an HTTP header cannot carry, user info in the base URL and an
 * out-of-range timeout when it is built, from its builder and from {@code fromEnv()}, naming the setting and never
 * showing the value (docs/RELIABILITY.md, "Hostile input").
 */
class OpenWebUiHostileConfigTest {
  private static final List<String> BAD_KEYS =
      List.of("sk-abc\r\nX-Injected: 1", "sk-\u00e9t\u00e9-abc", "sk\u0000abc");

  @Test
  void aKeyAnHttpHeaderCannotCarryIsRefusedByTheBuilderByName() {
    for (String key : BAD_KEYS) {
      assertThatThrownBy(() -> OpenWebUiClient.builder().apiKey(key).build())
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
        assertThatThrownBy(OpenWebUiClient::fromEnv)
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
    assertThatThrownBy(() -> OpenWebUiClient.builder().apiKey("k").baseUrl("https://alice:s3cret-pw@chat.example.com")
        .build())
        .isExactlyInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.base-url").hasMessageNotContaining("s3cret-pw");
    assertThatThrownBy(() -> OpenWebUiClient.builder().apiKey("k").baseUrl("https://chat.example.com")
        .callTimeout(Duration.ofHours(1000)).build())
        .isExactlyInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.timeout");
    assertThatThrownBy(() -> OpenWebUiClient.builder().apiKey("k").baseUrl("https://chat.example.com")
        .connectTimeout(Duration.ofSeconds(-1)).build())
        .isExactlyInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.connect-timeout");
    try (OpenWebUiClient ok = OpenWebUiClient.builder().apiKey("k").baseUrl("https://chat.example.com")
        .callTimeout(Duration.ofNanos(100)).build()) {
      assertThat(ok).isNotNull();
    }
  }
}
