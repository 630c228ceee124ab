package dev.chatbridge;

import java.time.Duration;
import java.util.Optional;

/** The server refused the request for rate or budget reasons (429). Retried automatically up to the limit. */
public class RateLimitException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /** A 429 with the server's {@code Retry-After}, if any. */
  public RateLimitException(
      String vendor,
      int statusCode,
      String serverMessage,
      String errorCode,
      String requestId,
      String rawBody,
      Duration retryAfter) {
    super(vendor, statusCode, serverMessage, errorCode, requestId, rawBody);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked us to wait ({@code Retry-After}, seconds or HTTP-date), when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
