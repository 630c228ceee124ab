package dev.chatbridge;

import com.fasterxml.jackson.core.JacksonException;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.spi.EventSource;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A reply arriving event by event. Iterate it once (for-each or {@link #stream()}), each event handed over as
 * soon as its bytes arrive; then {@link #reply()} gives the whole reply. Always close it: try-with-resources.
 *
 * <p>Errors the vendor reports inside the stream, a broken connection and a stream that ends without its
 * terminal event all throw {@link StreamException} from the iterator; silence longer than the stream idle
 * timeout, or a stream running past {@code chatbridge.stream-total-timeout} when that is set, throws
 * {@link ChatTimeoutException}. {@link #cancel()} closes the socket at once and, where the vendor needs
 * it, tells the server to stop generating.
 */
public final class ChatStream implements AutoCloseable, Iterable<ChatEvent> {
  private final EventSource source;
  private final String vendor;
  private boolean iterated;
  private ChatEvent pending;
  private volatile ChatReply completed;
  private boolean finished;
  private volatile boolean cancelled;
  private volatile boolean closed;

  private ChatStream(String vendor, EventSource source) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
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
        switch (index++) {
          case 0:
            return reply.text().isEmpty() ? next() : new ChatEvent.TextDelta(reply.text());
          case 1:
            return new ChatEvent.Completed(reply);
          default:
            return null;
        }
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

  /** The events, once. A second call throws {@link IllegalStateException}. */
  @Override
  public synchronized Iterator<ChatEvent> iterator() {
    if (iterated) throw new IllegalStateException("a ChatStream can be iterated only once");
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return advance();
      }

      @Override
      public ChatEvent next() {
        ChatEvent e = pending; // usually set by hasNext() just before, on this same (iterating) thread
        if (e == null) {
          if (!advance()) throw new NoSuchElementException();
          e = pending;
        }
        pending = null;
        return e;
      }
    };
  }

  /** The events as a sequential {@link Stream}; closing it closes this. */
  public Stream<ChatEvent> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(this::close);
  }

  private synchronized boolean advance() {
    if (pending != null) return true;
    if (finished) return false;
    if (cancelled || closed) {
      finish();
      return false;
    }
    ChatEvent e;
    try {
      e = source.next();
    } catch (ChatException ex) {
      finish();
      if (cancelled) return false;
      throw ex;
    } catch (JacksonException ex) {
      finish();
      // no cause, and Jackson's quoted token masked: it is whatever the server sent, possibly the credential
      throw new ResponseFormatException(vendor + " sent a malformed stream event: " + Json.describe(ex), "");
    } catch (IOException ex) {
      finish();
      if (cancelled || closed) return false;
      throw translate(ex);
    } catch (java.io.UncheckedIOException ex) {
      finish();
      if (cancelled || closed) return false;
      throw translate(ex.getCause());
    } catch (RuntimeException ex) {
      finish();
      if (cancelled) return false;
      throw new StreamException(vendor + " stream failed: " + ex, ex);
    }
    if (e == null) {
      finish();
      if (completed == null && !cancelled) {
        throw new StreamException(vendor + " stream ended before the reply was complete (truncated)");
      }
      return false;
    }
    if (e instanceof ChatEvent.Completed) completed = ((ChatEvent.Completed) e).reply();
    pending = e;
    return true;
  }

  private ChatException translate(IOException ex) {
    if (ex instanceof SocketTimeoutException) {
      return new ChatTimeoutException(vendor + " stream was idle longer than its timeout", ex);
    }
    if (Transport.isTimeout(ex)) { // OkHttp's call timeout: a total limit, not silence
      return new ChatTimeoutException(vendor + " stream ran past its time limit (chatbridge.timeout for a blocking send, "
          + "chatbridge.stream-total-timeout for a stream)", ex);
    }
    return new StreamException(vendor + " stream broke mid-reply: " + ex.getMessage(), ex);
  }

  private void finish() {
    finished = true;
    source.close();
  }

  /**
   * The whole reply: reads any events not yet read, then returns what {@link ChatEvent.Completed} carried. After
   * {@link #cancel()}, returns the reply as far as it got (or throws {@link StreamException} when nothing came).
   */
  public ChatReply reply() {
    synchronized (this) {
      if (!iterated) {
        for (ChatEvent ignored : this) {
          // drain
        }
      } else {
        while (advance()) pending = null;
      }
      if (completed != null) return completed;
    }
    ChatReply partial = source.partialReply();
    if (partial == null) throw new StreamException(vendor + " stream was cancelled before any reply arrived");
    return partial;
  }

  /**
   * Stops the reply now: closes the socket and, where the vendor needs it (Onyx), tells the server to stop
   * generating. Safe from any thread, idempotent.
   */
  public void cancel() {
    if (cancelled || finished) return;
    cancelled = true;
    source.cancel();
  }

  /** True after {@link #cancel()}. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Releases the connection; an unfinished stream is cancelled first, as by {@link #cancel()}. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    // after Completed the reply is whole: just release the connection, never ask the server to stop
    if (!finished && completed == null) cancel();
    source.close();
  }
}
