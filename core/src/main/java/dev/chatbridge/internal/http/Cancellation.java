package dev.chatbridge.internal.http;

import dev.chatbridge.ChatException;
import dev.chatbridge.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;

/**
 * The calling thread's operation context: what its blocking operation may still do (an async caller's cancel, the
 * operation's deadline), the caller's {@link RequestOptions} for it, and what the transport counted while it ran
 * (HTTP attempts, the last status, the response of the request that carries the operation). The transport registers
 * each HTTP call with the thread's current context so {@link #cancel()} stops them all, and gives each call at most
 * the operation's remaining time. Not API.
 *
 * <p>The vendor-neutral layer marks each blocking operation ({@code createSession}, {@code send}, {@code history},
 * …) with {@link #begin(RequestOptions)} / {@link #end(Cancellation)}; its deadline is fixed at its start plus the
 * call timeout (or the options' timeout) the first time something asks for it ({@link #remainingNanos(Duration)}:
 * the transport, which knows the configured timeout), and moves out by every retry wait ({@link #extend(Duration)}).
 * Opening a stream ({@link #beginStream(RequestOptions)}) is bounded only by the options' timeout, and only until the
 * stream's response starts. A typed vendor client called outside such an operation has none: its calls keep their
 * own per-call timeouts.
 *
 * <p>Everything here is plain fields on the one object {@link #begin} takes or makes: an operation without options
 * allocates nothing more.
 */
public final class Cancellation {
  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  /** False for a synchronous operation's own instance: nothing can cancel it, so calls are not registered. */
  private final boolean cancellable;
  private List<Call> calls;
  private volatile boolean cancelled;
  // The operation: touched only by the thread that runs it (and, for a stream, the threads that read or close it).
  private boolean inOperation;
  private boolean opensStream;
  private long started;
  private boolean deadlineFixed;
  private long deadline;
  // The caller's options for the operation (null/-1: the configuration's).
  Duration timeout;
  int maxRetries = -1;
  Map<String, String> headers;
  Map<String, Object> bodyFields;
  boolean credentialHeadersAllowed;
  /** The transport's scrubber plus the credentials the options send, built on the first call that needs it. */
  SecretScrubber callScrubber;
  // What the transport saw.
  private volatile int attempts;
  private volatile int lastStatus;
  /** Set when a request that carries the operation started: later ones are ordinary requests. */
  boolean primaryTaken;
  boolean captureResponse;
  private int responseStatus;
  private Map<String, List<String>> responseHeaders;
  private String responseRequestId;

  /** A cancellation an async caller can {@link #cancel()}. */
  public Cancellation() {
    this(true);
  }

  private Cancellation(boolean cancellable) {
    this.cancellable = cancellable;
  }

