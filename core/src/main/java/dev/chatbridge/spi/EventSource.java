package dev.chatbridge.spi;

import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import java.io.IOException;

/**
 * The vendor side of a {@link dev.chatbridge.ChatStream}: yields events one at a time as their bytes arrive.
 * Implementations throw {@link dev.chatbridge.StreamException} for errors the vendor reports inside the stream and
 * return {@code null} at the end of the body; the stream checks that a {@link ChatEvent.Completed} came first.
 */
public interface EventSource extends AutoCloseable {
  /** The next event, blocking until it arrives; {@code null} at the end of the stream. */
  ChatEvent next() throws IOException;

  /**
   * Stops the stream at once: closes the socket and, where the vendor needs it, tells the server to stop
   * generating. Called from any thread; must not block on the stream.
   */
  void cancel();

  /** The reply as far as it got, for {@code reply()} after a cancel; null when nothing arrived. */
  default ChatReply partialReply() {
    return null;
  }

  /** Releases the connection. Idempotent. */
  @Override
  void close();
}
