package dev.chatbridge.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * The retry rules, with no HTTP in them (docs/ARCHITECTURE.md, Transport rules; the README's "Retries and
 * timeouts"): whether a failed attempt is tried again, how long to wait before it, and what a {@code Retry-After}
 * asks for. A request is tried again, at most {@code maxRetries} times, when nothing was sent (a connect failure),
 * on 429 and on 503 with {@code Retry-After} (the server refused it unprocessed), and, for idempotent requests only,
 * after any I/O failure (a reset, a read timeout, a body that breaks off or stalls) and on 408/500/502/503/504. So a
 * message-sending or session-creating POST is never repeated once it may have reached the server. The operation's
 * time limit and a caller's cancel are the transport's to check. Not API.
 */
final class RetryPolicy {
  /** The longest wait a {@code Retry-After} gets; a longer one is cut to this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private final int maxRetries;
  private final DoubleSupplier jitter;
  private final Clock clock;

  /**
   * {@code jitter} gives the backoff factor's random part in [0, 1); {@code clock} turns an HTTP-date
   * {@code Retry-After} into a wait.
   */
  RetryPolicy(int maxRetries, DoubleSupplier jitter, Clock clock) {
    this.maxRetries = maxRetries;
    this.jitter = jitter;
    this.clock = clock;
  }

  /** How many times a request may be tried again (0: once only). */
  int maxRetries() {
    return maxRetries;
  }

  /**
   * Whether attempt {@code attempt} (0 for the first) is tried again after an I/O failure: one before anything was
   * sent (connect, DNS or TLS failure; {@code sent} false) for any request, one after the request may have been
   * written (a reset, a read timeout, a body that broke off or stalled) for an idempotent request only.
   */
  boolean retriesFailure(boolean idempotent, boolean sent, int attempt) {
    return retriesFailure(idempotent, sent, attempt, maxRetries);
  }

  /** {@link #retriesFailure(boolean, boolean, int)} with a call's own retry limit ({@code RequestOptions}). */
  boolean retriesFailure(boolean idempotent, boolean sent, int attempt, int maxRetries) {
    return attempt < maxRetries && (!sent || idempotent);
  }

  /**
   * Whether attempt {@code attempt} is tried again after an error {@code status}: 429, and 503 with a
   * {@code Retry-After}, for any request (the server refused it unprocessed); 408, 500, 502, 503 and 504 for an
   * idempotent request only; nothing else.
   */
  boolean retriesStatus(int status, boolean idempotent, boolean retryAfterGiven, int attempt) {
    return retriesStatus(status, idempotent, retryAfterGiven, attempt, maxRetries);
  }

  /** {@link #retriesStatus(int, boolean, boolean, int)} with a call's own retry limit ({@code RequestOptions}). */
  boolean retriesStatus(int status, boolean idempotent, boolean retryAfterGiven, int attempt, int maxRetries) {
    if (attempt >= maxRetries) return false;
    if (status == 429 || (status == 503 && retryAfterGiven)) return true;
    return idempotent && switch (status) {
      case 408, 500, 502, 503, 504 -> true;
      default -> false;
    };
  }

  /**
   * The wait before trying attempt {@code attempt} again: the server's {@code retryAfter} (null when it gave none)
   * cut to {@link #MAX_RETRY_AFTER}, else min(0.5·2^attempt, 8) s times a jitter factor between 0.75 and 1.0.
   */
  Duration backoff(int attempt, Duration retryAfter) {
    if (retryAfter != null) return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    double seconds = Math.min(0.5 * Math.pow(2, attempt), 8.0) * (0.75 + 0.25 * jitter.getAsDouble());
    return Duration.ofMillis((long) (seconds * 1000));
  }

  /**
   * What the server asked to wait, as it said it (not cut): {@code Retry-After-Ms} in milliseconds when it is a
   * number ≥ 0, else {@code Retry-After} (see {@link #parseRetryAfter}); null when neither is readable.
   */
  Duration retryAfter(String retryAfterMs, String retryAfter) {
    if (retryAfterMs != null) {
      try {
        double millis = Double.parseDouble(retryAfterMs.trim());
        if (millis >= 0) return Duration.ofMillis((long) millis);
      } catch (NumberFormatException ignored) {
        // fall back to Retry-After
      }
    }
    return parseRetryAfter(retryAfter, clock);
  }

  /**
   * {@code Retry-After} as seconds (≥ 0, fractions allowed) or an HTTP-date (a date in the past is no wait); null
   * when absent, negative or unreadable.
   */
  static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) return null;
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException ignored) {
      // an HTTP-date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
