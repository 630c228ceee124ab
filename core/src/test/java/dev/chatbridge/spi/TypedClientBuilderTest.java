package dev.chatbridge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Every shared setter of the typed-client builders reaches the configuration the vendor's client is built from. */
class TypedClientBuilderTest {
  /** A vendor builder as the modules write one: its own setter through an option, the client is the config. */
  static final class Builder extends TypedClientBuilder<Builder, ChatConfig> {
    Builder() {
      super("acme");
    }

    Builder model(String model) {
      return option("model", model);
    }

    @Override
    protected ChatConfig build(ChatConfig config) {
      return config;
    }
  }

  @Test
  void everySetterReachesTheConfiguration() {
    OkHttpClient http = new OkHttpClient();
    ChatConfig config = new Builder()
        .apiKey("key-1")
        .baseUrl("https://chat.example.com")
        .connectTimeout(Duration.ofSeconds(3))
        .callTimeout(Duration.ofSeconds(4))
        .streamIdleTimeout(Duration.ofSeconds(5))
        .streamTotalTimeout(Duration.ofSeconds(6))
        .maxRetries(7)
        .allowInsecureHttp(true)
        .maxReplyChars(8)
        .okHttpClient(http)
        .model("m-9")
        .build();
    assertThat(config.vendor()).isEqualTo("acme");
    assertThat(config.apiKey()).contains("key-1");
    assertThat(config.baseUrl()).contains("https://chat.example.com");
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.streamTotalTimeout()).contains(Duration.ofSeconds(6));
    assertThat(config.maxRetries()).isEqualTo(7);
    assertThat(config.allowInsecureHttp()).isTrue();
    assertThat(config.maxReplyChars()).isEqualTo(8);
    assertThat(config.okHttpClient()).containsSame(http);
    assertThat(config.option("model")).contains("m-9");
  }

  @Test
  void theDefaultsAreChatConfigs() {
    ChatConfig config = new Builder().build();
    ChatConfig defaults = ChatConfig.builder().vendor("acme").build();
    assertThat(config.toString()).isEqualTo(defaults.toString());
  }

  @Test
  void aBadValueIsAConfigurationErrorNamingTheKey() {
    assertThatThrownBy(() -> new Builder().callTimeout(Duration.ofHours(25)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.timeout");
    assertThatThrownBy(() -> new Builder().apiKey("line\nbreak").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.api-key");
  }
}
