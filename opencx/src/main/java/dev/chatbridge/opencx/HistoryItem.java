package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One event of {@code GET /chat/sessions/{id}/history}:
 * {@code {id, created_at, event: {type, sender: {type, name}, content: {type, text}, attachments, context}}}.
 * Besides {@code message} events ({@code sender.type} {@code contact}, {@code ai} or {@code human_agent}) the
 * history holds {@code handoff}, {@code ai_resolved_issue}, {@code human_agent_comment},
 * {@code human_agent_joined}, {@code human_agent_takeover} and newer types; all are kept, see {@link #event()}.
 */
public final class HistoryItem {
  /** {@code event.type} of a chat message. */
  public static final String MESSAGE = "message";

  private final String id;
  private final Instant createdAt;
  private final String type;
  private final String senderType;
  private final String senderName;
  private final String text;
  private final String humanAgentId;
  private final List<Map<String, Object>> attachments;
  private final Map<String, Object> event;
  private final Map<String, Object> raw;

  private HistoryItem(JsonNode n) {
    JsonNode ev = Json.obj(n, "event");
    this.id = Json.id(n, "id");
    this.createdAt = Json.instant(n, "created_at");
    String where = OpenCxProvider.NAME + " history event " + id;
    this.type = Json.string(ev, "type", where);
    JsonNode sender = Json.obj(ev, "sender");
    this.senderType = Json.string(sender, "type", where + " sender");
    this.senderName = Json.text(sender, "name");
    JsonNode content = Json.obj(ev, "content");
    String t = Json.string(content, "text", where + " content");
    if (t == null) t = Json.string(ev, "text", where);
    this.text = t;
    this.humanAgentId = Json.id(ev, "human_agent_id");
    List<Map<String, Object>> files = new ArrayList<>();
    for (JsonNode a : Json.list(ev, "attachments")) if (a.isObject()) files.add(Json.plainMap(a));
    this.attachments = List.copyOf(files);
    this.event = Json.plainMap(ev);
    this.raw = Json.plainMap(n);
  }

  static HistoryItem from(JsonNode n) {
    return new HistoryItem(n);
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** {@code event.type}: {@code message}, {@code handoff}, {@code human_agent_joined}, …; null when absent. */
  public String type() {
    return type;
  }

  /** {@code event.sender.type}: {@code contact}, {@code ai}, {@code human_agent} or a newer value; may be null. */
  public String senderType() {
    return senderType;
  }

  public String senderName() {
    return senderName;
  }

  /** {@code event.content.text}, or null for events without text. */
  public String text() {
    return text;
  }

  /** {@code event.human_agent_id} of agent events, as a string; null when absent. */
  public String humanAgentId() {
    return humanAgentId;
  }

  /** {@code event.attachments}: {@code {id, name, size, type, url}} each, as plain Java maps. */
  public List<Map<String, Object>> attachments() {
    return attachments;
  }

  /** True for a chat message (as opposed to a handoff or status event). */
  public boolean isMessage() {
    return MESSAGE.equals(type);
  }

  /** True for a message written by the AI. */
  public boolean isFromAi() {
    return isMessage() && "ai".equals(senderType);
  }

  /** True for a message written by a human agent. */
  public boolean isFromHumanAgent() {
    return isMessage() && "human_agent".equals(senderType);
  }

  /** True for a message written by the contact (the end user). */
  public boolean isFromContact() {
    return isMessage() && "contact".equals(senderType);
  }

  /** The whole {@code event} object as plain Java values, unknown fields included. */
  public Map<String, Object> event() {
    return event;
  }

  /** The whole item as received, as plain Java values. */
  public Map<String, Object> raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "HistoryItem{id=" + id + ", type=" + type + ", sender=" + senderType + ", createdAt=" + createdAt + "}";
  }
}
