package dev.chatbridge.openwebui;

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
 * One lock per chat id, so two sends on the same chat never read the same history and overwrite each other's
 * messages, while sends on different chats run in parallel. A permit, not a thread-owned lock: a stream opened on
 * one thread may be closed on another. Entries are dropped when no one holds or waits for them. A send waits at
 * most {@code maxWait} (the call timeout): a stream opened on the chat and never read or closed must not block
 * later sends forever.
 */
final class SessionLocks {
  private final Map<String, Entry> entries = new HashMap<>();
  private final Duration maxWait;

  SessionLocks(Duration maxWait) {
    this.maxWait = maxWait;
  }

  private static final class Entry {
    final Semaphore semaphore = new Semaphore(1);
    int users;
    volatile Thread holder;
  }

  /** A held lock; {@link #release()} is idempotent. */
  final class Permit {
    private final String id;
    private final Entry entry;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(String id, Entry entry) {
      this.id = id;
      this.entry = entry;
    }

    void release() {
      if (!released.compareAndSet(false, true)) return;
      entry.holder = null;
      entry.semaphore.release();
      leave(id, entry);
    }
  }

  /**
   * Waits for the chat's lock. Fails at once instead of deadlocking when the calling thread already holds it (a
   * stream on the same chat not yet closed), stops waiting when an async caller cancels, and throws
   * {@link ChatTimeoutException} after {@code maxWait}, or sooner at the deadline of the operation it is part of (a
   * send is bounded as a whole).
   */
  Permit acquire(String id) {
    Entry entry;
    synchronized (entries) {
      entry = entries.computeIfAbsent(id, k -> new Entry());
      if (entry.holder == Thread.currentThread()) {
        throw new IllegalStateException("a stream on chat " + id + " is still open on this thread: close it before "
            + "sending again on the same chat");
      }
      entry.users++;
    }
    boolean acquired = false;
    long deadline = Cancellation.deadlineNanos(maxWait);
    try {
      while (!entry.semaphore.tryAcquire(Math.min(200_000_000L, Math.max(0, deadline - System.nanoTime())),
          TimeUnit.NANOSECONDS)) {
        Cancellation.checkNotCancelled("openwebui send on chat " + id);
        if (System.nanoTime() - deadline >= 0) {
          throw new ChatTimeoutException("openwebui send on chat " + id + " waited until its time limit ("
              + maxWait.toMillis() + " ms, the call timeout) for another send or open stream on the same chat to "
              + "finish");
        }
      }
      acquired = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException("interrupted while waiting for another send on chat " + id + " to finish", e);
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

  /** Chats with a holder or waiter; for tests. */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
