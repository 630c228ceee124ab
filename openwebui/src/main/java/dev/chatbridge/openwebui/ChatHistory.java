package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A chat's message tree ({@code chat.history}): every message by id, and {@link #currentId()}, the leaf of the
 * branch the web UI shows. The visible conversation is {@link #currentBranch()}, found by walking {@code parentId}
 * up from the leaf, as the server does.
 */
public final class ChatHistory {
  private final Map<String, HistoryMessage> messages;
  private final String currentId;

  ChatHistory(JsonNode history) {
    Map<String, HistoryMessage> map = new LinkedHashMap<>();
    JsonNode msgs = Json.obj(history, "messages");
    if (msgs != null) {
      msgs.properties().forEach(e -> {
        if (e.getValue().isObject()) map.put(e.getKey(), new HistoryMessage(e.getKey(), e.getValue()));
      });
    }
    this.messages = Collections.unmodifiableMap(map);
    this.currentId = Json.id(history, "currentId");
  }

  /** Every message of the tree, by id, in stored order. */
  public Map<String, HistoryMessage> messages() {
    return messages;
  }

  /** The leaf of the visible branch; empty for an empty chat. */
  public Optional<String> currentId() {
    return Optional.ofNullable(currentId);
  }

  public Optional<HistoryMessage> message(String id) {
    return Optional.ofNullable(messages.get(id));
  }

  /** The visible conversation, root first. */
  public List<HistoryMessage> currentBranch() {
    return currentId == null ? List.of() : branchTo(currentId);
  }

  /**
   * The messages from the root down to {@code leafId}, root first; empty when {@code leafId} is not in the tree.
   * A broken chain (a parent that is missing, or a cycle) ends the walk there.
   */
  public List<HistoryMessage> branchTo(String leafId) {
    List<HistoryMessage> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String id = leafId;
    while (id != null && seen.add(id)) {
      HistoryMessage m = messages.get(id);
      if (m == null) break;
      path.add(m);
      id = m.parentId().orElse(null);
    }
    Collections.reverse(path);
    return Collections.unmodifiableList(path);
  }

  /** The direct children of {@code id}, in {@code childrenIds} order (messages not in the tree skipped). */
  public List<HistoryMessage> children(String id) {
    HistoryMessage parent = messages.get(id);
    if (parent == null) return List.of();
    List<HistoryMessage> out = new ArrayList<>();
    for (String c : parent.childrenIds()) if (messages.containsKey(c)) out.add(messages.get(c));
    return out;
  }

  @Override
  public String toString() {
    return "ChatHistory{" + messages.size() + " messages, currentId=" + currentId + "}";
  }
}
