package dev.chatbridge;

/** The server could not be reached, or the connection broke before a response arrived. */
public class ConnectionException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** A connection failure. */
  public ConnectionException(String message) {
    super(message);
  }

  /** A connection failure with its I/O cause. */
  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
