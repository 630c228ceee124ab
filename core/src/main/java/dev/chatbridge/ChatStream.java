package dev.chatbridge;

import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.EventStream;
import java.io.IOException;
import java.util.Objects;

/**
 * A reply arriving event by event. Iterate it once (for-each or {@link #stream()}), each event handed over as
 * soon as its bytes arrive; then {@link #reply()} gives the whole reply. Always close it: try-with-resources.
 *
 * <p>Errors the vendor reports inside the stream, a broken connection and a stream that ends without its
 * terminal event all throw {@link StreamException} from the iterator; silence longer than the stream idle
 * timeout, or a stream running past {@code chatbridge.stream-total-timeout} when that is set, throws
 * {@link ChatTimeoutException}. {@link #cancel()} closes the socket at once and, where the vendor needs
 * it, tells the server to stop generating; {@link #close()} releases the connection and cancels a stream that has
 * not delivered {@link ChatEvent.Completed} yet. The typed vendor streams share these rules ({@link EventStream}).
 */
public final class ChatStream extends EventStream<ChatEvent> {
  private final EventSource source;
  private volatile ChatReply completed;

  private ChatStream(String vendor, EventSource source) {
    super(vendor);
    this.source = Objects.requireNonNull(source, "source");
  }

  /** A stream over a vendor's event source; for provider implementations. */
  public static ChatStream of(String vendor, EventSource source) {
    return new ChatStream(vendor, source);
  }

  /**
   * A stream for vendors without native streaming: the whole reply as one {@link ChatEvent.TextDelta}, then
   * {@link ChatEvent.Completed}.
   */
  public static ChatStream ofReply(String vendor, ChatReply reply) {
    Objects.requireNonNull(reply, "reply");
    return new ChatStream(vendor, new EventSource() {
      private int index;

      @Override
      public ChatEvent next() {
        return switch (index++) {
          case 0 -> reply.text().isEmpty() ? next() : new ChatEvent.TextDelta(reply.text());
          case 1 -> new ChatEvent.Completed(reply);
          default -> null;
        };
      }

      @Override
      public void cancel() {}

      @Override
      public ChatReply partialReply() {
        return reply;
      }

      @Override
      public void close() {}
    });
  }

  /** The source's next event; its end before {@link ChatEvent.Completed} is a truncation. */
  @Override
  protected ChatEvent read() throws IOException {
    ChatEvent e = source.next();
    if (e == null) {
      if (completed == null && !isCancelled()) {
        throw new StreamException(vendor() + " stream ended before the reply was complete (truncated)");
      }
      return null;
    }
    if (e instanceof ChatEvent.Completed c) completed = c.reply();
    return e;
  }

  @Override
  protected boolean isComplete() {
    return completed != null;
  }

  @Override
  protected void stop() {
    source.cancel();
  }

  @Override
  protected void release() {
    source.close();
  }

  /**
   * The whole reply: reads any events not yet read, then returns what {@link ChatEvent.Completed} carried. After
   * {@link #cancel()}, returns the reply as far as it got (or throws {@link StreamException} when nothing came).
   */
  public ChatReply reply() {
    drain();
    if (completed != null) return completed;
    ChatReply partial = source.partialReply();
    if (partial == null) throw new StreamException(vendor() + " stream was cancelled before any reply arrived");
    return partial;
  }
}
