package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
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
  /** Set by {@link ChatSession} when its operation has listeners or options; null otherwise (nothing more kept). */
  private volatile Observation observation;

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

  /**
   * Makes this stream the rest of a {@link ChatSession#stream} operation: its reads and its close run with the
   * operation's {@code context} (its headers and counts; null when there is none), and {@code operation} (null
   * without listeners) is told of every event and ended when the stream is over. Not for vendors: a stream a backend
   * reads inside another operation (a send read through the stream path) is never observed.
   */
  void observe(Cancellation context, ChatOperation operation, Listeners listeners) {
    if (context != null || operation != null) observation = new Observation(context, operation, listeners);
  }

  /** The source's next event; its end before {@link ChatEvent.Completed} is a truncation. */
  @Override
  protected ChatEvent read() throws IOException {
    Observation o = observation;
    ChatEvent e;
    if (o == null || o.context == null) {
      e = source.next();
    } else {
      Cancellation previous = o.context.enter();
      try {
        e = source.next();
      } finally {
        Cancellation.restore(previous);
      }
    }
    if (e == null) {
      if (completed == null && !isCancelled()) {
        throw new StreamException(vendor() + " stream ended before the reply was complete (truncated)");
      }
      return null;
    }
    if (e instanceof ChatEvent.Completed c) completed = c.reply();
    if (o != null && o.operation != null) {
      o.operation.recordEvent();
      if (e instanceof ChatEvent.Completed c) o.operation.recordFinishReason(c.reply().finishReason().orElse(null));
    }
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
  protected void failed(RuntimeException failure) {
    Observation o = observation;
    if (o != null) o.failure = failure;
  }

  /** Releases the connection; an observed stream's operation ends here (after anything its close sent). */
  @Override
  protected void release() {
    Observation o = observation;
    if (o == null) {
      source.close();
      return;
    }
    try {
      if (o.context == null) {
        source.close();
      } else {
        Cancellation previous = o.context.enter();
        try {
          source.close();
        } finally {
          Cancellation.restore(previous);
        }
      }
    } finally {
      if (o.operation != null && o.operation.outcome() == ChatOperation.Outcome.RUNNING) {
        Listeners.count(o.operation, o.context);
        boolean success = completed != null;
        o.listeners.end(o.operation, success ? null : o.failure, !success && o.failure == null);
      }
    }
  }

  /** An observed stream's operation: its context, its {@link ChatOperation} and how a read failed. */
  private static final class Observation {
    final Cancellation context;
    final ChatOperation operation;
    final Listeners listeners;
    volatile RuntimeException failure;

    Observation(Cancellation context, ChatOperation operation, Listeners listeners) {
      this.context = context;
      this.operation = operation;
      this.listeners = listeners;
    }
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
