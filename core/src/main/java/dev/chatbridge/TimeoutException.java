package dev.chatbridge;

/** A connect, call or stream-idle timeout expired. */
public class TimeoutException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** A timeout. */
  public TimeoutException(String message) {
    super(message);
  }

  /** A timeout with its I/O cause. */
  public TimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
