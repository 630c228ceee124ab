package dev.chatbridge;

import java.util.Optional;

/**
 * A stream failed after the server answered 200: the vendor reported an error inside the stream, the connection
 * broke mid-stream, or the stream ended without its terminal event (truncation is never silent).
 */
public class StreamException extends ChatException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final Boolean retryable;

  /** A stream failure. */
  public StreamException(String message) {
    this(message, null, null, null);
  }

  /** A stream failure with its cause. */
  public StreamException(String message, Throwable cause) {
    this(message, null, null, cause);
  }

  /** An error the vendor reported inside the stream, with its code and retry hint (each may be null). */
  public StreamException(String message, String errorCode, Boolean retryable, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.retryable = retryable;
  }

  /** The vendor's error code for an in-stream error (Onyx {@code error_code}), when it sent one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** Whether the vendor said the error is retryable (Onyx {@code is_retryable}), when it said. */
  public Optional<Boolean> retryable() {
    return Optional.ofNullable(retryable);
  }
}
