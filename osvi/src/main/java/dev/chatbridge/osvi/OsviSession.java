package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Chat v1 session, as returned by {@code POST /v1/chat/session} and {@code GET /v1/chat/session/active}. There
 * is at most one active session per customer and agent. Fields this class does not map are kept in
 * {@link #additionalProperties()}; unknown {@link SessionMode} and {@link SessionStatus} values are kept verbatim.
 */
public final class OsviSession {
  private final String id;
  private final Long chatAgentId;
  private final Long accountId;
  private final String customerId;
  private final SessionMode mode;
  private final boolean helpRequested;
  private final SessionStatus status;
  private final String currentState;
  private final Metadata metadata;
  private final String activeHuman;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final Map<String, Object> additionalProperties;

  private OsviSession(JsonNode data) {
    this.id = OsviMapping.require(data, "id", "chat session");
    this.chatAgentId = Json.longValue(data, "chat_agent_id");
    this.accountId = Json.longValue(data, "account_id");
    this.customerId = Json.text(data, "customer_id");
    String m = Json.text(data, "mode");
    this.mode = m == null ? null : SessionMode.of(m);
    this.helpRequested = Boolean.TRUE.equals(Json.bool(data, "help_requested"));
    String s = Json.text(data, "status");
    this.status = s == null ? null : SessionStatus.of(s);
    this.currentState = Json.text(data, "current_state");
    this.metadata = new Metadata(Json.obj(data, "metadata"));
    this.activeHuman = Json.text(data, "active_human");
    this.createdAt = Json.instant(data, "created_at");
    this.updatedAt = Json.instant(data, "updated_at");
    this.additionalProperties = Json.rest(data, Set.of("success", "id", "chat_agent_id", "account_id", "customer_id",
        "mode", "help_requested", "status", "current_state", "metadata", "active_human", "created_at", "updated_at"));
  }

  static OsviSession from(JsonNode data) {
    return new OsviSession(data);
  }

  /** The session id (a UUID string), for the support and inject-context calls and for {@code session_id}. */
  public String id() {
    return id;
  }

  /** OSVI's internal numeric id of the agent. */
  public Optional<Long> chatAgentId() {
    return Optional.ofNullable(chatAgentId);
  }

  /** OSVI's internal numeric id of the account. */
  public Optional<Long> accountId() {
    return Optional.ofNullable(accountId);
  }

  /** Your stable customer key, e.g. an E.164 phone number. */
  public Optional<String> customerId() {
    return Optional.ofNullable(customerId);
  }

  /** {@code ai} or {@code support} (a human operator is involved). */
  public Optional<SessionMode> mode() {
    return Optional.ofNullable(mode);
  }

  /** Whether the customer or the agent asked for a human. */
  public boolean helpRequested() {
    return helpRequested;
  }

  /** {@code active}, {@code dormant} or {@code closed}. */
  public Optional<SessionStatus> status() {
    return Optional.ofNullable(status);
  }

  /** The conversation-flow state, e.g. {@code default}. */
  public Optional<String> currentState() {
    return Optional.ofNullable(currentState);
  }

  /** Input fields, state fields and context given to the agent. */
  public Metadata metadata() {
    return metadata;
  }

  /** The operator handling the session in support mode (an email in OSVI's example). */
  public Optional<String> activeHuman() {
    return Optional.ofNullable(activeHuman);
  }

  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  public Optional<Instant> updatedAt() {
    return Optional.ofNullable(updatedAt);
  }

  /** Unmapped fields as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "OsviSession{id=" + id + ", customerId=" + customerId + ", mode=" + mode + ", status=" + status + "}";
  }

  /** A v1 session's {@code metadata}: what the agent sees at runtime. */
  public static final class Metadata {
    private final Map<String, Object> inputFields;
    private final Map<String, Object> stateFields;
    private final List<String> context;
    private final Map<String, Object> additionalProperties;

    Metadata(JsonNode node) {
      this.inputFields = Json.plainMap(node, "input_fields");
      this.stateFields = Json.plainMap(node, "state_fields");
      this.context = List.copyOf(Json.strings(node, "context"));
      this.additionalProperties = Json.rest(node, Set.of("input_fields", "state_fields", "context"));
    }

    /** The {@code input_fields} given at creation, as plain Java values. */
    public Map<String, Object> inputFields() {
      return inputFields;
    }

    /** Fields the conversation flow has filled in, as plain Java values. */
    public Map<String, Object> stateFields() {
      return stateFields;
    }

    /** The context bucket: OSVI keeps the last five non-empty entries. */
    public List<String> context() {
      return context;
    }

    /** Unmapped fields as plain Java values. */
    public Map<String, Object> additionalProperties() {
      return additionalProperties;
    }

    @Override
    public String toString() {
      return "Metadata{inputFields=" + inputFields.keySet() + ", stateFields=" + stateFields.keySet() + ", context="
          + context.size() + " entries}";
    }
  }
}
