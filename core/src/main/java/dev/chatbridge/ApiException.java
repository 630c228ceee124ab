package dev.chatbridge;

import java.util.Optional;

/**
 * The server answered with an error status. The message names the status, the vendor and the vendor's own text;
 * {@link #rawBody()} keeps the body as received (credentials scrubbed).
 */
public class ApiException extends ChatException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String vendor;
  private final String requestId;
  private final String errorCode;
  private final String rawBody;
  private final String serverMessage;

  /**
   * An error response: the server's text and code as extracted from the body, with the raw body (already scrubbed
   * of the credential).
   */
  public ApiException(
      String vendor, int statusCode, String serverMessage, String errorCode, String requestId, String rawBody) {
    super(describe(vendor, statusCode, serverMessage, errorCode));
    this.vendor = vendor;
    this.statusCode = statusCode;
    this.serverMessage = serverMessage;
    this.errorCode = errorCode;
    this.requestId = requestId;
    this.rawBody = rawBody == null ? "" : rawBody;
  }

  static String describe(String vendor, int status, String serverMessage, String errorCode) {
    StringBuilder sb = new StringBuilder().append(vendor).append(" returned HTTP ").append(status);
    if (serverMessage != null && !serverMessage.isEmpty()) sb.append(": ").append(serverMessage);
    if (errorCode != null && !errorCode.isEmpty()) sb.append(" [").append(errorCode).append(']');
    return sb.toString();
  }

  /** The HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  /** The vendor name, e.g. {@code onyx}. */
  public String vendor() {
    return vendor;
  }

  /** The server's request id header, when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The vendor's machine-readable error code ({@code error_code}, {@code code}), when it sent one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The vendor's human-readable error text, as extracted from the body; empty when it sent none. */
  public String serverMessage() {
    return serverMessage == null ? "" : serverMessage;
  }

  /** The response body as received, possibly truncated, never containing the API key. */
  public String rawBody() {
    return rawBody;
  }
}
