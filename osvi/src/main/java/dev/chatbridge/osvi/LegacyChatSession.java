package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A session opened with the legacy {@code POST /chat_sessions}: its id, the agent's name, when it started and the
 * agent's welcome message. Fields this class does not map are kept in {@link #additionalProperties()}.
 *
 * <p>{@code started_at} comes without a time zone ({@code 2025-12-31T11:40:25.690486}); it is read as UTC, an
 * assumption the OSVI docs neither confirm nor deny.
 */
public final class LegacyChatSession {
  private final String sessionId;
  private final String agentName;
  private final Instant startedAt;
  private final String welcomeMessage;
  private final Map<String, Object> additionalProperties;

  private LegacyChatSession(JsonNode data) {
    this.sessionId = OsviMapping.require(data, "session_id", "start chat session");
    this.agentName = Json.text(data, "agent_name");
    this.startedAt = Json.instant(data, "started_at");
    this.welcomeMessage = Json.string(data, "welcome_message", OsviProvider.NAME + " legacy chat session");
    // an unreadable started_at stays reachable in additionalProperties
    this.additionalProperties = Json.rest(data, startedAt != null
        ? Set.of("success", "session_id", "agent_name", "started_at", "welcome_message")
        : Set.of("success", "session_id", "agent_name", "welcome_message"));
  }

  static LegacyChatSession from(JsonNode data) {
    return new LegacyChatSession(data);
  }

  /** The session id (a UUID string), passed as {@code chat_session_id} on every later call. */
  public String sessionId() {
    return sessionId;
  }

  /** The agent's display name, e.g. {@code Support Agent}. */
  public Optional<String> agentName() {
    return Optional.ofNullable(agentName);
  }

  /** When the session started; a zone-less timestamp is read as UTC. */
  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  /** The agent's opening message, when it has one. */
  public Optional<String> welcomeMessage() {
    return Optional.ofNullable(welcomeMessage);
  }

  /** Unmapped fields as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "LegacyChatSession{sessionId=" + sessionId + ", agentName=" + agentName + ", startedAt=" + startedAt + "}";
  }
}