  /** Runs {@code body} with this as the thread's cancellation. */
  public <T> T run(Supplier<T> body) {
    Cancellation previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return body.get();
    } finally {
      if (previous == null) CURRENT.remove();
      else CURRENT.set(previous);
    }
  }

  /** The calling thread's cancellation, or null. */
  public static Cancellation current() {
    return CURRENT.get();
  }

  /** {@link #begin(RequestOptions)} without options. */
  public static Cancellation begin() {
    return begin(null);
  }

  /**
   * Starts a blocking operation on this thread with the caller's {@code options} (null or empty: the
   * configuration's) and returns the token for {@link #end(Cancellation)}; null when the thread is already inside
   * one (a nested call is bounded by, and sends with the options of, the outer operation). Allocates at most one
   * object.
   */
  public static Cancellation begin(RequestOptions options) {
    return begin(options, false);
  }

  /**
   * Starts opening a stream: as {@link #begin(RequestOptions)}, but the deadline is the options' timeout alone (none
   * without one) and bounds the calls only until the stream's response starts; reading it is the stream's timeouts'.
   */
  public static Cancellation beginStream(RequestOptions options) {
    return begin(options, true);
  }

  private static Cancellation begin(RequestOptions options, boolean opensStream) {
    Cancellation c = CURRENT.get();
    if (c == null) {
      c = new Cancellation(false);
      CURRENT.set(c);
    } else if (c.inOperation) {
      return null;
    }
    c.inOperation = true;
    c.opensStream = opensStream;
    c.started = System.nanoTime();
    c.deadlineFixed = false;
    c.attempts = 0;
    c.lastStatus = 0;
    c.primaryTaken = false;
    c.captureResponse = false;
    c.responseStatus = 0;
    c.responseHeaders = null;
    c.responseRequestId = null;
    c.apply(options);
    return c;
  }

  private void apply(RequestOptions options) {
    callScrubber = null;
    if (options == null || options.isEmpty()) {
      timeout = null;
      maxRetries = -1;
      headers = null;
      bodyFields = null;
      credentialHeadersAllowed = false;
      return;
    }
    timeout = options.timeout().orElse(null);
    maxRetries = options.maxRetries().orElse(-1);
    headers = options.headers().isEmpty() ? null : options.headers();
    bodyFields = options.bodyFields().isEmpty() ? null : options.bodyFields();
    credentialHeadersAllowed = options.credentialHeadersAllowed();
  }

  /**
   * True when the caller gave body fields and no request of the operation carried them: its backend marked none
   * {@link ApiRequest#primary()} (a backend of its own, or one that sends without core's transport).
   */
  public boolean bodyFieldsUnapplied() {
    return bodyFields != null && !primaryTaken;
  }

  /** Ends the operation {@link #begin()} started; {@code token} may be null. */
  public static void end(Cancellation token) {
    if (token == null) return;
    token.inOperation = false;
    token.deadlineFixed = false;
    if (!token.cancellable && CURRENT.get() == token) CURRENT.remove();
  }

  /**
   * Makes this the calling thread's context again after its operation ended (a stream's later reads, its close),
   * so the requests made then carry the operation's headers and are counted; returns what to {@link #restore}.
   * No deadline applies then.
   */
  public Cancellation enter() {
    Cancellation previous = CURRENT.get();
    CURRENT.set(this);
    return previous;
  }

  /**
   * Undoes {@link #enter()}. Sets rather than removes, so a stream that enters and leaves for every event does not
   * make the thread-local entry anew each time (an empty entry reads as no context).
   */
  public static void restore(Cancellation previous) {
    CURRENT.set(previous);
  }

  /**
   * Nanoseconds left to the current operation's deadline, fixing it at its start plus {@code budget} (the
   * options' timeout instead, when they set one; for a stream being opened, only that) on the first ask;
   * {@link Long#MAX_VALUE} outside an operation.
   */
  public long remainingNanos(Duration budget) {
    if (!inOperation) return Long.MAX_VALUE;
    if (!deadlineFixed) {
      Duration limit = timeout != null ? timeout : opensStream ? null : budget;
      deadline = limit == null ? Long.MAX_VALUE : started + limit.toNanos();
      deadlineFixed = true;
    }
    return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
  }

  /** True while a stream is being opened: its streaming call is bounded until its response starts, not after. */
  boolean opensStream() {
    return inOperation && opensStream;
  }

  /**
   * The options' time limit while the operation runs, when it is longer than the configured {@code callTimeout}:
   * a call then needs its read and write timeouts raised to it too. Null otherwise.
   */
  Duration longerCallTimeout(Duration callTimeout) {
    return inOperation && timeout != null && timeout.compareTo(callTimeout) > 0 ? timeout : null;
  }

  /** Asks the transport to keep the status and headers of the response that describes the operation. */
  public void captureResponse() {
    captureResponse = true;
  }

  /** Counts one HTTP attempt. */
  void recordAttempt() {
    attempts++;
  }

  /**
   * Records a response's status, and, when {@link #captureResponse()} asked and it describes the operation (the
   * request that carries it, or the latest when none started yet), its headers and request id.
   */
  void recordResponse(int status, boolean carriesOperation, okhttp3.Response response, SecretScrubber scrubber) {
    lastStatus = status;
    if (!captureResponse || (!carriesOperation && primaryTaken)) return;
    responseStatus = status;
    responseHeaders = FailedResponse.headers(response, scrubber);
    responseRequestId = FailedResponse.requestId(response);
  }

  /** HTTP attempts made so far by the operation's calls (retries and redirects included). */
  public int attempts() {
    return attempts;
  }

  /** The status of the operation's last HTTP response; 0 when none arrived. */
  public int lastStatus() {
    return lastStatus;
  }

  /** The captured response's status; 0 when none was captured. */
  public int responseStatus() {
    return responseStatus;
  }

  /** The captured response's headers (lower-case names, scrubbed, no cookies); empty when none was captured. */
  public Map<String, List<String>> responseHeaders() {
    return responseHeaders == null ? Map.of() : responseHeaders;
  }

  /** The captured response's request id header, or null. */
  public String responseRequestId() {
    return responseRequestId;
  }

  /**
   * The calling thread's operation deadline in {@link System#nanoTime()} terms (fixed as by
   * {@link #remainingNanos}), or now plus {@code budget} outside an operation: for polling loops and lock waits.
   */
  public static long deadlineNanos(Duration budget) {
    Cancellation c = CURRENT.get();
    long remaining = c == null ? Long.MAX_VALUE : c.remainingNanos(budget);
    long now = System.nanoTime();
    return remaining == Long.MAX_VALUE ? now + budget.toNanos() : now + remaining;
  }

  /** True when this is inside an operation whose deadline was fixed and has passed. */
  public boolean deadlinePassed() {
    return inOperation && deadlineFixed && deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0;
  }

  /** True when the calling thread's operation has used up its time: nothing more may be tried or started. */
  public static boolean currentDeadlinePassed() {
    Cancellation c = CURRENT.get();
    return c != null && c.deadlinePassed();
  }

  /** Moves the operation's deadline out by a retry wait: waits the transport rules allow do not count. */
  public void extend(Duration wait) {
    if (inOperation && deadlineFixed && deadline != Long.MAX_VALUE) deadline += wait.toNanos();
  }

  /** Throws if the current thread's operation was cancelled; for polling loops. */
  public static void checkNotCancelled(String what) {
    checkNotCancelled(() -> what);
  }

  /** As {@link #checkNotCancelled(String)}, building the description only when it is needed (hot paths). */
  public static void checkNotCancelled(Supplier<String> what) {
    Cancellation c = CURRENT.get();
    if (c != null && c.cancelled) throw new ChatException(what.get() + " was cancelled");
  }

  /** True once {@link #cancel()} ran. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Registers a call; cancels it at once if this was already cancelled. */
  public void register(Call call) {
    if (!cancellable) return; // a synchronous operation's: nothing will cancel it
    synchronized (this) {
      if (cancelled) {
        call.cancel();
        return;
      }
      if (calls == null) calls = new ArrayList<>();
      calls.add(call);
    }
  }

  /** Forgets a finished call. */
  public void unregister(Call call) {
    if (!cancellable) return;
    synchronized (this) {
      if (calls != null) calls.remove(call);
    }
  }

  /**
   * Waits for {@code d}, or less when cancelled meanwhile: a wait before a retry (up to a minute of Retry-After)
   * must not keep the caller's thread once the caller gave up.
   */
  public synchronized void sleep(Duration d) throws InterruptedException {
    long until = System.nanoTime() + d.toNanos();
    long left;
    while (!cancelled && (left = until - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.timedWait(this, left);
  }

  /**
   * Waits {@code d} on the calling thread, or less when its operation is cancelled meanwhile (see {@link #sleep}):
   * for waits between retries and polls. The caller checks {@link #checkNotCancelled} afterwards.
   */
  public static void pause(Duration d) throws InterruptedException {
    Cancellation c = CURRENT.get();
    if (c != null) c.sleep(d);
    else Thread.sleep(d.toMillis());
  }

  /**
   * Cancels every registered call and any call registered later, and ends a {@link #sleep}. Idempotent, any
   * thread.
   */
  public void cancel() {
    List<Call> toCancel;
    synchronized (this) {
      if (cancelled) return;
      cancelled = true;
      toCancel = calls == null ? List.of() : new ArrayList<>(calls);
      if (calls != null) calls.clear();
      notifyAll();
    }
    for (Call call : toCancel) call.cancel();
  }
}
