package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session with every message of every branch ({@code ChatSessionDetailResponse}). {@link #messages()} is in the
 * server's order, which is not chronological; {@link #mainline()} gives the current conversation.
 */
public final class ChatSessionDetail {
  private static final Set<String> MAPPED = Set.of("chat_session_id", "description", "persona_id", "persona_name",
      "time_created", "shared_status", "deleted", "incognito", "messages", "packets", "current_run");

  private final String chatSessionId;
  private final String description;
  private final Integer personaId;
  private final String personaName;
  private final Instant timeCreated;
  private final String sharedStatus;
  private final boolean deleted;
  private final boolean incognito;
  private final List<ChatMessageDetail> messages;
  private final List<List<Packet>> packets;
  private final Map<String, Object> currentRun;
  private final Map<String, Object> additionalProperties;

  private ChatSessionDetail(JsonNode n, String id) {
    this.chatSessionId = id;
    this.description = Json.text(n, "description");
    this.personaId = Json.integer(n, "persona_id");
    this.personaName = Json.text(n, "persona_name");
    this.timeCreated = Json.instant(n, "time_created");
    this.sharedStatus = Json.text(n, "shared_status");
    this.deleted = Boolean.TRUE.equals(Json.bool(n, "deleted"));
    this.incognito = Boolean.TRUE.equals(Json.bool(n, "incognito"));
    List<ChatMessageDetail> ms = new ArrayList<>();
    for (JsonNode m : Json.list(n, "messages")) {
      ChatMessageDetail d = ChatMessageDetail.from(m);
      if (d != null) ms.add(d);
    }
    this.messages = List.copyOf(ms);
    List<List<Packet>> ps = new ArrayList<>();
    for (JsonNode replay : Json.list(n, "packets")) {
      List<Packet> one = new ArrayList<>();
      if (replay.isArray()) replay.forEach(p -> one.add(Packet.from(p)));
      ps.add(List.copyOf(one));
    }
    this.packets = List.copyOf(ps);
    this.currentRun = Json.obj(n, "current_run") == null ? null : Json.plainMap(n, "current_run");
    this.additionalProperties = Json.rest(n, MAPPED);
  }

  static ChatSessionDetail from(JsonNode node) {
    String id = Json.text(node, "chat_session_id");
    if (id == null) {
      throw new ResponseFormatException(OnyxProvider.NAME + " get-chat-session answer has no chat_session_id",
          String.valueOf(node));
    }
    return new ChatSessionDetail(node, id);
  }

  public String chatSessionId() {
    return chatSessionId;
  }

  /** The title; null when the session has none yet. */
  public String description() {
    return description;
  }

  public Integer personaId() {
    return personaId;
  }

  public String personaName() {
    return personaName;
  }

  public Instant timeCreated() {
    return timeCreated;
  }

  /** {@code public} or {@code private}. */
  public String sharedStatus() {
    return sharedStatus;
  }

  public boolean deleted() {
    return deleted;
  }

  public boolean incognito() {
    return incognito;
  }

  /** Every message of every branch, root included, in the server's (non-chronological) order. */
  public List<ChatMessageDetail> messages() {
    return messages;
  }

  /** One replay list per assistant message, each ending with a {@code stop} packet. */
  public List<List<Packet>> packets() {
    return packets;
  }

  /** {@code {run_id}} while a reply is being generated, else null. */
  public Map<String, Object> currentRun() {
    return currentRun;
  }

  /** Fields this class does not model, as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  /** The message with this id, or null. */
  public ChatMessageDetail message(int messageId) {
    for (ChatMessageDetail m : messages) if (m.messageId() == messageId) return m;
    return null;
  }

  /** The root {@code system} message (no parent), or null when the server sent none. */
  public ChatMessageDetail root() {
    for (ChatMessageDetail m : messages) if (m.parentMessage() == null) return m;
    for (ChatMessageDetail m : messages) if (message(m.parentMessage()) == null) return m;
    return null;
  }

  /**
   * The current conversation: from the root, following {@code latest_child_message}, root included. Where a
   * message has children but no {@code latest_child_message}, the newest child (highest id) is followed. A link to
   * a message that is absent or already visited ends the walk.
   */
  public List<ChatMessageDetail> mainline() {
    Map<Integer, ChatMessageDetail> byId = new LinkedHashMap<>();
    for (ChatMessageDetail m : messages) byId.put(m.messageId(), m);
    List<ChatMessageDetail> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    ChatMessageDetail current = root();
    while (current != null && seen.add(current.messageId())) {
      out.add(current);
      Integer next = current.latestChildMessage();
      if (next == null) next = newestChild(current.messageId());
      current = next == null ? null : byId.get(next);
    }
    return Collections.unmodifiableList(out);
  }

  private Integer newestChild(int parent) {
    Integer newest = null;
    for (ChatMessageDetail m : messages) {
      Integer p = m.parentMessage();
      if (p != null && p == parent && (newest == null || m.messageId() > newest)) newest = m.messageId();
    }
    return newest;
  }

  @Override
  public String toString() {
    return "ChatSessionDetail{" + chatSessionId + ", " + description + ", " + messages.size() + " messages}";
  }
}
