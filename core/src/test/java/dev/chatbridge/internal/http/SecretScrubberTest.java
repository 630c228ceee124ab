package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key is found however a server writes it: as is, JSON-escaped char by char, percent-encoded. */
class SecretScrubberTest {
  private static final String KEY = "sk-live/9f8e\"d6\\c5";
  private final SecretScrubber scrubber = new SecretScrubber(KEY);

  /** {@code s} with every character written as a backslash-u escape, in lower or upper case hex. */
  static String unicodeEscaped(String s, boolean upper) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      String hex = String.format("%04x", (int) c);
      sb.append('\\').append('u').append(upper ? hex.toUpperCase(Locale.ROOT) : hex);
    }
    return sb.toString();
  }

  /** The key as a JSON string's content: {@code "} and {@code \} escaped as JSON requires. */
  private static String jsonContent(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "json", "every-char-lower", "every-char-upper", "one-char", "slash",
      "percent"})
  void theKeyIsRedactedInEveryFormAndNoDecodingBringsItBack(String form) throws Exception {
    String written;
    switch (form) {
      case "plain":
        written = KEY;
        break;
      case "json":
        written = jsonContent(KEY);
        break;
      case "every-char-lower":
        written = unicodeEscaped(KEY, false);
        break;
      case "every-char-upper":
        written = unicodeEscaped(KEY, true);
        break;
      case "one-char":
        written = jsonContent(KEY).replace("-", "\\u002D");
        break;
      case "slash":
        written = jsonContent(KEY).replace("/", "\\/");
        break;
      default:
        written = KEY.replace("-", "%2d").replace("/", "%2F").replace("\"", "%22").replace("\\", "%5C");
    }
    String body = "{\"detail\":\"bad key " + (form.equals("plain") || form.equals("percent") ? jsonContent(written)
        : written) + " (caf\u00e9)\"}";
    String scrubbed = scrubber.scrub(body);
    assertThat(scrubbed).contains("[redacted]").contains("caf\u00e9");
    if (!form.equals("percent")) {
      JsonNode decoded = Json.parse(scrubbed);
      assertThat(decoded.toString()).doesNotContain(KEY);
      assertThat(decoded.get("detail").asText()).doesNotContain(KEY).contains("[redacted]");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(new String(scrubber.scrub(bytes), StandardCharsets.UTF_8)).isEqualTo(scrubbed);
  }

  @Test
  void everyOccurrenceGoesAndEverythingElseStays() {
    String text = "a " + KEY + " b " + unicodeEscaped(KEY, false) + " c " + KEY;
    assertThat(scrubber.scrub(text)).isEqualTo("a [redacted] b [redacted] c [redacted]");
  }

  @Test
  void textWithoutTheKeyIsReturnedAsIs() {
    String text = "{\"a\":\"line\\nbreak \\u00e9 100% \\\\ sk-live/9f8e and more\"}";
    assertThat(scrubber.scrub(text)).isSameAs(text);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(scrubber.scrub(bytes)).isSameAs(bytes);
  }

  @Test
  void brokenEscapesAtTheEndOfTheInputAreLeftAlone() {
    for (String tail : new String[] {"\\", "\\u", "\\u00", "\\u002", "%", "%2", "sk-live\\u00"}) {
      assertThat(scrubber.scrub("x " + tail)).isEqualTo("x " + tail);
    }
  }
}
