package dev.chatbridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.http.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-session lock that Open WebUI and OpenCX sends share: a wait for it ends at the operation's deadline or on
 * a cancel instead of lasting forever, the same thread cannot deadlock on it, and it keeps no entry once unused.
 */
class SessionLocksTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** The exception {@code future} ended with; fails the test if it does not end within 20 s. */
  private static Throwable failureOf(Future<?> future) throws Exception {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the wait did not fail");
  }

  @Test
  void aWaitOutsideAnOperationEndsAfterMaxWaitWithATimeoutNamingTheSession() throws Exception {
    SessionLocks locks = new SessionLocks("vendorx", "chat", Duration.ofMillis(300));
    SessionLocks.Permit held = locks.acquire("c-1");
    Throwable failure = failureOf(pool.submit(() -> locks.acquire("c-1")));
    assertThat(failure).isInstanceOf(ChatTimeoutException.class)
        .hasMessageContaining("vendorx send on chat c-1")
        .hasMessageContaining("300 ms, the call timeout")
        .hasMessageContaining("the message was not sent");
    assertThat(locks.size()).as("the waiter's entry use is gone; the holder's stays").isEqualTo(1);
    held.release();
    assertThat(locks.size()).isZero();
  }

  @Test
  void aWaitInsideAnOperationEndsAtTheOperationsDeadlineNotAfterMaxWait() throws Exception {
    SessionLocks locks = new SessionLocks("vendorx", "session", LONG);
    SessionLocks.Permit held = locks.acquire("s-1");
    Future<?> waiter = pool.submit(() -> {
      Cancellation operation = Cancellation.begin();
      try {
        operation.remainingNanos(Duration.ofMillis(300)); // the transport fixes the deadline with the call timeout
        return locks.acquire("s-1");
      } finally {
        Cancellation.end(operation);
      }
    });
    assertThat(failureOf(waiter)).isInstanceOf(ChatTimeoutException.class).hasMessageContaining("session s-1");
    held.release();
    assertThat(locks.size()).isZero();
  }

  @Test
  void aCancelEndsTheWaitWithoutTakingTheLock() throws Exception {
    SessionLocks locks = new SessionLocks("vendorx", "session", LONG);
    SessionLocks.Permit held = locks.acquire("s-1");
    Cancellation cancellation = new Cancellation();
    CountDownLatch waiting = new CountDownLatch(1);
    Future<?> waiter = pool.submit(() -> cancellation.run(() -> {
      waiting.countDown();
      return locks.acquire("s-1");
    }));
    assertThat(waiting.await(20, TimeUnit.SECONDS)).isTrue();
    cancellation.cancel();
    Throwable failure = failureOf(waiter);
    assertThat(failure).isExactlyInstanceOf(ChatException.class).hasMessageContaining("cancelled");
    assertThat(locks.size()).isEqualTo(1);
    held.release();
    assertThat(locks.size()).isZero();
    locks.acquire("s-1").release(); // the cancelled waiter took no permit with it
  }

  @Test
  void theHoldingThreadIsRefusedInsteadOfDeadlocking() {
    SessionLocks locks = new SessionLocks("vendorx", "chat", LONG);
    SessionLocks.Permit held = locks.acquire("c-1");
    assertThatThrownBy(() -> locks.acquire("c-1")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chat c-1").hasMessageContaining("close it");
    SessionLocks.Permit other = locks.acquire("c-2"); // other sessions are free
    assertThat(locks.size()).isEqualTo(2);
    other.release();
    held.release();
    assertThat(locks.size()).isZero();
  }

  @Test
  void aPermitIsReleasedOnAnyThreadAndOnlyOnce() throws Exception {
    SessionLocks locks = new SessionLocks("vendorx", "chat", Duration.ofMillis(300));
    SessionLocks.Permit held = locks.acquire("c-1");
    pool.submit(held::release).get(20, TimeUnit.SECONDS);
    held.release();
    held.release();
    SessionLocks.Permit next = locks.acquire("c-1");
    assertThat(failureOf(pool.submit(() -> locks.acquire("c-1")))).as("a second release freed nothing more")
        .isInstanceOf(ChatTimeoutException.class);
    next.release();
    assertThat(locks.size()).isZero();
  }

  @Test
  void theNextWaiterGetsTheLockWhenItIsReleased() throws Exception {
    SessionLocks locks = new SessionLocks("vendorx", "chat", LONG);
    SessionLocks.Permit held = locks.acquire("c-1");
    CountDownLatch waiting = new CountDownLatch(1);
    Future<SessionLocks.Permit> waiter = pool.submit(() -> {
      waiting.countDown();
      return locks.acquire("c-1");
    });
    assertThat(waiting.await(20, TimeUnit.SECONDS)).isTrue();
    held.release();
    waiter.get(20, TimeUnit.SECONDS).release();
    assertThat(locks.size()).isZero();
  }
}
