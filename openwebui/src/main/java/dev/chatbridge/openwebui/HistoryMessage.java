package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message of a chat's {@code history.messages} tree, as stored: its id (client-generated; any string),
 * {@code parentId}, {@code childrenIds}, role, content and the rest of its fields ({@link #fields()}), which the
 * web UI and newer servers fill ({@code model}, {@code done}, {@code sources}, {@code usage}, {@code output} …).
 */
public final class HistoryMessage {
  private final JsonNode node;
  private final String id;

  HistoryMessage(String key, JsonNode node) {
    this.node = node;
    String own = Json.id(node, "id");
    this.id = own == null || own.isEmpty() ? key : own;
  }

  JsonNode node() {
    return node;
  }

  /** The message id (equal to its key in {@code history.messages}). */
  public String id() {
    return id;
  }

  /** The parent's id; empty for a root message. */
  public Optional<String> parentId() {
    return Optional.ofNullable(Json.id(node, "parentId"));
  }

  /** Child ids in creation order: more than one where a reply was regenerated or a message edited. */
  public List<String> childrenIds() {
    return Json.strings(node, "childrenIds");
  }

  /** {@code user}, {@code assistant}, {@code system}, or whatever the server stored; empty string if none. */
  public String role() {
    String r = Json.text(node, "role");
    return r == null ? "" : r;
  }

  /**
   * The text: {@code content} when it is a non-empty string (or the text parts of a content-parts list), else
   * the {@code output_text} of the {@code type:"message"} items of {@code output} (newer servers may persist only
   * {@code output}).
   */
  public String text() {
    JsonNode content = node.get("content");
    StringBuilder sb = new StringBuilder();
    if (content != null && content.isTextual()) {
      sb.append(content.asText());
    } else if (content != null && content.isArray()) {
      for (JsonNode part : content) {
        if (part.isTextual()) sb.append(part.asText());
        else if ("text".equals(Json.text(part, "type"))) sb.append(Json.text(part, "text") == null ? "" : Json.text(part, "text"));
      }
    }
    if (sb.length() > 0) return sb.toString();
    for (JsonNode item : Json.list(node, "output")) {
      if (!"message".equals(Json.text(item, "type"))) continue;
      for (JsonNode part : Json.list(item, "content")) {
        if ("output_text".equals(Json.text(part, "type"))) {
          String t = Json.text(part, "text");
          if (t != null) sb.append(t);
        }
      }
    }
    return sb.toString();
  }

  /** The raw {@code content}: a String, a list of OpenAI content parts, or null. */
  public Object content() {
    return Json.toPlain(node.get("content"));
  }

  /** When it was written ({@code timestamp}, epoch seconds). */
  public Optional<Instant> timestamp() {
    return Optional.ofNullable(OpenWebUiMapping.epochSeconds(node, "timestamp"));
  }

  /** The model that wrote an assistant message. */
  public Optional<String> model() {
    return Optional.ofNullable(Json.text(node, "model"));
  }

  /** False while an assistant message is still being generated; empty when not recorded. */
  public Optional<Boolean> done() {
    return Optional.ofNullable(Json.bool(node, "done"));
  }

  /** The message's {@code sources} (citations), as plain Java values; empty when none. */
  public List<Object> sources() {
    return Json.plainList(node, "sources");
  }

  /** Every field of the stored message, as plain Java values. */
  public Map<String, Object> fields() {
    return Json.plainMap(node);
  }

  @Override
  public String toString() {
    return "HistoryMessage{id=" + id + ", role=" + role() + ", parentId=" + parentId().orElse(null) + "}";
  }
}
