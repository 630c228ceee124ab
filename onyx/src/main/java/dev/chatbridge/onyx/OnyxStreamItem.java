package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One line of the NDJSON stream of {@code send-chat-message}. The kinds are told apart by their keys, in this
 * order: {@link SessionCreated}, {@link MessageIds}, {@link MultiModelMessageIds}, {@link Packet},
 * {@link StreamingError}; a line with none of those keys is an {@link UnknownLine}.
 */
public sealed interface OnyxStreamItem
    permits OnyxStreamItem.SessionCreated,
        OnyxStreamItem.MessageIds,
        OnyxStreamItem.MultiModelMessageIds,
        Packet,
        StreamingError,
        OnyxStreamItem.UnknownLine {

  /** The line as the server sent it (JSON text). */
  String raw();

  /** {@code {chat_session_id, incognito}}: first line, only when the request created the session. */
  final class SessionCreated implements OnyxStreamItem {
    private final String chatSessionId;
    private final boolean incognito;
    private final JsonNode line; // raw() rendered on demand: the stream's hot path never asks

    SessionCreated(String chatSessionId, boolean incognito, JsonNode line) {
      this.chatSessionId = chatSessionId;
      this.incognito = incognito;
      this.line = line;
    }

    public String chatSessionId() {
      return chatSessionId;
    }

    public boolean incognito() {
      return incognito;
    }

    @Override
    public String raw() {
      return line.toString();
    }

    @Override
    public String toString() {
      return "SessionCreated{" + chatSessionId + "}";
    }
  }

  /**
   * {@code {user_message_id, reserved_assistant_message_id}}: the ids of the stored user message and of the
   * assistant reply being generated (usable for feedback and stop at once).
   */
  final class MessageIds implements OnyxStreamItem {
    private final Integer userMessageId;
    private final Integer reservedAssistantMessageId;
    private final JsonNode line;

    MessageIds(Integer userMessageId, Integer reservedAssistantMessageId, JsonNode line) {
      this.userMessageId = userMessageId;
      this.reservedAssistantMessageId = reservedAssistantMessageId;
      this.line = line;
    }

    /** Null when the server did not store a new user message. */
    public Integer userMessageId() {
      return userMessageId;
    }

    public Integer reservedAssistantMessageId() {
      return reservedAssistantMessageId;
    }

    @Override
    public String raw() {
      return line.toString();
    }

    @Override
    public String toString() {
      return "MessageIds{user=" + userMessageId + ", assistant=" + reservedAssistantMessageId + "}";
    }
  }

  /** {@code {user_message_id, responses: [{message_id, model_name}]}}: the ids line of a multi-model run. */
  final class MultiModelMessageIds implements OnyxStreamItem {
    private final Integer userMessageId;
    private final List<Map<String, Object>> responses;
    private final JsonNode line;

    MultiModelMessageIds(Integer userMessageId, List<Map<String, Object>> responses, JsonNode line) {
      this.userMessageId = userMessageId;
      this.responses = List.copyOf(responses);
      this.line = line;
    }

    public Integer userMessageId() {
      return userMessageId;
    }

    /** One {@code {message_id, model_name}} per model, in model-index order, as plain Java values. */
    public List<Map<String, Object>> responses() {
      return responses;
    }

    /** The assistant message id of model {@code modelIndex}, or null. */
    public Integer messageId(int modelIndex) {
      if (modelIndex < 0 || modelIndex >= responses.size()) return null;
      Object id = responses.get(modelIndex).get("message_id");
      return id instanceof Number ? ((Number) id).intValue() : null;
    }

    @Override
    public String raw() {
      return line.toString();
    }

    @Override
    public String toString() {
      return "MultiModelMessageIds{user=" + userMessageId + ", responses=" + responses + "}";
    }
  }

  /** A line with none of the known keys; kept as sent. */
  final class UnknownLine implements OnyxStreamItem {
    private final String raw;

    UnknownLine(String raw) {
      this.raw = raw;
    }

    @Override
    public String raw() {
      return raw;
    }

    @Override
    public String toString() {
      return "UnknownLine{" + raw + "}";
    }
  }
}
