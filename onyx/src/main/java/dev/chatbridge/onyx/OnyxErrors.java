package dev.chatbridge.onyx;

import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.internal.http.ErrorMapper;
import dev.chatbridge.internal.json.Json;
import java.time.Duration;
import java.util.Locale;

/**
 * Onyx's error quirks on top of the standard mapping. The four body shapes ({@code {error_code, detail}},
 * {@code {detail}}, {@code {message}}, {@code {status_code, message, data}}) are read by the core's ErrorBody.
 */
final class OnyxErrors implements ErrorMapper {
  static final OnyxErrors INSTANCE = new OnyxErrors();

  static final String MESSAGE_ID_REQUIRED = "Message ID is required";

  private OnyxErrors() {}

  @Override
  public ApiException map(ErrorContext c) {
    String message = c.body().message;
    String code = c.body().code;
    if (isAuthFailure(c.status(), message, code)) {
      return new AuthenticationException(c.error());
    }
    if (c.status() == 400 && MESSAGE_ID_REQUIRED.equals(message)) {
      return new InvalidRequestException(c.error().toBuilder().serverMessage(message + " (Onyx's non-streaming send "
          + "hides the real cause: usually an unknown or deleted chat session, a parent message that is not on the "
          + "latest mainline, or no access to the persona; stream the message to see the server's own error)")
          .build());
    }
    if (c.status() == 429 && c.error().retryAfter().isEmpty() && c.body().json != null) {
      Integer seconds = Json.integer(c.body().json, "retry_after_seconds");
      if (seconds != null && seconds >= 0) {
        return new RateLimitException(c.error().toBuilder().retryAfter(Duration.ofSeconds(seconds)).build());
      }
    }
    return null;
  }

  /**
   * 401, and the 403 Onyx sends for a missing or unknown credential ({@code "Access denied. User is not
   * authenticated."}) or an expired login; other 403s are missing permissions.
   */
  static boolean isAuthFailure(int status, String message, String code) {
    if (status == 401) return true;
    if (status != 403) return false;
    if ("UNAUTHENTICATED".equals(code) || "SESSION_EXPIRED".equals(code)) return true;
    return message != null && message.toLowerCase(Locale.ROOT).contains("not authenticated");
  }
}
