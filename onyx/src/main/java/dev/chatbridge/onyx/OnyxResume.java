package dev.chatbridge.onyx;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.internal.http.Cancellation;
import java.time.Duration;

/**
 * How one client rejoins replies whose connection broke (see the package documentation): how many
 * {@code resume-stream} attempts, the time they get, the waits between them, and whether this server has the
 * route at all (learned once: a server before Onyx 4.2 answers FastAPI's plain 404, and then only the session is
 * read). Shared by the client's streams; thread-safe.
 */
final class OnyxResume {
  /** Waits before the second, third, … attempt: 250 ms doubling, at most 2 s. */
  static final Duration BACKOFF = Duration.ofMillis(250);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  /** Waits between reads of the session while the reply is not there yet: 250 ms doubling, at most 1 s. */
  static final Duration POLL = Duration.ofMillis(250);
  static final Duration MAX_POLL = Duration.ofSeconds(1);

  final int attempts;
  final long callTimeoutNanos;
  final long idleTimeoutNanos;
  final long totalTimeoutNanos; // 0: none

  private volatile boolean routeMissing;

  OnyxResume(ChatConfig config, int attempts) {
    this(attempts, config.callTimeout(), config.streamIdleTimeout(), config.streamTotalTimeout().orElse(null));
  }

  OnyxResume(int attempts, Duration callTimeout, Duration idleTimeout, Duration totalTimeout) {
    this.attempts = attempts;
    this.callTimeoutNanos = callTimeout.toNanos();
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.totalTimeoutNanos = totalTimeout == null ? 0 : totalTimeout.toNanos();
  }

  /** False when {@code resume-attempts} is 0: a broken reply fails as it did before reply recovery. */
  boolean enabled() {
    return attempts > 0;
  }

  /** True once this server answered {@code resume-stream} with FastAPI's plain 404: it predates durable runs. */
  boolean routeMissing() {
    return routeMissing;
  }

  void markRouteMissing() {
    routeMissing = true;
  }

  /**
   * The time a recovery that starts now may take, as a {@link System#nanoTime()} deadline: a blocking send's own
   * deadline ({@code chatbridge.timeout} from its start, plus retry waits), else {@code chatbridge.timeout} from
   * now; never past the stream's total limit ({@code chatbridge.stream-total-timeout} from {@code streamStart}).
   */
  long deadline(long streamStart) {
    long operation = Cancellation.deadlineNanos(Duration.ofNanos(callTimeoutNanos));
    if (totalTimeoutNanos == 0) return operation;
    long total = streamStart + totalTimeoutNanos;
    return total - operation < 0 ? total : operation;
  }

  /** True when the stream started at {@code streamStart} is past {@code chatbridge.stream-total-timeout}. */
  boolean pastTotal(long streamStart, long now) {
    return totalTimeoutNanos != 0 && now - streamStart - totalTimeoutNanos > 0;
  }

  /** The wait before attempt {@code number} (1-based): none before the first. */
  static long backoffNanos(int number) {
    if (number <= 1) return 0;
    return Math.min(BACKOFF.toNanos() << Math.min(number - 2, 10), MAX_BACKOFF.toNanos());
  }

  /** The wait before session read {@code number} (1-based): none before the first. */
  static long pollNanos(int number) {
    if (number <= 1) return 0;
    return Math.min(POLL.toNanos() << Math.min(number - 2, 10), MAX_POLL.toNanos());
  }
}
