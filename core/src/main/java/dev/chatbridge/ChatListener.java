package dev.chatbridge;

/**
 * Told of every vendor-neutral operation a {@link ChatClient} performs, for metrics, tracing and logs. Register it
 * with {@link ChatConfig.Builder#listener(ChatListener)}.
 *
 * <p>{@link #onStart} runs on the calling thread before the first request; {@link #onEnd} once, when the operation
 * is over: when a blocking call returns or throws, and for {@link ChatSession#stream} when the stream completes,
 * fails, is cancelled or is closed (on the thread that did so). Both receive the same {@link ChatOperation}, which
 * carries no message text and no credential, and in which a listener may keep its own state
 * ({@link ChatOperation#attribute}). A listener that throws is logged on {@code dev.chatbridge} and never breaks the
 * call. Keep listeners quick: they run on the caller's thread.
 */
public interface ChatListener {
  /** An operation is about to start. */
  default void onStart(ChatOperation operation) {}

  /** The operation ended; its outcome, duration, attempts and (for streams) event figures are now set. */
  default void onEnd(ChatOperation operation) {}
}
