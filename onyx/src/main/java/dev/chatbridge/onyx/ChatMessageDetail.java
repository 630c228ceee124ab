package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.Values;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One message of a session tree ({@code ChatMessageDetail}). Ids are integers; {@link #parentMessage()} and
 * {@link #latestChildMessage()} link the tree. Unmodelled fields stay in {@link #additionalProperties()}.
 */
public final class ChatMessageDetail {
  static final Set<String> MAPPED = Set.of("chat_session_id", "message_id", "parent_message", "latest_child_message",
      "message", "reasoning_tokens", "message_type", "context_docs", "citations", "time_sent", "files", "error",
      "current_feedback");

  /** The root of every session tree. */
  public static final String TYPE_SYSTEM = "system";
  public static final String TYPE_USER = "user";
  public static final String TYPE_ASSISTANT = "assistant";
  public static final String TYPE_TOOL_CALL = "tool_call";
  public static final String TYPE_TOOL_CALL_RESPONSE = "tool_call_response";

  private final String chatSessionId;
  private final int messageId;
  private final Integer parentMessage;
  private final Integer latestChildMessage;
  private final String message;
  private final String reasoningTokens;
  private final String messageType;
  private final List<Object> contextDocs;
  private final Map<String, String> citations;
  private final Instant timeSent;
  private final List<Object> files;
  private final String error;
  private final String currentFeedback;
  private final Map<String, Object> additionalProperties;

  private ChatMessageDetail(JsonNode n, int messageId) {
    this.chatSessionId = Json.text(n, "chat_session_id");
    this.messageId = messageId;
    this.parentMessage = Json.integer(n, "parent_message");
    this.latestChildMessage = Json.integer(n, "latest_child_message");
    String text = Json.string(n, "message", OnyxProvider.NAME + " chat message " + messageId);
    this.message = text == null ? "" : text;
    this.reasoningTokens = Json.text(n, "reasoning_tokens");
    String type = Json.string(n, "message_type", OnyxProvider.NAME + " chat message " + messageId);
    this.messageType = type == null ? "" : type;
    this.contextDocs = n.hasNonNull("context_docs") ? Json.plainList(n, "context_docs") : null;
    this.citations = citationsOf(Json.obj(n, "citations"));
    this.timeSent = Json.instant(n, "time_sent");
    this.files = Json.plainList(n, "files");
    this.error = Json.text(n, "error");
    this.currentFeedback = Json.text(n, "current_feedback");
    this.additionalProperties = Json.rest(n, MAPPED);
  }

  /** Reads one message; null when it has no integer {@code message_id}. */
  static ChatMessageDetail from(JsonNode node) {
    Integer id = Json.integer(node, "message_id");
    return id == null ? null : new ChatMessageDetail(node, id);
  }

  private static Map<String, String> citationsOf(JsonNode obj) {
    if (obj == null) return Map.of();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) out.put(e.getKey(), e.getValue().asText());
    }
    return Collections.unmodifiableMap(out);
  }

  public String chatSessionId() {
    return chatSessionId;
  }

  public int messageId() {
    return messageId;
  }

  /** The parent's id; null for the root {@code system} message. */
  public Integer parentMessage() {
    return parentMessage;
  }

  /** The child on the current mainline; null for a leaf. */
  public Integer latestChildMessage() {
    return latestChildMessage;
  }

  /** The text; empty for the root. */
  public String message() {
    return message;
  }

  public String reasoningTokens() {
    return reasoningTokens;
  }

  /**
   * {@code system}, {@code user}, {@code assistant}, {@code tool_call}, {@code tool_call_response}, or a newer value
   * (kept verbatim).
   */
  public String messageType() {
    return messageType;
  }

  /** The retrieved documents ({@code SavedSearchDoc}) as plain maps; null when the server sent none. */
  public List<Object> contextDocs() {
    return contextDocs;
  }

  /** Citation number (as the JSON key string) → document id. */
  public Map<String, String> citations() {
    return citations;
  }

  public Instant timeSent() {
    return timeSent;
  }

  /** File descriptors as plain maps. */
  public List<Object> files() {
    return files;
  }

  public String error() {
    return error;
  }

  /** {@code like}, {@code dislike} or null. */
  public String currentFeedback() {
    return currentFeedback;
  }

  /** Fields this class does not model ({@code model_display_name}, {@code request_params}, …), plain Java. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "ChatMessageDetail{" + messageId + " " + messageType + ", parent=" + parentMessage + ", latestChild="
        + latestChildMessage + ", " + Values.abbreviate(message, 60) + "}";
  }
}
