package dev.chatbridge.internal.http;

import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PermissionDeniedException;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.ServerException;
import java.time.Duration;

/** Turns an error response into the typed exception. Vendors override for their quirks, then defer. Not API. */
@FunctionalInterface
public interface ErrorMapper {
  /** The exception for this error, or null to use {@link #standard(ErrorContext)}. */
  ApiException map(ErrorContext ctx);

  /** An error response as the transport saw it. */
  final class ErrorContext {
    /** The vendor name. */
    public final String vendor;
    /** The HTTP status. */
    public final int status;
    /** The request method. */
    public final String method;
    /** The request path (without query), for route-scoped quirks. */
    public final String path;
    /** The body as read by {@link ErrorBody#parse}. */
    public final ErrorBody body;
    /** The body text, scrubbed of the credential and cut at 64 KiB. */
    public final String rawBody;
    /** The {@code x-request-id} header, or null. */
    public final String requestId;
    /** The parsed {@code Retry-After}, or null. */
    public final Duration retryAfter;

    /** An error response as the transport read it. */
    public ErrorContext(String vendor, int status, String method, String path, ErrorBody body, String rawBody,
        String requestId, Duration retryAfter) {
      this.vendor = vendor;
      this.status = status;
      this.method = method;
      this.path = path;
      this.body = body;
      this.rawBody = rawBody;
      this.requestId = requestId;
      this.retryAfter = retryAfter;
    }
  }

  /**
   * Status → exception: 400/413/414/422/431 invalid (414 and 431: the request line or headers were too long for
   * the server), 401 auth, 403 permission, 404 not found, 429 rate, 5xx server.
   */
  static ApiException standard(ErrorContext c) {
    String msg = c.body.message;
    String code = c.body.code;
    switch (c.status) {
      case 400:
      case 413:
      case 414:
      case 422:
      case 431:
        return new InvalidRequestException(c.vendor, c.status, msg, code, c.requestId, c.rawBody, c.body.details);
      case 401:
        return new AuthenticationException(c.vendor, c.status, msg, code, c.requestId, c.rawBody);
      case 403:
        return new PermissionDeniedException(c.vendor, c.status, msg, code, c.requestId, c.rawBody);
      case 404:
        return new NotFoundException(c.vendor, c.status, msg, code, c.requestId, c.rawBody);
      case 429:
        return new RateLimitException(c.vendor, c.status, msg, code, c.requestId, c.rawBody, c.retryAfter);
      default:
        if (c.status >= 500) return new ServerException(c.vendor, c.status, msg, code, c.requestId, c.rawBody);
        return new ApiException(c.vendor, c.status, msg, code, c.requestId, c.rawBody);
    }
  }
}
