package dev.chatbridge;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with an error status. The message names the status, the vendor and the vendor's own text;
 * {@link #rawBody()} keeps the body as received (credentials scrubbed).
 */
public class ApiException extends ChatException {
  private static final long serialVersionUID = 1L;

  private final ApiError error;

  /** The exception for {@code error}; its message names the status, the vendor and the vendor's own text. */
  public ApiException(ApiError error) {
    super(describe(error));
    this.error = error;
  }

  static String describe(ApiError e) {
    StringBuilder sb = new StringBuilder().append(e.vendor()).append(" returned HTTP ").append(e.statusCode());
    if (!e.serverMessage().isEmpty()) sb.append(": ").append(e.serverMessage());
    e.errorCode().ifPresent(code -> sb.append(" [").append(code).append(']'));
    return sb.toString();
  }

  /** Everything ChatBridge read of the error response. */
  public ApiError error() {
    return error;
  }

  /** The HTTP status code; 0 when ChatBridge refused the request before sending it. */
  public int statusCode() {
    return error.statusCode();
  }

  /** The vendor name, e.g. {@code onyx}. */
  public String vendor() {
    return error.vendor();
  }

  /** The server's request id header, when it sent one. */
  public Optional<String> requestId() {
    return error.requestId();
  }

  /** The vendor's machine-readable error code ({@code error_code}, {@code code}), when it sent one. */
  public Optional<String> errorCode() {
    return error.errorCode();
  }

  /** The vendor's human-readable error text, as extracted from the body; empty when it sent none. */
  public String serverMessage() {
    return error.serverMessage();
  }

  /** The response body as received, possibly truncated, never containing the API key. */
  public String rawBody() {
    return error.rawBody();
  }

  /** The response headers (names in any case); empty for a local refusal. */
  public Map<String, List<String>> headers() {
    return error.headers();
  }
}
