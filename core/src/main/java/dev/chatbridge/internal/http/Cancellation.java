package dev.chatbridge.internal.http;

import dev.chatbridge.ChatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;

/**
 * Lets an async caller cancel whatever HTTP calls a blocking operation is making on its thread: the transport
 * registers each call with the thread's current cancellation, and {@link #cancel()} cancels them all. Not API.
 */
public final class Cancellation {
  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  private final List<Call> calls = new ArrayList<>();
  private boolean cancelled;

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

  /** Throws if the current thread's operation was cancelled; for polling loops. */
  public static void checkNotCancelled(String what) {
    checkNotCancelled(() -> what);
  }

  /** As {@link #checkNotCancelled(String)}, building the description only when it is needed (hot paths). */
  public static void checkNotCancelled(Supplier<String> what) {
    Cancellation c = CURRENT.get();
    if (c != null && c.isCancelled()) throw new ChatException(what.get() + " was cancelled");
  }

  /** True once {@link #cancel()} ran. */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Registers a call; cancels it at once if this was already cancelled. */
  public synchronized void register(Call call) {
    if (cancelled) call.cancel();
    else calls.add(call);
  }

  /** Forgets a finished call. */
  public synchronized void unregister(Call call) {
    calls.remove(call);
  }

  /**
   * Waits for {@code d}, or less when cancelled meanwhile: a wait before a retry (up to a minute of Retry-After)
   * must not keep the caller's thread once the caller gave up.
   */
  public synchronized void sleep(Duration d) throws InterruptedException {
    long deadline = System.nanoTime() + d.toNanos();
    long left;
    while (!cancelled && (left = deadline - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.timedWait(this, left);
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
      toCancel = new ArrayList<>(calls);
      calls.clear();
      notifyAll();
    }
    for (Call call : toCancel) call.cancel();
  }
}
