package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatConfigTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
    return p;
  }

  @Test
  void systemPropertiesWinOverEnvironment() {
    ChatConfig c = ChatConfig.fromSources(
        props("chatbridge.vendor", "onyx", "chatbridge.api-key", "from-props", "chatbridge.onyx.persona-id", "7"),
        Map.of("CHATBRIDGE_VENDOR", "osvi", "CHATBRIDGE_API_KEY", "from-env", "CHATBRIDGE_BASE_URL",
            "https://env.example.com", "CHATBRIDGE_ONYX_PERSONA_ID", "3"));
    assertThat(c.vendor()).isEqualTo("onyx");
    assertThat(c.apiKey()).contains("from-props");
    assertThat(c.baseUrl()).as("env fills what properties lack").contains("https://env.example.com");
    assertThat(c.option("persona-id")).contains("7");
  }

  @Test
  void environmentNamesMapToVendorOptions() {
    ChatConfig c = ChatConfig.fromSources(props(), Map.of(
        "CHATBRIDGE_VENDOR", "onyx",
        "CHATBRIDGE_ONYX_PERSONA_ID", "12",
        "CHATBRIDGE_OSVI_AGENT_UUID", "other vendor's option",
        "CHATBRIDGE_MAX_RETRIES", "5",
        "CHATBRIDGE_ALLOW_INSECURE_HTTP", "true",
        "CHATBRIDGE_STREAM_IDLE_TIMEOUT", "90s",
        "CHATBRIDGE_CONNECT_TIMEOUT", "3",
        "PATH", "/usr/bin"));
    assertThat(c.options()).containsOnly(Map.entry("persona-id", "12"));
    assertThat(c.maxRetries()).isEqualTo(5);
    assertThat(c.allowInsecureHttp()).isTrue();
    assertThat(c.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void maxReplyCharsIsAKeyWithADefaultAndARange() {
    assertThat(ChatConfig.builder().vendor("x").build().maxReplyChars()).isEqualTo(4 * 1024 * 1024);
    ChatConfig fromProps = ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.max-reply-chars",
        "1000"));
    assertThat(fromProps.maxReplyChars()).isEqualTo(1000);
    assertThat(fromProps.toBuilder().build().maxReplyChars()).isEqualTo(1000);
    assertThat(ChatConfig.fromSources(props(), Map.of("CHATBRIDGE_VENDOR", "x", "CHATBRIDGE_MAX_REPLY_CHARS", "77"))
        .maxReplyChars()).isEqualTo(77);
    assertThatThrownBy(() -> ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.max-reply-chars",
        "lots"))).isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.max-reply-chars");
    assertThatThrownBy(() -> ChatConfig.builder().vendor("x").maxReplyChars(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("max-reply-chars");
  }

  @Test
  void vendorNameIsCaseAndSpaceInsensitive() {
    ChatConfig c = ChatConfig.fromSources(props("chatbridge.vendor", " OpenWebUI ", "chatbridge.openwebui.model",
        "llama3"), Map.of());
    assertThat(c.vendor()).isEqualTo("openwebui");
    assertThat(c.option("model")).contains("llama3");
  }

  @Test
  void fromPropertiesIgnoresTheEnvironment() {
    ChatConfig c = ChatConfig.fromProperties(props("chatbridge.vendor", "opencx"));
    assertThat(c.vendor()).isEqualTo("opencx");
    assertThat(c.maxRetries()).isEqualTo(ChatConfig.DEFAULT_MAX_RETRIES);
    assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.allowInsecureHttp()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"30, PT30S", "500ms, PT0.5S", "2m, PT2M", "PT30S, PT30S", "pt1m30s, PT1M30S", "45s, PT45S",
      "1h, PT1H", "' 15 ', PT15S"})
  void durations(String text, String expected) {
    ChatConfig c = ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.timeout", text));
    assertThat(c.callTimeout()).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "10 minutes", "ms", "PTX", "1.5s", ""})
  void garbageDurationNamesTheKey(String text) {
    assertThatThrownBy(() -> ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.timeout", text)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.timeout");
  }

  @Test
  void zeroOrNegativeTimeoutIsRefused() {
    assertThatThrownBy(() -> ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.timeout", "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> ChatConfig.builder().vendor("x").connectTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("connect-timeout");
  }

  @Test
  void maxRetriesMustBeAWholeNonNegativeNumber() {
    assertThatThrownBy(() -> ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.max-retries",
        "two"))).isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.max-retries");
    assertThatThrownBy(() -> ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.max-retries",
        "-1"))).isInstanceOf(ConfigurationException.class).hasMessageContaining("max-retries");
  }

  @ParameterizedTest
  @CsvSource({"true, true", "TRUE, true", "yes, true", "1, true", "false, false", "no, false", "0, false"})
  void booleans(String text, boolean expected) {
    ChatConfig c = ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.allow-insecure-http", text));
    assertThat(c.allowInsecureHttp()).isEqualTo(expected);
  }

  @Test
  void badBooleanNamesTheKey() {
    assertThatThrownBy(() -> ChatConfig.fromProperties(props("chatbridge.vendor", "x",
        "chatbridge.allow-insecure-http", "maybe")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.allow-insecure-http");
  }

  @Test
  void missingVendorSaysWhereToSetIt() {
    assertThatThrownBy(() -> ChatConfig.fromSources(props(), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.vendor").hasMessageContaining("CHATBRIDGE_VENDOR");
  }

  @Test
  void requireOptionNamesPropertyAndEnvironmentVariable() {
    ChatConfig c = ChatConfig.builder().vendor("onyx").option("blank", "  ").build();
    assertThatThrownBy(() -> c.requireOption("persona-id"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.onyx.persona-id")
        .hasMessageContaining("CHATBRIDGE_ONYX_PERSONA_ID");
    assertThatThrownBy(() -> c.requireOption("blank")).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void environmentNameOfAProperty() {
    assertThat(ChatConfig.environmentName("chatbridge.osvi.agent-uuid")).isEqualTo("CHATBRIDGE_OSVI_AGENT_UUID");
  }

  @Test
  void toStringMasksTheKeyAndToBuilderKeepsEverything() {
    ChatConfig c = ChatConfig.builder().vendor("onyx").apiKey("sk-abcdef").baseUrl("https://h").option("a", "b")
        .maxRetries(4).build();
    assertThat(c.toString()).doesNotContain("sk-abcdef").contains("****");
    ChatConfig copy = c.toBuilder().build();
    assertThat(copy.apiKey()).contains("sk-abcdef");
    assertThat(copy.options()).isEqualTo(Map.of("a", "b"));
    assertThat(copy.maxRetries()).isEqualTo(4);
    assertThat(c.options()).isUnmodifiable();
  }
}
