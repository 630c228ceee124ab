package dev.chatbridge;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One vendor-neutral operation as a {@link ChatListener} sees it: which vendor and operation, on which session,
 * how many HTTP attempts it made, the last HTTP status, how it ended and how long it took; for streams also the
 * time to the first event, the number of events and the finish reason. Never holds message text or credentials.
 *
 * <p>ChatBridge fills it while the operation runs; the values a listener reads in {@link ChatListener#onEnd} are
 * final. {@link #attribute}/{@link #putAttribute} let a listener keep its own state (e.g. a timer sample) from
 * start to end.
 */
public final class ChatOperation {
  /** Which operation. */
  public enum Kind {
    /** {@link ChatClient#createSession}. */
    CREATE_SESSION("create_session"),
    /** {@link ChatSession#send} and {@link ChatSession#sendAsync}. */
    SEND("send"),
    /** {@link ChatSession#stream}, from the call until the stream is over. */
    STREAM("stream"),
    /** {@link ChatSession#history}. */
    HISTORY("history"),
    /** {@link ChatClient#listSessions} (one page). */
    LIST_SESSIONS("list_sessions"),
    /** {@link ChatClient#getSession}. */
    GET_SESSION("get_session"),
    /** {@link ChatClient#deleteSession}. */
    DELETE_SESSION("delete_session"),
    /** {@link ChatSession#end}. */
    END_SESSION("end_session");

    private final String value;

    Kind(String value) {
      this.value = value;
    }

    /** The lower-case name used in metrics, e.g. {@code send}. */
    public String value() {
      return value;
    }
  }

  /** How an operation ended. */
  public enum Outcome {
    /** Not yet ended (seen in {@link ChatListener#onStart}). */
    RUNNING,
    /** Returned normally (for streams: completed). */
    SUCCESS,
    /** Threw; {@link #error()} says what. */
    ERROR,
    /** Cancelled by the caller (a cancelled future or stream, or a stream closed before it completed). */
    CANCELLED
  }

  private final String vendor;
  private final Kind kind;
  private final String sessionId;
  private final long startNanos;
  private final Map<Object, Object> attributes = new ConcurrentHashMap<>();
  private volatile int attempts;
  private volatile int httpStatus;
  private volatile Outcome outcome = Outcome.RUNNING;
  private volatile Throwable error;
  private volatile long endNanos;
  private volatile long firstEventNanos;
  private volatile long eventCount;
  private volatile String finishReason;

  private ChatOperation(String vendor, Kind kind, String sessionId, long startNanos) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.sessionId = sessionId;
    this.startNanos = startNanos;
  }

  /** An operation starting now; ChatBridge fills it in through the package-private {@code record…} methods. */
  static ChatOperation start(String vendor, Kind kind, String sessionId) {
    return new ChatOperation(vendor, kind, sessionId, System.nanoTime());
  }

  /** The vendor, e.g. {@code onyx}. */
  public String vendor() {
    return vendor;
  }

  /** The operation. */
  public Kind kind() {
    return kind;
  }

  /** The session it worked on; empty for create (before the id is known) and list. */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /** HTTP attempts made (retries included, requests of every call the operation made). */
  public int attempts() {
    return attempts;
  }

  /** The status of the last HTTP response; empty when none arrived. */
  public OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** How it ended; {@link Outcome#RUNNING} until then. */
  public Outcome outcome() {
    return outcome;
  }

  /** What it threw, when {@link #outcome()} is {@link Outcome#ERROR}. */
  public Optional<Throwable> error() {
    return Optional.ofNullable(error);
  }

  /** The error's simple class name (e.g. {@code RateLimitException}), or {@code none}. */
  public String errorType() {
    Throwable t = error;
    return t == null ? "none" : t.getClass().getSimpleName();
  }

  /** Time from start to end (to now while running). */
  public Duration duration() {
    long end = endNanos;
    return Duration.ofNanos((end == 0 ? System.nanoTime() : end) - startNanos);
  }

  /** Streams: time from start to the first event handed to the caller; empty before it (and for other kinds). */
  public Optional<Duration> timeToFirstEvent() {
    long first = firstEventNanos;
    return first == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(first - startNanos));
  }

  /** Streams: events handed to the caller so far. */
  public long eventCount() {
    return eventCount;
  }

  /** Streams (and sends, when the vendor says): why generation stopped, e.g. {@code stop}. */
  public Optional<String> finishReason() {
    return Optional.ofNullable(finishReason);
  }

  /** A listener's own value stored under {@code key}, or null. */
  public Object attribute(Object key) {
    return attributes.get(key);
  }

  /** Stores a listener's own value under {@code key} (use a key object of your own to avoid clashes). */
  public void putAttribute(Object key, Object value) {
    if (value == null) attributes.remove(key);
    else attributes.put(key, value);
  }

  /** Records what the transport counted: HTTP attempts so far and the last status (0: none). */
  void recordHttp(int attempts, int status) {
    this.attempts = attempts;
    this.httpStatus = status;
  }

  /** Records an event handed to the caller; the first one fixes {@link #timeToFirstEvent()}. */
  void recordEvent() {
    if (firstEventNanos == 0) firstEventNanos = System.nanoTime();
    eventCount++;
  }

  /** Records why generation stopped. */
  void recordFinishReason(String finishReason) {
    this.finishReason = finishReason;
  }

  /**
   * Ends the operation: true the first time, false (and nothing changed) once it has ended. {@code error} is null
   * for success and for a cancel.
   */
  synchronized boolean recordEnd(Outcome outcome, Throwable error) {
    if (this.outcome != Outcome.RUNNING) return false;
    this.error = error;
    this.endNanos = System.nanoTime();
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    return true;
  }

  @Override
  public String toString() {
    return "ChatOperation{" + vendor + " " + kind.value() + ", outcome=" + outcome + ", attempts=" + attempts
        + ", status=" + httpStatus + ", error=" + errorType() + "}";
  }
}
