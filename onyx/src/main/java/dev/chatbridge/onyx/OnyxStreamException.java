package dev.chatbridge.onyx;

import dev.chatbridge.StreamException;
import java.util.Objects;
import java.util.Set;

/**
 * An error Onyx reported inside a reply stream (a {@link StreamingError} line), as the neutral API throws it.
 * {@link #retryable()} is ChatBridge's verdict, not always the server's: Onyx marks errors that cannot succeed on a
 * second try as retryable ({@code VALIDATION_ERROR} for an unknown or deleted session or a parent off the mainline,
 * {@code INIT_FAILED} for a setup that cannot work, the model's {@code BAD_REQUEST} and
 * {@code UNPROCESSABLE_ENTITY}), so for those codes it is false. The server's own flag stays readable through
 * {@link #streamingError()}{@code .isRetryable()}, with the rest of the line (details, stack trace).
 */
public final class OnyxStreamException extends StreamException {
  private static final long serialVersionUID = 1L;

  /** Codes Onyx marks retryable although the same request fails the same way again. */
  static final Set<String> PERMANENT = Set.of("VALIDATION_ERROR", "INIT_FAILED", "BAD_REQUEST",
      "UNPROCESSABLE_ENTITY");

  private final transient StreamingError streamingError;

  OnyxStreamException(String message, StreamingError error) {
    super(message, error.errorCode(), retryable(error), null);
    this.streamingError = Objects.requireNonNull(error, "error");
  }

  /**
   * Whether retrying may help: false for the codes above whatever the server said, else the server's
   * {@code is_retryable} (null on a bare {@code {"error"}} line).
   */
  static Boolean retryable(StreamingError error) {
    String code = error.errorCode();
    return code != null && PERMANENT.contains(code) ? Boolean.FALSE : error.isRetryable();
  }

  /**
   * The line as the server sent it: its own {@code is_retryable}, {@code details}, {@code stack_trace} (null after
   * Java serialization, which does not carry it).
   */
  public StreamingError streamingError() {
    return streamingError;
  }
}
