package dev.chatbridge;

/** The server could not be reached, or the connection broke before a response arrived. */
public class ConnectionException extends ChatException {
  private static final long serialVersionUID = 1L;

  public ConnectionException(String message) {
    super(message);
  }

  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
