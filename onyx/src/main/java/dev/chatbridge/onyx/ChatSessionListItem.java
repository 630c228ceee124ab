package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One session as listed by {@code get-user-chat-sessions} (Onyx's {@code ChatSessionDetails}). The times are
 * kept as the server wrote them, because {@link #timeUpdated()} is the cursor of the next page.
 */
public final class ChatSessionListItem {
  private static final Set<String> MAPPED =
      Set.of("id", "name", "persona_id", "time_created", "time_updated", "shared_status");

  private final String id;
  private final String name;
  private final Integer personaId;
  private final String timeCreated;
  private final String timeUpdated;
  private final String sharedStatus;
  private final Map<String, Object> additionalProperties;

  private ChatSessionListItem(JsonNode n, String id) {
    this.id = id;
    this.name = Json.text(n, "name");
    this.personaId = Json.integer(n, "persona_id");
    this.timeCreated = Json.text(n, "time_created");
    this.timeUpdated = Json.text(n, "time_updated");
    this.sharedStatus = Json.text(n, "shared_status");
    this.additionalProperties = Json.rest(n, MAPPED);
  }

  /** Null when the entry has no id. */
  static ChatSessionListItem from(JsonNode node) {
    String id = Json.text(node, "id");
    return id == null ? null : new ChatSessionListItem(node, id);
  }

  public String id() {
    return id;
  }

  /** The title; null when the session has none. */
  public String name() {
    return name;
  }

  public Integer personaId() {
    return personaId;
  }

  /** As sent, e.g. {@code 2026-08-20T10:15:30.123456+00:00}. */
  public String timeCreated() {
    return timeCreated;
  }

  /** As sent; pass the last one of a page as {@code before} for the next page. */
  public String timeUpdated() {
    return timeUpdated;
  }

  public Instant timeCreatedInstant() {
    return Json.parseInstant(timeCreated);
  }

  public Instant timeUpdatedInstant() {
    return Json.parseInstant(timeUpdated);
  }

  /** {@code public} or {@code private}. */
  public String sharedStatus() {
    return sharedStatus;
  }

  /** {@code current_alternate_model}, overrides and other unmodelled fields, as plain Java. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "ChatSessionListItem{" + id + ", " + name + ", updated " + timeUpdated + "}";
  }
}
