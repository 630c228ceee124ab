package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The answer to the legacy {@code POST /chat_sessions/{id}/close_session}: the AI-generated summary. */
public final class LegacyCloseResult {
  private final String sessionId;
  private final String summary;
  private final Map<String, Object> additionalProperties;

  private LegacyCloseResult(JsonNode data, String requestedSessionId) {
    String id = Json.text(data, "session_id");
    this.sessionId = id == null || id.isEmpty() ? requestedSessionId : id;
    this.summary = Json.text(data, "summary");
    this.additionalProperties = Json.rest(data, Set.of("success", "session_id", "summary"));
  }

  static LegacyCloseResult from(JsonNode data, String requestedSessionId) {
    return new LegacyCloseResult(data, requestedSessionId);
  }

  /** The closed session's id. */
  public String sessionId() {
    return sessionId;
  }

  /** OSVI's AI-generated summary of the conversation, when it sent one. */
  public Optional<String> summary() {
    return Optional.ofNullable(summary);
  }

  /** Unmapped fields as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "LegacyCloseResult{sessionId=" + sessionId + ", summary=" + summary + "}";
  }
}
