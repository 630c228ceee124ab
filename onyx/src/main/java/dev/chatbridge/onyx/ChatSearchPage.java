package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One page of {@code GET /chat/search}: matching sessions grouped by age ({@code Today}, {@code Yesterday},
 * {@code This Week}, {@code This Month}, {@code Older}).
 */
public final class ChatSearchPage {
  private final List<Group> groups;
  private final boolean hasMore;
  private final Integer nextPage;
  private final Map<String, Object> additionalProperties;

  private ChatSearchPage(JsonNode n) {
    List<Group> gs = new ArrayList<>();
    for (JsonNode g : Json.list(n, "groups")) gs.add(new Group(g));
    this.groups = List.copyOf(gs);
    this.hasMore = Boolean.TRUE.equals(Json.bool(n, "has_more"));
    this.nextPage = Json.integer(n, "next_page");
    this.additionalProperties = Json.rest(n, Set.of("groups", "has_more", "next_page"));
  }

  static ChatSearchPage from(JsonNode node) {
    return new ChatSearchPage(node);
  }

  public List<Group> groups() {
    return groups;
  }

  public boolean hasMore() {
    return hasMore;
  }

  /** The {@code page} to ask for next; null on the last page. */
  public Integer nextPage() {
    return nextPage;
  }

  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  /** Every session of every group, in order. */
  public List<ChatSessionListItem> chats() {
    List<ChatSessionListItem> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.chats()));
    return all;
  }

  @Override
  public String toString() {
    return "ChatSearchPage{" + groups.size() + " groups, hasMore=" + hasMore + "}";
  }

  /** Sessions of one age bracket. */
  public static final class Group {
    private final String title;
    private final List<ChatSessionListItem> chats;

    private Group(JsonNode g) {
      this.title = Json.text(g, "title");
      List<ChatSessionListItem> cs = new ArrayList<>();
      for (JsonNode c : Json.list(g, "chats")) {
        ChatSessionListItem item = ChatSessionListItem.from(c);
        if (item != null) cs.add(item);
      }
      this.chats = List.copyOf(cs);
    }

    /** {@code Today}, {@code Yesterday}, {@code This Week}, {@code This Month} or {@code Older}. */
    public String title() {
      return title;
    }

    public List<ChatSessionListItem> chats() {
      return chats;
    }
  }
}
