package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
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

  // --- durations: a range, never an ArithmeticException or OkHttp's "timeout too large", never "no timeout"

  @ParameterizedTest
  @ValueSource(strings = {"9999999999999999h", "1000h", "25h", "86400001ms", "PT9999999999999999H", "P2D",
      "99999999999999999999s"})
  void durationOutOfRangeNamesTheKey(String text) {
    for (String key : List.of("chatbridge.timeout", "chatbridge.connect-timeout", "chatbridge.stream-idle-timeout",
        "chatbridge.stream-total-timeout")) {
      assertThatThrownBy(() -> ChatConfig.fromProperties(props("chatbridge.vendor", "x", key, text)))
          .isExactlyInstanceOf(ConfigurationException.class)
          .hasMessageContaining(key);
    }
  }

  @Test
  void durationOutOfRangeFromTheEnvironmentNamesTheKey() {
    assertThatThrownBy(() -> ChatConfig.fromSources(props(), Map.of("CHATBRIDGE_VENDOR", "x",
        "CHATBRIDGE_CONNECT_TIMEOUT", "9999999999999999h")))
        .isExactlyInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.connect-timeout").hasMessageContaining("CHATBRIDGE_CONNECT_TIMEOUT");
  }

  @Test
  void builderDurationsAreCheckedIntoTheSameRange() {
    List<Supplier<ChatConfig.Builder>> bad = List.of(
        () -> ChatConfig.builder().vendor("x").callTimeout(Duration.ofHours(1000)),
        () -> ChatConfig.builder().vendor("x").connectTimeout(Duration.ofSeconds(Long.MAX_VALUE)),
        () -> ChatConfig.builder().vendor("x").streamIdleTimeout(Duration.ofDays(2)),
        () -> ChatConfig.builder().vendor("x").streamTotalTimeout(Duration.ofNanos(-1)));
    List<String> keys = List.of("chatbridge.timeout", "chatbridge.connect-timeout", "chatbridge.stream-idle-timeout",
        "chatbridge.stream-total-timeout");
    for (int i = 0; i < bad.size(); i++) {
      Supplier<ChatConfig.Builder> b = bad.get(i);
      assertThatThrownBy(() -> b.get().build()).isExactlyInstanceOf(ConfigurationException.class)
          .hasMessageContaining(keys.get(i));
    }
    assertThat(ChatConfig.builder().vendor("x").callTimeout(ChatConfig.MAX_DURATION).build().callTimeout())
        .isEqualTo(Duration.ofHours(24));
  }

  @ParameterizedTest
  @CsvSource({"PT0.0001S, PT0.001S", "PT0.000000001S, PT0.001S", "PT0.0015S, PT0.002S", "1ms, PT0.001S"})
  void aPositiveFractionOfAMillisecondRoundsUpNeverToNoTimeout(String text, String expected) {
    ChatConfig c = ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.timeout", text,
        "chatbridge.stream-total-timeout", text));
    assertThat(c.callTimeout()).isEqualTo(Duration.parse(expected));
    assertThat(c.streamTotalTimeout()).contains(Duration.parse(expected));
    assertThat(ChatConfig.builder().vendor("x").connectTimeout(Duration.ofNanos(1)).build().connectTimeout())
        .isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void streamTotalTimeoutIsOptionalAndReadFromEverySource() {
    assertThat(ChatConfig.builder().vendor("x").build().streamTotalTimeout()).isEmpty();
    ChatConfig env = ChatConfig.fromSources(props(), Map.of("CHATBRIDGE_VENDOR", "x",
        "CHATBRIDGE_STREAM_TOTAL_TIMEOUT", "5m"));
    assertThat(env.streamTotalTimeout()).contains(Duration.ofMinutes(5));
    assertThat(env.toBuilder().build().streamTotalTimeout()).contains(Duration.ofMinutes(5));
    assertThat(env.toString()).contains("streamTotalTimeout=PT5M");
    ChatConfig props = ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.stream-total-timeout",
        "PT90S"));
    assertThat(props.streamTotalTimeout()).contains(Duration.ofSeconds(90));
    assertThat(ChatConfig.builder().vendor("x").streamTotalTimeout(Duration.ofSeconds(7)).build()
        .streamTotalTimeout()).contains(Duration.ofSeconds(7));
  }

  // --- the key: what an HTTP header can carry, refused by name, never echoed

  @ParameterizedTest
  @ValueSource(strings = {"sk-abc\r\nX-Injected: 1", "sk-abc\ndef", "sk\u0000abc", "sk-\u00e9abc",
      "sk-\u043a\u043b\u044e\u0447", "sk\tabc", "sk\u007fabc", "sk-\ud83d\ude00"})
  void aKeyAnHttpHeaderCannotCarryIsRefusedByNameNeverShown(String key) {
    List<Supplier<ChatConfig>> sources = List.of(
        () -> ChatConfig.builder().vendor("x").apiKey(key).build(),
        () -> ChatConfig.fromProperties(props("chatbridge.vendor", "x", "chatbridge.api-key", key)),
        () -> ChatConfig.fromSources(props(), Map.of("CHATBRIDGE_VENDOR", "x", "CHATBRIDGE_API_KEY", key)));
    for (Supplier<ChatConfig> source : sources) {
      assertThatThrownBy(source::get).isExactlyInstanceOf(ConfigurationException.class)
          .hasMessageContaining("chatbridge.api-key").hasMessageContaining("CHATBRIDGE_API_KEY")
          .hasMessageNotContaining(key)
          .hasMessageNotContaining("abc")
          .satisfies(e -> assertThat(((ConfigurationException) e).setting()).contains(ChatConfig.API_KEY));
    }
  }

  @Test
  void surroundingWhitespaceOfAKeyIsTrimmedNotRefused() {
    assertThat(ChatConfig.builder().vendor("x").apiKey("  sk-abc\r\n").build().apiKey()).contains("sk-abc");
    assertThat(ChatConfig.builder().vendor("x").apiKey("sk-a b~").build().apiKey()).contains("sk-a b~");
  }

  // --- user info in the base URL

  @ParameterizedTest
  @ValueSource(strings = {"https://alice:s3cret-pw@chat.example.com/api", "http://:s3cret-pw@127.0.0.1:8080",
      "https://s3cret-pw@chat.example.com", "htps://alice:s3cret-pw@chat.example.com",
      "https:\\\\alice:s3cret-pw@chat.example.com"})
  void userInfoInTheBaseUrlIsRefusedWithoutShowingIt(String url) {
    assertThatThrownBy(() -> ChatConfig.builder().vendor("x").baseUrl(url).build())
        .isExactlyInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.base-url").hasMessageContaining("user info")
        .hasMessageNotContaining("s3cret-pw");
    assertThatThrownBy(() -> ChatConfig.fromSources(props(), Map.of("CHATBRIDGE_VENDOR", "x",
        "CHATBRIDGE_BASE_URL", url))).isExactlyInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("s3cret-pw");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://chat.example.com/api/users/@me", "https://chat.example.com/a?x=a@b",
      "http://127.0.0.1:8080/#@x"})
  void anAtSignOutsideTheAuthorityIsFine(String url) {
    assertThat(ChatConfig.builder().vendor("x").baseUrl(url).build().baseUrl()).contains(url);
  }

  // --- unknown keys: warned about once each, never an error

  @Test
  void anUnknownTopLevelKeyIsWarnedAboutOnceByName() {
    try (Warnings w = new Warnings()) {
      ChatConfig c = ChatConfig.fromSources(props("chatbridge.vendor", "onyx", "chatbridge.tmeout", "5s",
          "chatbridge.osvi.agent-uuid", "another vendor's option", "chatbridge.timeout", "5s"),
          Map.of("CHATBRIDGE_TMEOUT", "6s", "CHATBRIDGE_RETRIES", "1", "CHATBRIDGE_STREAM_TOTAL_TIMEOUT", "1m"));
      assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(w.messages).hasSize(2);
      assertThat(w.messages.get(0)).contains("chatbridge.retries").contains("CHATBRIDGE_RETRIES")
          .contains("chatbridge.timeout").contains("chatbridge.<vendor>.<option>");
      assertThat(w.messages.get(1)).contains("chatbridge.tmeout").contains("CHATBRIDGE_TMEOUT")
          .contains("chatbridge.stream-total-timeout");
    }
  }

  @Test
  void knownKeysAndVendorOptionsAreNotWarnedAbout() {
    try (Warnings w = new Warnings()) {
      ChatConfig.fromSources(props("chatbridge.vendor", "onyx", "chatbridge.base-url", "https://h",
          "chatbridge.api-key", "k", "chatbridge.timeout", "5", "chatbridge.connect-timeout", "5",
          "chatbridge.stream-idle-timeout", "5", "chatbridge.stream-total-timeout", "5", "chatbridge.max-retries",
          "1", "chatbridge.allow-insecure-http", "false", "chatbridge.onyx.persona-id", "1",
          "chatbridge.opencx.channel", "web"), Map.of());
      assertThat(w.messages).isEmpty();
    }
  }
}
