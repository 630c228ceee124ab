package dev.chatbridge.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Vendor-shaped response bodies, built once and shared by the benchmarks and their baselines so both sides parse
 * exactly the same bytes. Shapes are the vendors' own: Onyx NDJSON packets as Python's
 * {@code json.dumps} writes them ({@code ", "} and {@code ": "} separators), Open WebUI SSE frames of OpenAI
 * {@code chat.completion.chunk}s ending in {@code data: [DONE]}.
 */
public final class Bodies {
  /** Deterministic answer words; a few carry JSON escapes so the parsers cannot take a shortcut. */
  private static final String[] WORDS = {
    " The", " order", " shipped", " on", " Monday", " and", " should", " arrive", " by", " Friday.",
    " Tracking", " number:", " \\\"ZX-1042\\\"", " \\u00e9t\\u00e9", " see", " the", " portal\\n", " for", " details", " [1]"
  };

  private Bodies() {}

  /** The decoded text of delta {@code i} (what a parser must deliver). */
  public static String word(int i) {
    return WORDS[i % WORDS.length].replace("\\\"", "\"").replace("\\u00e9", "\u00e9").replace("\\n", "\n");
  }

  /** The JSON-escaped text of delta {@code i}, as it sits between the quotes on the wire. */
  static String wireWord(int i) {
    return WORDS[i % WORDS.length];
  }

  /** The concatenated text of {@code deltas} deltas. */
  public static String text(int deltas) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < deltas; i++) sb.append(word(i));
    return sb.toString();
  }

  /**
   * An Onyx {@code send-chat-message} NDJSON stream of {@code events} lines in total: the id line,
   * {@code message_start}, {@code events - 3} {@code message_delta} packets, {@code stop}.
   */
  public static byte[] onyxNdjson(int events) {
    StringBuilder sb = new StringBuilder(events * 140);
    sb.append("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n");
    sb.append(onyxPacket("{\"type\": \"message_start\", \"final_documents\": null, "
        + "\"pre_answer_processing_seconds\": 0.12}"));
    for (int i = 0; i < events - 3; i++) sb.append(onyxDelta(i));
    sb.append(onyxPacket("{\"type\": \"stop\", \"stop_reason\": null}"));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One Onyx {@code message_delta} line (with its newline). */
  public static String onyxDelta(int i) {
    return onyxPacket("{\"type\": \"message_delta\", \"content\": \"" + wireWord(i) + "\"}");
  }

  static String onyxPacket(String obj) {
    return "{\"placement\": {\"turn_index\": 1, \"tab_index\": 0, \"sub_turn_index\": null, \"model_index\": 0}, "
        + "\"obj\": " + obj + "}\n";
  }

  /**
   * An Open WebUI {@code /api/chat/completions} SSE stream of {@code events} frames in total: a role frame,
   * {@code events - 3} content frames, a finish frame with usage, {@code data: [DONE]}.
   */
  public static byte[] openWebUiSse(int events) {
    StringBuilder sb = new StringBuilder(events * 200);
    sb.append(openWebUiFrame("{\"role\":\"assistant\",\"content\":\"\"}", "null", ""));
    for (int i = 0; i < events - 3; i++) sb.append(openWebUiDelta(i));
    sb.append(openWebUiFrame("{}", "\"stop\"",
        ",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + (events - 3) + ",\"total_tokens\":"
            + (events + 9) + "}"));
    sb.append("data: [DONE]\n\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One Open WebUI content frame (with its blank line). */
  public static String openWebUiDelta(int i) {
    return openWebUiFrame("{\"content\":\"" + wireWord(i) + "\"}", "null", "");
  }

  static String openWebUiFrame(String delta, String finishReason, String extra) {
    return "data: {\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1755800000,"
        + "\"model\":\"llama3.1:8b\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
        + finishReason + "}]" + extra + "}\n\n";
  }

  /** An Onyx non-streaming {@code ChatFullResponse} whose answer has {@code deltas} words. */
  public static byte[] onyxFullResponse(int deltas, String sessionId) {
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < deltas; i++) answer.append(wireWord(i));
    String a = answer.toString();
    String json = "{\"answer\": \"" + a + "\", \"answer_citationless\": \"" + a + "\", "
        + "\"pre_answer_reasoning\": null, \"tool_calls\": [], "
        + "\"top_documents\": [{\"document_id\": \"doc-1\", \"chunk_ind\": 0, \"semantic_identifier\": \"Shipping FAQ\", "
        + "\"link\": \"https://example.com/faq\", \"blurb\": \"Orders ship in 2 days\", \"source_type\": \"web\", "
        + "\"boost\": 0, \"hidden\": false, \"metadata\": {}, \"score\": 0.87, \"is_relevant\": null, "
        + "\"relevance_explanation\": null, \"match_highlights\": [], \"updated_at\": null, "
        + "\"primary_owners\": null, \"secondary_owners\": null, \"is_internet\": false, \"file_id\": null}], "
        + "\"citation_info\": [{\"type\": \"citation_info\", \"citation_number\": 1, \"document_id\": \"doc-1\"}], "
        + "\"message_id\": 102, \"chat_session_id\": \"" + sessionId + "\", \"incognito\": false, \"error_msg\": null}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** An Open WebUI non-streaming {@code chat.completion} whose content has {@code deltas} words. */
  public static byte[] openWebUiCompletion(int deltas) {
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < deltas; i++) answer.append(wireWord(i));
    String json = "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion\",\"created\":1755800000,"
        + "\"model\":\"llama3.1:8b\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + answer + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":"
        + deltas + ",\"total_tokens\":" + (deltas + 12) + "}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Concatenates byte arrays. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
