package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's synchronous answer to {@code POST /v1/chat/inbound}. Always read {@link #sessionId()}: OSVI may have
 * answered on a new or resumed session rather than the one sent.
 */
public final class InboundReply {
  private final String sessionId;
  private final String reply;
  private final String state;
  private final SessionMode mode;
  private final boolean helpRequested;
  private final Map<String, Object> additionalProperties;

  private InboundReply(JsonNode data) {
    this.sessionId = OsviMapping.require(data, "session_id", "inbound message");
    String where = OsviProvider.NAME + " inbound reply";
    this.reply = Json.string(data, "reply", where);
    this.state = Json.text(data, "state");
    String m = Json.text(data, "mode");
    this.mode = m == null ? null : SessionMode.of(m);
    this.helpRequested = Boolean.TRUE.equals(Json.strictBool(data, "help_requested", where));
    this.additionalProperties =
        Json.rest(data, Set.of("success", "session_id", "reply", "state", "mode", "help_requested"));
  }

  static InboundReply from(JsonNode data) {
    return new InboundReply(data);
  }

  /** The session OSVI used, which may differ from the one sent. */
  public String sessionId() {
    return sessionId;
  }

  /**
   * The agent's reply text. Empty when the agent did not reply, e.g. when a human has taken the session over
   * ({@code mode} {@code support}); OSVI does not document that case, so no text is ever made up for it.
   */
  public Optional<String> reply() {
    return Optional.ofNullable(reply).filter(r -> !r.isEmpty());
  }

  /** The conversation-flow state after this turn, e.g. {@code default}. */
  public Optional<String> state() {
    return Optional.ofNullable(state);
  }

  /** {@code ai}, or {@code support} when a human operator is involved. */
  public Optional<SessionMode> mode() {
    return Optional.ofNullable(mode);
  }

  /** Whether the customer or the agent asked for a human. */
  public boolean helpRequested() {
    return helpRequested;
  }

  /** Unmapped fields as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "InboundReply{sessionId=" + sessionId + ", reply=" + reply + ", mode=" + mode + ", state=" + state + "}";
  }
}
