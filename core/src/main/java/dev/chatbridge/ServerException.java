package dev.chatbridge;

/** The server failed (5xx). */
public class ServerException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 5xx; see {@link ApiException}. */
  public ServerException(
      String vendor, int statusCode, String serverMessage, String errorCode, String requestId, String rawBody) {
    super(vendor, statusCode, serverMessage, errorCode, requestId, rawBody);
  }
}
