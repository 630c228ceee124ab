package dev.chatbridge.opencx;

import dev.chatbridge.ChatReply;
import dev.chatbridge.spi.ReplyRecovery.Lookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Our exchange in an OpenCX session's history, which links no reply to its message. OpenCX takes no client message
 * id or idempotency key, so when the send's response never arrived our message is found by its text among the
 * events stored after a {@link Snapshot} of the history taken before the send: this client sends on a session one
 * at a time, so one new contact message with our text is ours; two or more mean another client sent the same text
 * meanwhile, and nothing is returned rather than possibly its reply. (A single identical message from another
 * client while ours was not stored cannot be told apart: that residual case is documented in the README.)
 */
final class OpenCxExchange {
  private OpenCxExchange() {}

  /** The history's event ids before the send, and the cursor of its last page (where later reads start). */
  record Snapshot(Set<String> ids, String lastPageCursor) {
    static Snapshot of(OpenCxClient.HistoryTail tail) {
      Set<String> ids = new HashSet<>();
      for (HistoryItem it : tail.items()) if (it.id() != null) ids.add(it.id());
      return new Snapshot(Collections.unmodifiableSet(ids), tail.lastPageCursor());
    }
  }

  /** Events not in the snapshot, oldest first. */
  static List<HistoryItem> since(Snapshot snapshot, List<HistoryItem> items) {
    List<HistoryItem> fresh = new ArrayList<>();
    for (HistoryItem it : items) if (it.id() == null || !snapshot.ids().contains(it.id())) fresh.add(it);
    return OpenCxClient.chronological(fresh);
  }

  /**
   * What {@code fresh} (the events since the snapshot, oldest first) says about our message with {@code text}: not
   * there yet, ambiguous, stored without a whole reply yet, or stored with its whole reply (its turn over,
   * {@link OpenCxTurn}; {@code quiet} tracks the quiet period across reads). {@code snapshot} false when no
   * snapshot could be taken: then an identical earlier message cannot be ruled out.
   */
  static Lookup<ChatReply> find(String sessionId, List<HistoryItem> fresh, String text, boolean snapshot,
      OpenCxTurn.Quiet quiet) {
    List<Integer> ours = new ArrayList<>();
    for (int i = 0; i < fresh.size(); i++) {
      HistoryItem it = fresh.get(i);
      if (it.isFromContact() && text.equals(it.text())) ours.add(i);
    }
    if (ours.isEmpty()) return Lookup.notFound();
    if (!snapshot) {
      return Lookup.ambiguous("the history could not be read before the send, so a contact message with the "
          + "same text sent earlier cannot be ruled out");
    }
    if (ours.size() > 1) {
      return Lookup.ambiguous(ours.size() + " contact messages with the same text were stored since the send "
          + "began; another client sent it too");
    }
    int at = ours.get(0);
    String id = fresh.get(at).id();
    OpenCxTurn turn = OpenCxTurn.after(fresh, at);
    boolean quietNow = quiet.over(turn); // every read counts towards the quiet period
    if (turn.hasReply() && turn.nextTurnBegan) return Lookup.reply(id, turn.reply(sessionId, "next_contact_message"));
    if (quietNow) return Lookup.reply(id, turn.reply(sessionId, "quiet_period"));
    return Lookup.stored(id);
  }
}
