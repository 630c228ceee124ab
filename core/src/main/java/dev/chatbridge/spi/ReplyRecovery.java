package dev.chatbridge.spi;

import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import dev.chatbridge.ServerException;
import dev.chatbridge.internal.http.Cancellation;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Recovers the reply to a send whose connection failed after the request may have reached the server (a reset
 * after the body was sent, a read timeout, a stream that broke, with no resume to rejoin it; or a success status
 * whose body could not be read, a {@link ResponseFormatException}): reads the session's
 * history until the exchange appears with its reply, within the calling operation's remaining time, and returns
 * the reply; otherwise throws {@link SendOutcomeUnknownException} saying whether our message was found stored.
 * It never sends anything again. A backend gives it a history reader and a {@link Matcher} that knows the vendor's
 * shapes and identifies our message (by the ids the vendor gives, else by text after a snapshot taken before the
 * send) — and says so when it cannot tell ours from another sender's.
 *
 * <pre>{@code
 * } catch (ConnectionException | ChatTimeoutException e) {
 *   if (!ReplyRecovery.mayHaveBeenProcessed(e)) throw e;
 *   return ReplyRecovery.of(vendor(), sessionId, e, deadline).await(() -> readHistory(sessionId), matcher);
 * }
 * }</pre>
 *
 * <p>The history is read at once, then after {@link #FIRST_INTERVAL}, doubling to {@link #MAX_INTERVAL}, until
 * the deadline of the calling thread's operation ({@code ChatSession.send}: fixed at its start, the call timeout);
 * a read that fails with a timeout, a connection error or a 5xx is read again; any other failure ends the wait.
 * A cancelled {@code sendAsync} stops it at once. See docs/RELIABILITY.md, "When a connection drops".
 */
public final class ReplyRecovery {
  /** First pause between history reads; doubles up to {@link #MAX_INTERVAL}. */
  public static final Duration FIRST_INTERVAL = Duration.ofMillis(100);
  /** Longest pause between history reads. */
  public static final Duration MAX_INTERVAL = Duration.ofSeconds(1);
  /** A read is not started with less time than this left: it could not finish. */
  static final Duration MIN_READ_BUDGET = Duration.ofMillis(20);

  /** Reads the session's history (or whatever the matcher needs), bounded by the operation's deadline. */
  @FunctionalInterface
  public interface HistoryReader<H> {
    /** One read of the history. */
    H read();
  }

  /** Finds our exchange in one read of the history. */
  @FunctionalInterface
  public interface Matcher<H, R> {
    /** What {@code history} says about our message and its reply. */
    Lookup<R> find(H history);
  }

  /** What one read of the history says about our exchange. */
  public static final class Lookup<R> {
    enum Kind { REPLY, STORED, NOT_FOUND, ABSENT, AMBIGUOUS }

    final Kind kind;
    final R reply;
    final String messageId;
    final String why;

    private Lookup(Kind kind, R reply, String messageId, String why) {
      this.kind = kind;
      this.reply = reply;
      this.messageId = messageId;
      this.why = why;
    }

    /** Our message and its complete reply: recovery ends with {@code reply}. */
    public static <R> Lookup<R> reply(String messageId, R reply) {
      return new Lookup<>(Kind.REPLY, Objects.requireNonNull(reply, "reply"), messageId, null);
    }

    /** Our message is stored ({@code messageId} when known); its reply is not there, or not complete, yet. */
    public static <R> Lookup<R> stored(String messageId) {
      return new Lookup<>(Kind.STORED, null, messageId, null);
    }

    /** Our message is not there (yet): a history that may lag is no proof it was not stored. */
    public static <R> Lookup<R> notFound() {
      return new Lookup<>(Kind.NOT_FOUND, null, null, null);
    }

    /**
     * Our message is provably not stored ({@code why}): the history is complete and would show it by now. Only a
     * vendor that can know this says so; a caller may then send again without duplicating.
     */
    public static <R> Lookup<R> absent(String why) {
      return new Lookup<>(Kind.ABSENT, null, null, Objects.requireNonNull(why, "why"));
    }

    /** Our message cannot be told apart from another sender's ({@code why}): no reply is returned. */
    public static <R> Lookup<R> ambiguous(String why) {
      return new Lookup<>(Kind.AMBIGUOUS, null, null, Objects.requireNonNull(why, "why"));
    }
  }

  private final String vendor;
  private final String sessionId;
  private final ChatException failure;
  private final long deadlineNanos;

  private ReplyRecovery(String vendor, String sessionId, ChatException failure, long deadlineNanos) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.failure = Objects.requireNonNull(failure, "failure");
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * A recovery of the send to {@code sessionId} that failed with {@code failure}, ending at {@code deadlineNanos}
   * ({@link System#nanoTime()} terms): the send's operation deadline, {@code Cancellation}'s
   * {@code deadlineNanos(callTimeout)} taken when the send started. The history is read at least once.
   */
  public static ReplyRecovery of(String vendor, String sessionId, ChatException failure, long deadlineNanos) {
    return new ReplyRecovery(vendor, sessionId, failure, deadlineNanos);
  }

  /**
   * True when {@code e}, thrown by a message-sending call, may have followed the server taking the message in: a
   * connection failure or timeout, except one that failed before connecting (refused, unknown host, no route) or
   * one the operation never started.
   */
  public static boolean mayHaveBeenProcessed(ChatException e) {
    if (!(e instanceof ConnectionException) && !(e instanceof ChatTimeoutException)) return false;
    if (e.getCause() == null) return false; // no call was made: the operation's time was up before it started
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the history until {@code matcher} finds the reply, and returns it; throws
   * {@link SendOutcomeUnknownException} at the deadline (with the failure as its cause), or a plain
   * {@link ChatException} when the caller cancelled.
   */
  public <H, R> R await(HistoryReader<H> reader, Matcher<H, R> matcher) {
    long deadline = deadlineNanos;
    String what = vendor + " recovery of the reply in session " + sessionId;
    long interval = FIRST_INTERVAL.toNanos();
    int reads = 0;
    Lookup<R> last = null;
    ChatException readFailure = null;
    while (true) {
      Cancellation.checkNotCancelled(what);
      if (reads > 0 && deadline - System.nanoTime() < MIN_READ_BUDGET.toNanos()) break;
      try {
        H history = reader.read();
        reads++;
        last = Objects.requireNonNull(matcher.find(history), "lookup");
        readFailure = null;
        if (last.kind == Lookup.Kind.REPLY) return last.reply;
        if (last.kind == Lookup.Kind.ABSENT || last.kind == Lookup.Kind.AMBIGUOUS) break; // waiting cannot help
      } catch (ChatTimeoutException | ConnectionException | ServerException e) {
        Cancellation.checkNotCancelled(what);
        readFailure = e;
        reads++;
      } catch (ChatException e) {
        Cancellation.checkNotCancelled(what);
        if (e.getClass() == ChatException.class) throw e; // a cancel
        readFailure = e;
        break; // 404, 401, …: reading again will not help
      }
      long left = deadline - System.nanoTime();
      if (left < MIN_READ_BUDGET.toNanos()) break;
      pause(Math.min(interval, left), what);
      interval = Math.min(interval * 2, MAX_INTERVAL.toNanos());
    }
    throw unknown(last, reads, readFailure);
  }

  private SendOutcomeUnknownException unknown(Lookup<?> last, int reads, ChatException readFailure) {
    Lookup.Kind kind = last == null ? null : last.kind;
    MessageState state = kind == Lookup.Kind.STORED ? MessageState.STORED
        : kind == Lookup.Kind.ABSENT ? MessageState.NOT_STORED : MessageState.UNKNOWN;
    String found = switch (kind == null ? Lookup.Kind.NOT_FOUND : kind) {
      case STORED -> "the message is in the history but its reply did not appear before the timeout";
      case ABSENT -> "the message is not in the history (" + last.why + ")";
      case AMBIGUOUS -> "the message could not be identified in the history (" + last.why + "), so no reply is "
          + "returned";
      default -> reads == 0 || readFailure != null && last == null
          ? "the history could not be read to find it"
          : "the message did not appear in the history before the timeout (a history may lag)";
    };
    String readNote = " (history read " + reads + (reads == 1 ? " time" : " times")
        + (readFailure == null ? "" : ", last read failed: " + readFailure.getMessage()) + ")";
    SendOutcomeUnknownException e = SendOutcomeUnknownException.builder(vendor, sessionId)
        .messageState(state)
        .messageId(last == null ? null : last.messageId)
        .exchangeIdentified(kind != Lookup.Kind.AMBIGUOUS)
        .failure((failure instanceof ResponseFormatException ? "the answer to the send could not be read ("
            : "the connection failed after the message was sent (") + failure.getMessage() + "); " + found
            + readNote)
        .cause(failure)
        .build();
    if (readFailure != null) e.addSuppressed(readFailure);
    return e;
  }

  private static void pause(long nanos, String what) {
    try {
      Cancellation.pause(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(what + " was interrupted", e);
    }
  }
}
