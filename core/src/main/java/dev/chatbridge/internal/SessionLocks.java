package dev.chatbridge.internal;

import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.http.Cancellation;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lock per session id, for a vendor whose sends on one session must not overlap (Open WebUI rewrites the whole
 * chat; OpenCX matches a reply to its message by position), while sends on different sessions run in parallel.
 * A wait for it is bounded: it ends at the deadline of the operation it is part of (or after {@code maxWait} outside
 * one) with {@link ChatTimeoutException}, and at once when the async caller cancels; so a send never waits forever
 * behind a hung one or a stream left open. A permit, not a thread-owned lock: a stream opened on one thread may be
 * closed on another. Entries are dropped when no one holds or waits for them. Not API.
 */
public final class SessionLocks {
  private static final long CANCEL_CHECK_NANOS = 200_000_000L;

  private final String vendor;
  private final String noun;
  private final Duration maxWait;
  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * Locks for {@code vendor}'s sessions, called {@code noun} in messages ({@code "chat"}, {@code "session"});
   * {@code maxWait} is the call timeout, the longest wait outside an operation.
   */
  public SessionLocks(String vendor, String noun, Duration maxWait) {
    this.vendor = vendor;
    this.noun = noun;
    this.maxWait = maxWait;
  }

  private static final class Entry {
    final Semaphore semaphore = new Semaphore(1);
    int users;
    volatile Thread holder;
  }

  /** A held lock; {@link #release()} is idempotent and may run on any thread. */
  public final class Permit {
    private final String id;
    private final Entry entry;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(String id, Entry entry) {
      this.id = id;
      this.entry = entry;
    }

    /** Lets the next send on the session start. */
    public void release() {
      if (!released.compareAndSet(false, true)) return;
      entry.holder = null;
      entry.semaphore.release();
      leave(id, entry);
    }
  }

  /**
   * Waits for session {@code id}'s lock. Fails at once with {@link IllegalStateException} instead of deadlocking
   * when the calling thread already holds it (a stream on the same session not yet closed), stops waiting with a
   * {@link ChatException} when an async caller cancels, and throws {@link ChatTimeoutException} at the deadline of
   * the operation it is part of (a send is bounded as a whole), or after {@code maxWait} outside one.
   */
  public Permit acquire(String id) {
    Entry entry;
    synchronized (entries) {
      entry = entries.computeIfAbsent(id, k -> new Entry());
      if (entry.holder == Thread.currentThread()) {
        throw new IllegalStateException("a stream on " + noun + " " + id + " is still open on this thread: close "
            + "it before sending again on the same " + noun);
      }
      entry.users++;
    }
    String what = vendor + " send on " + noun + " " + id;
    boolean acquired = false;
    long deadline = Cancellation.deadlineNanos(maxWait);
    try {
      while (!entry.semaphore.tryAcquire(Math.min(CANCEL_CHECK_NANOS, Math.max(0, deadline - System.nanoTime())),
          TimeUnit.NANOSECONDS)) {
        Cancellation.checkNotCancelled(what);
        if (System.nanoTime() - deadline >= 0) {
          throw new ChatTimeoutException(what + " waited until its time limit (" + maxWait.toMillis() + " ms, the "
              + "call timeout) for another send or open stream on the same " + noun + " to finish; the message was "
              + "not sent");
        }
      }
      acquired = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException("interrupted while waiting for another send on " + noun + " " + id + " to finish", e);
    } finally {
      if (!acquired) leave(id, entry);
    }
    entry.holder = Thread.currentThread();
    return new Permit(id, entry);
  }

  private void leave(String id, Entry entry) {
    synchronized (entries) {
      if (--entry.users == 0) entries.remove(id, entry);
    }
  }

  /** Sessions with a holder or waiter; for tests. */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
