package dev.chatbridge;

import java.time.Duration;
import java.util.Optional;

/** The server refused the request for rate or budget reasons (429). Retried automatically up to the limit. */
public class RateLimitException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 429; {@link #retryAfter()} is the error's {@code Retry-After}, if any. */
  public RateLimitException(ApiError error) {
    super(error);
  }

  /** How long the server asked us to wait ({@code Retry-After}, seconds or HTTP-date), when it said. */
  public Optional<Duration> retryAfter() {
    return error().retryAfter();
  }
}
