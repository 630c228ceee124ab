package dev.chatbridge;

/**
 * A connect timeout, an operation's time limit ({@code chatbridge.timeout}), or a stream's idle or total timeout
 * expired. Named so it does not share its simple name with {@link java.util.concurrent.TimeoutException}, which
 * {@code sendAsync(..).get(timeout, unit)} throws when the caller's own wait runs out.
 */
public class ChatTimeoutException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** A timeout. */
  public ChatTimeoutException(String message) {
    super(message);
  }

  /** A timeout with its I/O cause. */
  public ChatTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
