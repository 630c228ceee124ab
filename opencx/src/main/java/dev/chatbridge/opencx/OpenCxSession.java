package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An OpenCX chat session as {@code GET /chat/sessions/{id}}, the list and the filter return it. Lenient: the field
 * set has grown in every snapshot of the docs, so every field may be null and unknown ones stay in
 * {@link #additionalProperties()}.
 */
public final class OpenCxSession {
  private static final Set<String> MAPPED = Set.of("id", "status", "ai_closure_type", "sentiment", "channel",
      "ticket_number", "assist_mode", "created_at", "updated_at", "contact", "language", "assignee_id",
      "custom_data", "team", "handoff", "ticketing_system");

  private final String id;
  private final SessionStatus status;
  private final String aiClosureType;
  private final String sentiment;
  private final ChannelType channel;
  private final Long ticketNumber;
  private final Boolean assistMode;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final Contact contact;
  private final String language;
  private final String assigneeId;
  private final Map<String, Object> customData;
  private final Map<String, Object> team;
  private final Map<String, Object> handoff;
  private final Map<String, Object> ticketingSystem;
  private final Map<String, Object> additionalProperties;
  private final Map<String, Object> raw;

  private OpenCxSession(JsonNode n) {
    this.id = Json.id(n, "id");
    String s = Json.text(n, "status");
    this.status = s == null ? null : SessionStatus.of(s);
    this.aiClosureType = Json.text(n, "ai_closure_type");
    this.sentiment = Json.text(n, "sentiment");
    String channelType = Json.text(Json.obj(n, "channel"), "type");
    this.channel = channelType == null ? null : ChannelType.of(channelType);
    this.ticketNumber = Json.longValue(n, "ticket_number");
    this.assistMode = Json.bool(n, "assist_mode");
    this.createdAt = Json.instant(n, "created_at");
    this.updatedAt = Json.instant(n, "updated_at");
    this.contact = Contact.from(Json.obj(n, "contact"));
    this.language = Json.text(n, "language");
    this.assigneeId = Json.id(n, "assignee_id");
    this.customData = Json.plainMap(n, "custom_data");
    this.team = Json.plainMap(n, "team");
    this.handoff = Json.plainMap(n, "handoff");
    this.ticketingSystem = Json.plainMap(n, "ticketing_system");
    this.additionalProperties = Json.rest(n, MAPPED);
    this.raw = Json.plainMap(n);
  }

  /** The session; one without an {@code id} (required by the docs) is a {@link ResponseFormatException}. */
  static OpenCxSession from(JsonNode n) {
    if (Json.id(n, "id") == null) {
      throw new ResponseFormatException(OpenCxProvider.NAME + " sent a chat session without an 'id'",
          String.valueOf(n));
    }
    return new OpenCxSession(n);
  }

  public String id() {
    return id;
  }

  /** {@code open}, {@code closed_resolved}, {@code closed_unresolved} or a newer value. */
  public SessionStatus status() {
    return status;
  }

  /** {@code assumed_resolved}, {@code handed_off}, {@code resolved}, or null (e.g. while open). */
  public String aiClosureType() {
    return aiClosureType;
  }

  /** {@code angry}, {@code happy}, {@code neutral}, or null. */
  public String sentiment() {
    return sentiment;
  }

  public ChannelType channel() {
    return channel;
  }

  public Long ticketNumber() {
    return ticketNumber;
  }

  public Boolean assistMode() {
    return assistMode;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Contact contact() {
    return contact;
  }

  public String language() {
    return language;
  }

  /** The assigned human agent's id (a string here; agent ids elsewhere are numbers). */
  public String assigneeId() {
    return assigneeId;
  }

  /** Session-level custom data. */
  public Map<String, Object> customData() {
    return customData;
  }

  /** {@code {id, name, description}}, empty when absent. */
  public Map<String, Object> team() {
    return team;
  }

  /** {@code {summary, sentiment}}, present only when the session was handed to a human; empty otherwise. */
  public Map<String, Object> handoff() {
    return handoff;
  }

  /** True when the server reports a handoff to a human for this session. */
  public boolean isHandedOff() {
    return !handoff.isEmpty() || "handed_off".equals(aiClosureType);
  }

  /** {@code {name, external_id, id_type}}, empty when absent. */
  public Map<String, Object> ticketingSystem() {
    return ticketingSystem;
  }

  /** Fields this class does not map (e.g. {@code summary}), as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  /** The whole object as received, as plain Java values. */
  public Map<String, Object> raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "OpenCxSession{id=" + id + ", status=" + status + ", channel=" + channel + ", createdAt=" + createdAt
        + "}";
  }
}
