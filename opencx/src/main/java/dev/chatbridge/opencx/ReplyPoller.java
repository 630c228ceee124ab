package dev.chatbridge.opencx;

import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ServerException;
import dev.chatbridge.internal.http.Cancellation;
import java.time.Duration;
import java.util.List;

/**
 * Waits for the answer to a message sent to OpenCX, whose history links no reply to its message: polls the whole
 * history, first at once, then after {@link #FIRST_POLL_INTERVAL}, doubling to {@link #MAX_POLL_INTERVAL}, until an
 * {@code ai} or {@code human_agent} message newer than ours appears. A poll that fails with a timeout, a connection
 * error or a 5xx is simply polled again; everything ends at the deadline with a {@link ChatTimeoutException} naming
 * the session, and at once when the async caller cancels (the waits are {@link Cancellation#pause}s). The message
 * is never re-sent.
 */
final class ReplyPoller {
  /** First pause between history polls while waiting for a reply; doubles up to {@link #MAX_POLL_INTERVAL}. */
  static final Duration FIRST_POLL_INTERVAL = Duration.ofMillis(250);
  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(2);
  /** A poll is not started with less time than this left: it could not finish. */
  static final Duration MIN_POLL_BUDGET = Duration.ofMillis(50);

  /** Reads every history page of a session, oldest first, none of them past {@code deadlineNanos}. */
  @FunctionalInterface
  interface History {
    List<HistoryItem> read(String sessionId, long deadlineNanos);
  }

  private final History history;

  ReplyPoller(History history) {
    this.history = history;
  }

  /**
   * The reply to our message in {@code sessionId}: found by {@code afterMessageId}, else (no id, or the id is not in
   * the history) as the latest contact message with {@code sentText}. {@code deadlineNanos} is in
   * {@link System#nanoTime()} terms.
   */
  HistoryItem await(String sessionId, String afterMessageId, String sentText, long deadlineNanos) {
    String what = OpenCxProvider.NAME + " wait for the reply in session " + sessionId;
    long interval = FIRST_POLL_INTERVAL.toMillis();
    int polls = 0;
    ChatException lastFailure = null;
    while (true) {
      Cancellation.checkNotCancelled(what);
      if (deadlineNanos - System.nanoTime() < MIN_POLL_BUDGET.toNanos()) {
        throw noReply(sessionId, afterMessageId, polls, lastFailure);
      }
      try {
        List<HistoryItem> items = history.read(sessionId, deadlineNanos);
        polls++;
        HistoryItem reply = findReply(items, afterMessageId, sentText);
        if (reply != null) return reply;
      } catch (ChatTimeoutException | ConnectionException | ServerException e) {
        // a failed poll is retried by the loop itself, within the deadline
        Cancellation.checkNotCancelled(what);
        lastFailure = e;
      }
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) throw noReply(sessionId, afterMessageId, polls, lastFailure);
      pause(Duration.ofMillis(Math.min(interval, left)), what);
      interval = Math.min(interval * 2, MAX_POLL_INTERVAL.toMillis());
    }
  }

  private static void pause(Duration d, String what) {
    try {
      Cancellation.pause(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(what + " was interrupted", e);
    }
  }

  static ChatTimeoutException noReply(String sessionId, String messageId, int polls, Throwable cause) {
    String msg = "opencx: no reply in session " + sessionId + " before the timeout (history polled " + polls
        + " times" + (messageId == null ? "" : ", after message " + messageId)
        + "); the message was sent and is not re-sent";
    return cause == null ? new ChatTimeoutException(msg) : new ChatTimeoutException(msg, cause);
  }

  /** The first ai/human_agent message after ours, or null. {@code items} are oldest first. */
  static HistoryItem findReply(List<HistoryItem> items, String afterMessageId, String sentText) {
    int anchor = -1;
    if (afterMessageId != null) {
      for (int i = 0; i < items.size(); i++) if (afterMessageId.equals(items.get(i).id())) anchor = i;
    }
    if (anchor < 0 && sentText != null) {
      for (int i = 0; i < items.size(); i++) {
        HistoryItem it = items.get(i);
        if (it.isFromContact() && sentText.equals(it.text())) anchor = i;
      }
    }
    if (anchor < 0) return null;
    for (int i = anchor + 1; i < items.size(); i++) {
      HistoryItem it = items.get(i);
      if (it.isFromAi() || it.isFromHumanAgent()) return it;
    }
    return null;
  }
}
