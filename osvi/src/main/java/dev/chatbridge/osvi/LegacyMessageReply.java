package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's synchronous answer to the legacy {@code POST /chat_messages/send_message}. The elements of
 * {@code tool_calls} and {@code tool_results} are undocumented, so they are kept as plain Java values.
 */
public final class LegacyMessageReply {
  private final String sessionId;
  private final String response;
  private final List<Object> toolCalls;
  private final List<Object> toolResults;
  private final String currentState;
  private final Map<String, Object> additionalProperties;

  private LegacyMessageReply(JsonNode data, String requestedSessionId) {
    String id = Json.text(data, "session_id");
    this.sessionId = id == null || id.isEmpty() ? requestedSessionId : id;
    this.response = Json.string(data, "response", OsviProvider.NAME + " legacy message reply");
    this.toolCalls = Json.plainList(data, "tool_calls");
    this.toolResults = Json.plainList(data, "tool_results");
    this.currentState = Json.text(data, "current_state");
    this.additionalProperties = Json.rest(
        data, Set.of("success", "session_id", "response", "tool_calls", "tool_results", "current_state"));
  }

  static LegacyMessageReply from(JsonNode data, String requestedSessionId) {
    return new LegacyMessageReply(data, requestedSessionId);
  }

  /** The session the reply belongs to (the one sent when OSVI omits it). */
  public String sessionId() {
    return sessionId;
  }

  /** The agent's text; OSVI may answer with an empty string, kept as is. Null only when the field was absent. */
  public String response() {
    return response;
  }

  /** Tool calls the agent made in this turn, as plain Java values. */
  public List<Object> toolCalls() {
    return toolCalls;
  }

  /** Results of those tool calls, as plain Java values. */
  public List<Object> toolResults() {
    return toolResults;
  }

  /** The conversation-flow state after this turn, when OSVI reports one. */
  public Optional<String> currentState() {
    return Optional.ofNullable(currentState);
  }

  /** Unmapped fields as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "LegacyMessageReply{sessionId=" + sessionId + ", response=" + response + ", currentState=" + currentState
        + "}";
  }
}
