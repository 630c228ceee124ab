package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a chat listing ({@code ChatTitleIdResponse}): id, title and epoch-second times. Newer servers add
 * {@code last_read_at}, {@code snippet} and {@code active}; those and any other field stay in {@link #extra()}.
 */
public final class ChatListItem {
  private static final Set<String> MAPPED = Set.of("id", "title", "created_at", "updated_at");

  private final String id;
  private final String title;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final Map<String, Object> extra;

  private ChatListItem(JsonNode node) {
    this.id = Json.id(node, "id");
    if (id == null || id.isEmpty()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " chat list entry has no 'id': " + node,
          String.valueOf(node));
    }
    this.title = Json.text(node, "title");
    this.createdAt = OpenWebUiMapping.epochSeconds(node, "created_at");
    this.updatedAt = OpenWebUiMapping.epochSeconds(node, "updated_at");
    this.extra = Json.rest(node, MAPPED);
  }

  static ChatListItem parse(JsonNode node) {
    return new ChatListItem(node);
  }

  /** The chat id, opaque. */
  public String id() {
    return id;
  }

  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  public Optional<Instant> updatedAt() {
    return Optional.ofNullable(updatedAt);
  }

  /** Unmapped fields ({@code active}, {@code last_read_at}, …) as plain Java values. */
  public Map<String, Object> extra() {
    return extra;
  }

  @Override
  public String toString() {
    return "ChatListItem{id=" + id + ", title=" + title + ", updatedAt=" + updatedAt + "}";
  }
}
