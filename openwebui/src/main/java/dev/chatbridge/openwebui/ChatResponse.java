package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stored chat ({@code ChatResponse}): owner, title, flags, epoch-second times and the whole {@code chat} JSON,
 * kept as plain Java values ({@link #chat()}) with typed access to its message tree ({@link #history()}). Fields
 * this class does not name (e.g. {@code tasks}, {@code context_usage}) are in {@link #extra()}.
 */
public final class ChatResponse {
  private static final Set<String> MAPPED = Set.of("id", "user_id", "title", "chat", "created_at", "updated_at",
      "share_id", "archived", "pinned", "meta", "folder_id", "current_message_id");

  private final JsonNode node;
  private final String id;
  private ChatHistory history; // built on first use: a send's write-back answer never needs it

  private ChatResponse(JsonNode node) {
    this.node = node;
    this.id = Json.id(node, "id");
    if (id == null || id.isEmpty()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " chat response has no 'id'", String.valueOf(node));
    }
  }

  static ChatResponse parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ResponseFormatException(
          OpenWebUiProvider.NAME + " answered with " + node + " where a chat was expected", String.valueOf(node));
    }
    return new ChatResponse(node);
  }

  /** The stored {@code chat} object (never null; empty when the server sent none). */
  JsonNode chatNode() {
    JsonNode chat = Json.obj(node, "chat");
    return chat == null ? Json.object() : chat;
  }

  JsonNode node() {
    return node;
  }

  /** The chat id (a server UUID, but treat it as opaque). */
  public String id() {
    return id;
  }

  /** The owner's user id. */
  public Optional<String> userId() {
    return Optional.ofNullable(Json.text(node, "user_id"));
  }

  /** The title; the server uses "New Chat" when {@code chat.title} is missing. */
  public String title() {
    String t = Json.text(node, "title");
    return t == null ? "" : t;
  }

  /** The whole stored {@code chat} JSON as plain Java values: title, models, params, history, messages … */
  public Map<String, Object> chat() {
    return Json.plainMap(chatNode());
  }

  /** The message tree in {@code chat.history}. */
  public ChatHistory history() {
    ChatHistory h = history;
    if (h == null) {
      h = new ChatHistory(Json.obj(chatNode(), "history"));
      history = h; // immutable, so a racing second build is harmless
    }
    return h;
  }

  /** {@code created_at}, epoch seconds on the wire. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(OpenWebUiMapping.epochSeconds(node, "created_at"));
  }

  /** {@code updated_at}, epoch seconds on the wire. */
  public Optional<Instant> updatedAt() {
    return Optional.ofNullable(OpenWebUiMapping.epochSeconds(node, "updated_at"));
  }

  /** {@code chat.timestamp}, which the web UI writes in milliseconds. */
  public Optional<Instant> chatTimestamp() {
    return Optional.ofNullable(OpenWebUiMapping.epochMillis(chatNode(), "timestamp"));
  }

  /** The token of the active share link ({@code /s/{shareId}}), when shared. */
  public Optional<String> shareId() {
    return Optional.ofNullable(Json.text(node, "share_id"));
  }

  public boolean archived() {
    return Boolean.TRUE.equals(Json.bool(node, "archived"));
  }

  public boolean pinned() {
    return Boolean.TRUE.equals(Json.bool(node, "pinned"));
  }

  public Optional<String> folderId() {
    return Optional.ofNullable(Json.text(node, "folder_id"));
  }

  /** {@code meta}: {@code tags} and, on forks, {@code forked_from}; plain Java values. */
  public Map<String, Object> meta() {
    return Json.plainMap(node, "meta");
  }

  /** Newer servers (v0.11) report the leaf of the active branch here too. */
  public Optional<String> currentMessageId() {
    return Optional.ofNullable(Json.text(node, "current_message_id"));
  }

  /** Every other top-level field, as plain Java values. */
  public Map<String, Object> extra() {
    return Json.rest(node, MAPPED);
  }

  @Override
  public String toString() {
    return "ChatResponse{id=" + id + ", title=" + title() + ", " + history() + "}";
  }
}
