package dev.chatbridge.opencx;

import dev.chatbridge.ChatReply;
import dev.chatbridge.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole reply to one of our messages in an OpenCX history: every {@code ai} and {@code human_agent} message
 * after ours, until the turn is over. The history has no end-of-turn event, so the turn is over when
 *
 * <ol>
 *   <li>a contact message follows ours (the next turn began; the reply is what came before it), or</li>
 *   <li>no new event has arrived after ours for the quiet period (option {@code reply-quiet-ms}, default
 *       {@value #DEFAULT_QUIET_MS} ms) once at least one reply message is there, or</li>
 *   <li>the send's time is up and at least one reply message is there (what arrived is returned).</li>
 * </ol>
 *
 * A {@code handoff} or {@code human_agent_takeover} event mid-reply does not end the turn: the human agent's
 * messages after it answer the same message, and belong to the reply. The reply's text is its messages' texts
 * joined by {@link #SEPARATOR} (a blank line, as they are separate chat bubbles); its vendor data lists each
 * message ({@code messages}: id, sender type and name, created_at, text) and the other events seen
 * ({@code events}: id, type).
 */
final class OpenCxTurn {
  /** Between the texts of a reply's messages. */
  static final String SEPARATOR = "\n\n";
  static final long DEFAULT_QUIET_MS = 1000;

  final String userMessageId;
  final List<HistoryItem> messages;
  final List<HistoryItem> events;
  /** Every event after ours up to the end of the turn: when it grows, the turn is not quiet. */
  final int seen;
  /** A contact message followed: the turn is over whatever the time. */
  final boolean nextTurnBegan;

  private OpenCxTurn(String userMessageId, List<HistoryItem> messages, List<HistoryItem> events, int seen,
      boolean nextTurnBegan) {
    this.userMessageId = userMessageId;
    this.messages = messages;
    this.events = events;
    this.seen = seen;
    this.nextTurnBegan = nextTurnBegan;
  }

  /** The turn after the event at {@code anchor} in {@code items} (oldest first). */
  static OpenCxTurn after(List<HistoryItem> items, int anchor) {
    List<HistoryItem> messages = new ArrayList<>();
    List<HistoryItem> events = new ArrayList<>();
    int seen = 0;
    boolean over = false;
    for (int i = anchor + 1; i < items.size(); i++) {
      HistoryItem it = items.get(i);
      if (it.isFromContact()) {
        over = true;
        break;
      }
      seen++;
      if (it.isFromAi() || it.isFromHumanAgent()) messages.add(it);
      else events.add(it);
    }
    return new OpenCxTurn(items.get(anchor).id(), messages, events, seen, over);
  }

  /** The index of our message in {@code items}: the event with {@code messageId}, else the latest contact message with
   * {@code text}; -1 when neither is there. */
  static int anchor(List<HistoryItem> items, String messageId, String text) {
    if (messageId != null) {
      for (int i = 0; i < items.size(); i++) if (messageId.equals(items.get(i).id())) return i;
    }
    int at = -1;
    if (text != null) {
      for (int i = 0; i < items.size(); i++) {
        HistoryItem it = items.get(i);
        if (it.isFromContact() && text.equals(it.text())) at = i;
      }
    }
    return at;
  }

  boolean hasReply() {
    return !messages.isEmpty();
  }

  /** The reply: the first message's id, role and time; the texts joined; each message in vendor data. */
  ChatReply reply(String sessionId, String endedBy) {
    Message first = OpenCxMapping.message(sessionId, messages.get(0));
    StringBuilder text = new StringBuilder();
    List<Map<String, Object>> parts = new ArrayList<>();
    for (HistoryItem m : messages) {
      if (text.length() > 0) text.append(SEPARATOR);
      text.append(m.text() == null ? "" : m.text());
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("id", m.id());
      part.put("sender_type", m.senderType());
      part.put("sender_name", m.senderName());
      part.put("created_at", m.createdAt() == null ? null : m.createdAt().toString());
      part.put("text", m.text());
      parts.add(part);
    }
    List<Map<String, Object>> other = new ArrayList<>();
    for (HistoryItem e : events) {
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("id", e.id());
      ev.put("type", e.type());
      other.add(ev);
    }
    Map<String, Object> vendorData = new LinkedHashMap<>(first.vendorData());
    vendorData.put("messages", parts);
    vendorData.put("events", other);
    vendorData.put("turn_ended_by", endedBy);
    Message message = first.toBuilder().text(text.toString()).vendorData(vendorData).build();
    return ChatReply.builder().message(message).userMessageId(userMessageId).build();
  }

  /** Tracks when the turn last changed across polls, to tell when it has been quiet long enough. */
  static final class Quiet {
    private final long quietNanos;
    private int seen = -1;
    private long changedAt;

    Quiet(long quietMillis) {
      this.quietNanos = quietMillis * 1_000_000L;
    }

    /** True when {@code turn} has a reply and nothing new arrived for the quiet period (this poll counts). */
    boolean over(OpenCxTurn turn) {
      long now = System.nanoTime();
      if (turn.seen != seen) {
        seen = turn.seen;
        changedAt = now;
        return turn.hasReply() && quietNanos == 0;
      }
      return turn.hasReply() && now - changedAt >= quietNanos;
    }
  }
}
