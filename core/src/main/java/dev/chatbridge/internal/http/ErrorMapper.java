package dev.chatbridge.internal.http;

import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PermissionDeniedException;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.ServerException;


/** Turns an error response into the typed exception. Vendors override for their quirks, then defer. Not API. */
@FunctionalInterface
public interface ErrorMapper {
  /** The exception for this error, or null to use {@link #standard(ErrorContext)}. */
  ApiException map(ErrorContext ctx);

  /**
   * An error response as the transport saw it: the request's method and path (without query, for route-scoped
   * quirks), the body as read by {@link ErrorBody#parse}, and the {@link ApiError} the standard mapping would use
   * (change a field with {@code error().toBuilder()}).
   */
  record ErrorContext(String method, String path, ErrorBody body, ApiError error) {
    /** The HTTP status. */
    public int status() {
      return error.statusCode();
    }
  }

  /**
   * Status → exception: 400/413/414/422/431 invalid (414 and 431: the request line or headers were too long for
   * the server), 401 auth, 403 permission, 404 not found, 429 rate, 5xx server.
   */
  static ApiException standard(ErrorContext c) {
    ApiError e = c.error();
    return switch (e.statusCode()) {
      case 400, 413, 414, 422, 431 -> new InvalidRequestException(e);
      case 401 -> new AuthenticationException(e);
      case 403 -> new PermissionDeniedException(e);
      case 404 -> new NotFoundException(e);
      case 429 -> new RateLimitException(e);
      default -> e.statusCode() >= 500 ? new ServerException(e) : new ApiException(e);
    };
  }
}
