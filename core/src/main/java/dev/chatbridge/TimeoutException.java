package dev.chatbridge;

/** A connect, call or stream-idle timeout expired. */
public class TimeoutException extends ChatException {
  private static final long serialVersionUID = 1L;

  public TimeoutException(String message) {
    super(message);
  }

  public TimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
