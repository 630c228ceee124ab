package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every rule of the README's "Retries and timeouts" and docs/RELIABILITY.md ("No duplicate sends") as a table, with
 * no server: what is tried again, how long to wait, and what {@code Retry-After} means. The transport tests prove
 * the loop follows these answers.
 */
class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static RetryPolicy policy(int maxRetries, double jitter) {
    return new RetryPolicy(maxRetries, () -> jitter, CLOCK);
  }

  private static final RetryPolicy DEFAULT = policy(2, 1.0);

  @ParameterizedTest(name = "{0}: idempotent {1}, sent {2} -> {3}")
  @CsvSource({
      "connect failure (nothing sent), false, false, true",
      "connect failure (nothing sent), true,  false, true",
      "reset after send,               false, true,  false",
      "reset after send,               true,  true,  true",
      "read timeout,                   false, true,  false",
      "read timeout,                   true,  true,  true",
      "body broke off or stalled,      false, true,  false",
      "body broke off or stalled,      true,  true,  true",
  })
  void anIoFailureIsRetriedWhenNothingWasSentOrTheRequestIsIdempotent(String failure, boolean idempotent,
      boolean sent, boolean retried) {
    assertThat(DEFAULT.retriesFailure(idempotent, sent, 0)).as(failure).isEqualTo(retried);
  }

  @ParameterizedTest(name = "{0} (Retry-After {1}): POST {2}, GET {3}")
  @CsvSource({
      // status, Retry-After given, retried for a non-idempotent POST, retried for an idempotent read
      "408, false, false, true",
      "429, false, true,  true",
      "429, true,  true,  true",
      "500, false, false, true",
      "502, false, false, true",
      "503, false, false, true",
      "503, true,  true,  true",
      "504, false, false, true",
      "400, false, false, false",
      "401, false, false, false",
      "403, false, false, false",
      "404, false, false, false",
      "409, false, false, false",
      "413, false, false, false",
      "422, false, false, false",
      "501, false, false, false",
      "500, true,  false, true",
  })
  void anErrorStatusIsRetriedAsTheRulesSay(int status, boolean retryAfter, boolean post, boolean get) {
    assertThat(DEFAULT.retriesStatus(status, false, retryAfter, 0)).as("non-idempotent").isEqualTo(post);
    assertThat(DEFAULT.retriesStatus(status, true, retryAfter, 0)).as("idempotent").isEqualTo(get);
  }

  @Test
  void nothingIsRetriedOnceTheRetriesAreUsedUp() {
    RetryPolicy two = policy(2, 1.0);
    assertThat(two.retriesFailure(true, false, 1)).isTrue();
    assertThat(two.retriesFailure(true, false, 2)).as("attempt 3 of 3").isFalse();
    assertThat(two.retriesStatus(429, true, true, 1)).isTrue();
    assertThat(two.retriesStatus(429, true, true, 2)).isFalse();
    RetryPolicy off = policy(0, 1.0);
    assertThat(off.retriesFailure(true, false, 0)).as("max-retries 0: one attempt").isFalse();
    assertThat(off.retriesStatus(503, true, true, 0)).isFalse();
    assertThat(off.maxRetries()).isZero();
  }

  @ParameterizedTest(name = "retry {0}: {1} ms at jitter 1.0, {2} ms at jitter 0.0")
  @CsvSource({
      "0, 500,  375",
      "1, 1000, 750",
      "2, 2000, 1500",
      "3, 4000, 3000",
      "4, 8000, 6000",
      "5, 8000, 6000",
      "9, 8000, 6000",
  })
  void theBackoffIsExponentialCappedAtEightSecondsTimesThreeQuartersToOne(int attempt, long top, long bottom) {
    assertThat(policy(10, 1.0).backoff(attempt, null)).isEqualTo(Duration.ofMillis(top));
    assertThat(policy(10, 0.0).backoff(attempt, null)).isEqualTo(Duration.ofMillis(bottom));
    assertThat(policy(10, 0.5).backoff(attempt, null)).isBetween(Duration.ofMillis(bottom), Duration.ofMillis(top));
  }

  @Test
  void aRetryAfterReplacesTheBackoffAndIsCutToSixtySeconds() {
    assertThat(DEFAULT.backoff(0, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(DEFAULT.backoff(4, Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(DEFAULT.backoff(0, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    assertThat(DEFAULT.backoff(0, Duration.ofSeconds(3600))).isEqualTo(RetryPolicy.MAX_RETRY_AFTER)
        .isEqualTo(Duration.ofSeconds(60));
  }

  private static String httpDate(long secondsFromNow) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(secondsFromNow).atOffset(ZoneOffset.UTC));
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDateAndNullWhenUnreadable() {
    assertThat(RetryPolicy.parseRetryAfter("7", CLOCK)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryPolicy.parseRetryAfter(" 1.5 ", CLOCK)).isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryPolicy.parseRetryAfter("0", CLOCK)).isEqualTo(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter(httpDate(12), CLOCK)).isEqualTo(Duration.ofSeconds(12));
    assertThat(RetryPolicy.parseRetryAfter(httpDate(-30), CLOCK)).as("a date in the past: no wait")
        .isEqualTo(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("3600", CLOCK)).as("as the server said it; the wait is cut")
        .isEqualTo(Duration.ofHours(1));
    assertThat(RetryPolicy.parseRetryAfter("-1", CLOCK)).isNull();
    assertThat(RetryPolicy.parseRetryAfter("soon", CLOCK)).isNull();
    assertThat(RetryPolicy.parseRetryAfter("", CLOCK)).isNull();
    assertThat(RetryPolicy.parseRetryAfter(null, CLOCK)).isNull();
  }

  @Test
  void retryAfterMsComesFirstAndANegativeOrUnreadableOneFallsBackToRetryAfter() {
    assertThat(DEFAULT.retryAfter("1500", "9")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DEFAULT.retryAfter("0", null)).isEqualTo(Duration.ZERO);
    assertThat(DEFAULT.retryAfter("-100", "9")).isEqualTo(Duration.ofSeconds(9));
    assertThat(DEFAULT.retryAfter("-100", null)).isNull();
    assertThat(DEFAULT.retryAfter("later", httpDate(4))).isEqualTo(Duration.ofSeconds(4));
    assertThat(DEFAULT.retryAfter(null, null)).isNull();
  }
}
