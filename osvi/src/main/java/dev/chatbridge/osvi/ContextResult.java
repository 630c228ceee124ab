package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The answer to {@code POST /v1/chat/session/{id}/inject_context}: the session's whole context bucket. */
public final class ContextResult {
  private final String sessionId;
  private final List<String> context;
  private final Map<String, Object> additionalProperties;

  private ContextResult(JsonNode data, String requestedSessionId) {
    String id = Json.text(data, "session_id");
    this.sessionId = id == null || id.isEmpty() ? requestedSessionId : id;
    this.context = List.copyOf(Json.strings(data, "context"));
    this.additionalProperties = Json.rest(data, Set.of("success", "session_id", "context"));
  }

  static ContextResult from(JsonNode data, String requestedSessionId) {
    return new ContextResult(data, requestedSessionId);
  }

  public String sessionId() {
    return sessionId;
  }

  /** Every context entry the session now holds, oldest first (OSVI keeps the last five). */
  public List<String> context() {
    return context;
  }

  /** Unmapped fields as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "ContextResult{sessionId=" + sessionId + ", context=" + context + "}";
  }
}
