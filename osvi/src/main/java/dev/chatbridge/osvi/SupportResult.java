package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer to {@code POST /v1/chat/session/{id}/support}: {@code state} ({@code ok} in OSVI's example), the
 * command echoed back, the agent's {@code reply} after {@link SupportCommand#TELL} and the {@code active_human}
 * after {@link SupportCommand#TAKEOVER}.
 */
public final class SupportResult {
  private final String sessionId;
  private final String state;
  private final SupportCommand command;
  private final String reply;
  private final String activeHuman;
  private final Map<String, Object> additionalProperties;

  private SupportResult(JsonNode data, String requestedSessionId) {
    String id = Json.text(data, "session_id");
    this.sessionId = id == null || id.isEmpty() ? requestedSessionId : id;
    this.state = Json.text(data, "state");
    String c = Json.text(data, "command");
    this.command = c == null || c.isEmpty() ? null : SupportCommand.of(c);
    this.reply = Json.text(data, "reply");
    this.activeHuman = Json.text(data, "active_human");
    this.additionalProperties =
        Json.rest(data, Set.of("success", "session_id", "state", "command", "reply", "active_human"));
  }

  static SupportResult from(JsonNode data, String requestedSessionId) {
    return new SupportResult(data, requestedSessionId);
  }

  public String sessionId() {
    return sessionId;
  }

  /** The outcome word, e.g. {@code ok}. */
  public Optional<String> state() {
    return Optional.ofNullable(state);
  }

  /** The command OSVI ran; empty for a plain operator message. */
  public Optional<SupportCommand> command() {
    return Optional.ofNullable(command);
  }

  /** The agent's reply, after {@code tell}. */
  public Optional<String> reply() {
    return Optional.ofNullable(reply);
  }

  /** The operator now handling the session, after {@code takeover}. */
  public Optional<String> activeHuman() {
    return Optional.ofNullable(activeHuman);
  }

  /** Unmapped fields as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "SupportResult{sessionId=" + sessionId + ", command=" + command + ", state=" + state + "}";
  }
}
