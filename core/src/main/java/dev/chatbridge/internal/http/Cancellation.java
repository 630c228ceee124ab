package dev.chatbridge.internal.http;

import dev.chatbridge.ChatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;

/**
 * What the calling thread's blocking operation may still do: an async caller's cancel, and the operation's
 * deadline. The transport registers each HTTP call with the thread's current cancellation so {@link #cancel()}
 * stops them all, and gives each call at most the operation's remaining time. Not API.
 *
 * <p>The vendor-neutral layer marks each blocking operation ({@code createSession}, {@code send}, {@code history},
 * …) with {@link #begin()} / {@link #end(Cancellation)}; its deadline is fixed at its start plus the call timeout
 * the first time something asks for it ({@link #remainingNanos(Duration)}: the transport, which knows the
 * configured timeout), and moves out by every retry wait ({@link #extend(Duration)}). A typed vendor client called
 * outside such an operation has none: its calls keep their own per-call timeouts.
 */
public final class Cancellation {
  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  /** False for a synchronous operation's own instance: nothing can cancel it, so calls are not registered. */
  private final boolean cancellable;
  private List<Call> calls;
  private volatile boolean cancelled;
  // The operation: touched only by the thread that runs it.
  private boolean inOperation;
  private long started;
  private boolean deadlineFixed;
  private long deadline;

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

  /**
   * Starts a blocking operation on this thread and returns the token for {@link #end(Cancellation)}; null when the
   * thread is already inside one (a nested call is bounded by the outer operation). Allocates at most one object.
   */
  public static Cancellation begin() {
    Cancellation c = CURRENT.get();
    if (c == null) {
      c = new Cancellation(false);
      CURRENT.set(c);
    } else if (c.inOperation) {
      return null;
    }
    c.inOperation = true;
    c.started = System.nanoTime();
    c.deadlineFixed = false;
    return c;
  }

  /** Ends the operation {@link #begin()} started; {@code token} may be null. */
  public static void end(Cancellation token) {
    if (token == null) return;
    token.inOperation = false;
    token.deadlineFixed = false;
    if (!token.cancellable && CURRENT.get() == token) CURRENT.remove();
  }

  /**
   * Nanoseconds left to the current operation's deadline, fixing it at its start plus {@code budget} on the
   * first ask; {@link Long#MAX_VALUE} outside an operation.
   */
  public long remainingNanos(Duration budget) {
    if (!inOperation) return Long.MAX_VALUE;
    if (!deadlineFixed) {
      deadline = started + budget.toNanos();
      deadlineFixed = true;
    }
    return deadline - System.nanoTime();
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
    return inOperation && deadlineFixed && deadline - System.nanoTime() <= 0;
  }

  /** True when the calling thread's operation has used up its time: nothing more may be tried or started. */
  public static boolean currentDeadlinePassed() {
    Cancellation c = CURRENT.get();
    return c != null && c.deadlinePassed();
  }

  /** Moves the operation's deadline out by a retry wait: waits the transport rules allow do not count. */
  public void extend(Duration wait) {
    if (inOperation && deadlineFixed) deadline += wait.toNanos();
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
