package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The send path's shortcuts (completion body built straight as JSON, the completion answer parsed from its bytes)
 * must give exactly what the typed, text-based path gives.
 */
class OpenWebUiSendPathEquivalenceTest {

  /** The completion body as {@link CompletionRequest} built it from the branch before. */
  private static String viaCompletionRequest(ChatResponse stored, String parentId, String text, String model,
      boolean stream) {
    CompletionRequest.Builder b = CompletionRequest.builder().model(model);
    JsonNode system = stored.chatNode().path("params").path("system");
    if (system.isTextual() && !system.asText().isBlank()) b.message("system", system.asText());
    for (HistoryMessage m : stored.history().branchTo(parentId)) {
      JsonNode content = m.node().get("content");
      Object value;
      if (content != null && content.isArray() && !content.isEmpty()) {
        value = Json.toPlain(content);
      } else {
        if (m.text().isEmpty()) continue;
        value = m.text();
      }
      Map<String, Object> openAi = new LinkedHashMap<>();
      openAi.put("role", m.role().isEmpty() ? "user" : m.role());
      openAi.put("content", value);
      b.messages(List.of(openAi));
    }
    return Json.write(b.message("user", text).build().body(stream));
  }

  private static ChatResponse chat(String chatJson) throws Exception {
    return ChatResponse.parse(Json.parse(chatJson));
  }

  @Test
  void theCompletionBodyIsTheOneCompletionRequestGave() throws Exception {
    String parts = "[{\"type\":\"text\",\"text\":\"What is in \\u00e9 this?\"},{\"type\":\"image_url\",\"image_url\":"
        + "{\"url\":\"data:image/png;base64,AAAA\",\"detail\":null}},{\"n\":1,\"l\":12345678901,\"f\":1.5,"
        + "\"e\":2.5e-3,\"big\":123456789012345678901234567890,\"neg\":-0.0,\"t\":true,\"z\":[]}]";
    String stored = "{\"id\":\"c1\",\"chat\":{\"params\":{\"system\":\"Be brief.\"},\"history\":{\"currentId\":\"a2\","
        + "\"messages\":{"
        + "\"u1\":{\"id\":\"u1\",\"parentId\":null,\"role\":\"user\",\"content\":\"Hi \\\"there\\\"\\n\"},"
        + "\"a1\":{\"id\":\"a1\",\"parentId\":\"u1\",\"role\":\"assistant\",\"content\":\"Hello \u20ac\"},"
        + "\"u2\":{\"id\":\"u2\",\"parentId\":\"a1\",\"content\":" + parts + "},"
        + "\"a2\":{\"id\":\"a2\",\"parentId\":\"u2\",\"role\":\"assistant\",\"content\":\"\"},"
        + "\"u3\":{\"id\":\"u3\",\"parentId\":\"a2\",\"role\":\"user\",\"content\":[]},"
        + "\"a3\":{\"id\":\"a3\",\"parentId\":\"u3\",\"role\":\"tool\",\"content\":null}}}}}";
    for (String parent : new String[] {"a1", "u2", "a2", "a3"}) {
      for (boolean stream : new boolean[] {false, true}) {
        ChatTurn turn = new ChatTurn(null, null, chat(stored), parent, "Next \u00fc?", "llama3.1:8b", "Llama");
        assertThat(Json.write(turn.request(stream))).as("parent %s stream %s", parent, stream)
            .isEqualTo(viaCompletionRequest(chat(stored), parent, "Next \u00fc?", "llama3.1:8b", stream));
      }
    }
    String noSystem = "{\"id\":\"c2\",\"chat\":{\"params\":{\"system\":\"  \"}}}";
    ChatTurn first = new ChatTurn(null, null, chat(noSystem), null, "First", "m", "m");
    assertThat(Json.write(first.request(false)))
        .isEqualTo(viaCompletionRequest(chat(noSystem), null, "First", "m", false))
        .isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"First\"}],\"stream\":false}");
  }

  /** What the completion answer was turned into before: the decoded text, blank as null. */
  private static String viaText(byte[] bytes) {
    try {
      String body = new String(bytes, StandardCharsets.UTF_8);
      JsonNode node = body.isBlank() ? null : Json.parse(body);
      return String.valueOf(node);
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String viaBytes(byte[] bytes) {
    try {
      return String.valueOf(CompletionEventSource.parseBody(bytes));
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Test
  void theCompletionAnswerParsesAsTheDecodedTextDid() {
    String completion = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1755800000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\u00e9t\u00e9 \\u20ac \ud83d\ude00\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":3,\"f\":1.25}}";
    String[] texts = {completion, "  \n" + completion + "\n", completion + " trailing", "", " \t\r\n", "\u3000",
        "\u3000" + completion, "\uFEFF" + completion, " \uFEFF" + completion, "null", "[1,2]", "\"s\"", "42",
        "{\"content\":\"\u00e9\u00e9\u00e9\" oops}", "{\"a\":\u00e9}", "{\"unterminated\":", "<html>502</html>",
        "\u001c{}"};
    for (String text : texts) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      assertThat(viaBytes(bytes)).as("body %s", text).isEqualTo(viaText(bytes));
    }
    byte[][] raw = {
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}, // cut character
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'}, // overlong NUL
        {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // encoded surrogate
        {'{', 0, '}', 0}, // Jackson would guess UTF-16
        "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE),
        "{\"a\":1}".getBytes(StandardCharsets.UTF_16BE)};
    for (byte[] bytes : raw) assertThat(viaBytes(bytes)).isEqualTo(viaText(bytes));
    assertThat(viaBytes(completion.getBytes(StandardCharsets.UTF_8))).contains("\"finish_reason\":\"stop\"");
  }
}
