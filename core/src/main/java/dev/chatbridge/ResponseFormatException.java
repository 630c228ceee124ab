package dev.chatbridge;

/** The server's answer could not be understood: not JSON, wrong shape, missing a required field. */
public class ResponseFormatException extends ChatException {
  private static final long serialVersionUID = 1L;

  private final String body;

  /** An unreadable body with the parser's error. */
  public ResponseFormatException(String message, String body, Throwable cause) {
    super(message, cause);
    this.body = body == null ? "" : body;
  }

  /** An unreadable body. */
  public ResponseFormatException(String message, String body) {
    this(message, body, null);
  }

  /** The offending body (possibly truncated, never containing the API key). */
  public String body() {
    return body;
  }
}
