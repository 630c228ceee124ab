package dev.chatbridge.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chatbridge.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replaces message text in recorded bodies ({@code WireRecording}'s redact-text switch): the string value of every
 * JSON field named in {@link #TEXT_FIELDS}, at any depth, in a JSON body, an NDJSON line or an SSE {@code data:}
 * line. One generic list covers the four vendors' message fields (Onyx {@code message}, {@code content},
 * {@code reasoning}, {@code answer}; Open WebUI {@code content} of messages and of stream deltas; OpenCX
 * {@code content}, {@code text}, {@code message}; OSVI {@code content}, {@code message}, {@code reply},
 * {@code response}, {@code summary}). A redacted document is written again compactly (its spacing can change);
 * anything that is not JSON is left as it came. Not API.
 */
final class TextRedaction {
  /** What replaces each message text. */
  static final String REPLACEMENT = "[redacted text]";
  /** The JSON field names whose string values are message text. */
  static final Set<String> TEXT_FIELDS = Set.of("message", "content", "text", "reasoning", "reasoning_content",
      "answer", "answer_citationless", "pre_answer_reasoning", "additional_context", "reply", "response",
      "summary", "welcome_message");

  private TextRedaction() {}

  /** A whole body (a request body, or a JSON response body), redacted when it is JSON; else as it was. */
  static byte[] document(byte[] body) {
    JsonNode tree = parse(body, 0, body.length);
    if (tree == null || !redact(tree)) return body;
    return Json.write(tree).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Complete lines (each ending in a newline, the last one possibly not), each redacted on its own: a JSON line,
   * or an SSE {@code data:} line carrying JSON. Other lines are copied as they are.
   */
  static byte[] lines(byte[] text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 64);
    int start = 0;
    boolean changed = false;
    while (start < text.length) {
      int end = start;
      while (end < text.length && text[end] != '\n') end++;
      int contentEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
      int next = end < text.length ? end + 1 : end;
      byte[] redacted = line(text, start, contentEnd);
      if (redacted == null) {
        out.write(text, start, next - start);
      } else {
        changed = true;
        out.writeBytes(redacted);
        out.write(text, contentEnd, next - contentEnd); // the line's own ending, as it came
      }
      start = next;
    }
    return changed ? out.toByteArray() : text;
  }

  /** The line {@code text[start, end)} redacted, without its ending; null when nothing in it changes. */
  private static byte[] line(byte[] text, int start, int end) {
    int from = start;
    byte[] prefix = new byte[0];
    if (startsWith(text, start, end, "data:")) {
      from = start + 5;
      if (from < end && text[from] == ' ') from++;
      prefix = java.util.Arrays.copyOfRange(text, start, from);
    }
    int first = from;
    while (first < end && (text[first] == ' ' || text[first] == '\t')) first++;
    if (first == end || (text[first] != '{' && text[first] != '[')) return null;
    JsonNode tree = parse(text, from, end - from);
    if (tree == null || !redact(tree)) return null;
    byte[] json = Json.write(tree).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + json.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(json, 0, out, prefix.length, json.length);
    return out;
  }

  private static boolean startsWith(byte[] text, int start, int end, String prefix) {
    if (end - start < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++) if (text[start + i] != prefix.charAt(i)) return false;
    return true;
  }

  private static JsonNode parse(byte[] bytes, int offset, int length) {
    try {
      JsonNode tree = Json.MAPPER.readTree(bytes, offset, length);
      return tree != null && tree.isContainerNode() ? tree : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Replaces the text fields in place; true when any was replaced. */
  private static boolean redact(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (value.isTextual() && TEXT_FIELDS.contains(name)) {
          if (!value.asText().isEmpty()) {
            object.set(name, TextNode.valueOf(REPLACEMENT));
            changed = true;
          }
        } else if (value.isContainerNode()) {
          changed |= redact(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) changed |= redact(element);
    }
    return changed;
  }
}
