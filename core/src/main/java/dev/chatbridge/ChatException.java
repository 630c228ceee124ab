package dev.chatbridge;

/**
 * Base of every exception ChatBridge throws. Unchecked, so callers handle only what they care about.
 *
 * <p>No message of any ChatBridge exception contains a credential.
 */
public class ChatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message (never containing a credential). */
  public ChatException(String message) {
    super(message);
  }

  /** An exception with a message and its cause. */
  public ChatException(String message, Throwable cause) {
    super(message, cause);
  }
}
