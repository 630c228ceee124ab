package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.List;

/** One page of {@code get-user-chat-sessions}: sessions newest-updated first, and whether more follow. */
public final class ChatSessionPage {
  private final List<ChatSessionListItem> sessions;
  private final boolean hasMore;

  private ChatSessionPage(List<ChatSessionListItem> sessions, boolean hasMore) {
    this.sessions = List.copyOf(sessions);
    this.hasMore = hasMore;
  }

  static ChatSessionPage from(JsonNode node) {
    List<ChatSessionListItem> items = new ArrayList<>();
    for (JsonNode s : Json.list(node, "sessions")) {
      ChatSessionListItem item = ChatSessionListItem.from(s);
      if (item != null) items.add(item);
    }
    return new ChatSessionPage(items, Boolean.TRUE.equals(Json.bool(node, "has_more")));
  }

  public List<ChatSessionListItem> sessions() {
    return sessions;
  }

  public boolean hasMore() {
    return hasMore;
  }

  /** The {@code before} cursor of the next page (the last session's {@code time_updated}); null on the last page. */
  public String nextBefore() {
    if (!hasMore || sessions.isEmpty()) return null;
    return sessions.get(sessions.size() - 1).timeUpdated();
  }

  @Override
  public String toString() {
    return "ChatSessionPage{" + sessions.size() + " sessions, hasMore=" + hasMore + "}";
  }
}
