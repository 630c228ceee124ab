package dev.chatbridge.spi;

import com.fasterxml.jackson.core.JacksonException;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What every ChatBridge stream shares, {@link dev.chatbridge.ChatStream} and the typed vendor streams (such as
 * Onyx's): items read one at a time as their bytes arrive, iterated once (for-each or {@link #stream()}), with one
 * meaning of {@link #cancel()} and {@link #close()}.
 *
 * <ul>
 *   <li>{@link #cancel()} stops now: it closes the socket and, where the vendor needs it, tells the server to stop
 *       generating. From any thread; idempotent; a stream that already ended has nothing to cancel.
 *   <li>{@link #close()} releases the connection. A stream that is not finished (its terminal item not read, its
 *       end not reached, no failure) is cancelled first, so closing early never leaves a server generating a reply
 *       nobody reads; after the terminal item it only releases.
 * </ul>
 *
 * <p>Failures: the vendor's own errors ({@link ChatException}s) pass through; a malformed item is a
 * {@link ResponseFormatException}; silence longer than the stream idle timeout, or a stream past its time limit,
 * is a {@link ChatTimeoutException}; a broken connection is a {@link StreamException}. A failure caused by
 * {@link #cancel()} or {@link #close()} from another thread ends the iteration quietly instead.
 *
 * @param <T> the item type
 */
public abstract class EventStream<T> implements AutoCloseable, Iterable<T> {
  private final String vendor;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean finished; // the end was read, or a read failed: nothing more will come
  private boolean iterated; // guarded by this
  private T pending; // guarded by this: read by hasNext(), not yet handed out

  /** A stream of {@code vendor}'s items, for subclasses. */
  protected EventStream(String vendor) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
  }

  /**
   * The next item, blocking until it arrives; null at the end of the body. I/O and JSON failures may be left raw:
   * this class turns them into the typed exceptions above.
   */
  protected abstract T read() throws IOException;

  /** True once the item that completes the reply was read: {@link #close()} then releases without cancelling. */
  protected abstract boolean isComplete();

  /**
   * Stops the stream at once (closes the socket; tells the server to stop where it needs that). Called at most
   * once, from any thread; must not block on the stream.
   */
  protected abstract void stop();

  /** Releases the connection. Idempotent. */
  protected abstract void release();

  /** The vendor, for messages. */
  protected final String vendor() {
    return vendor;
  }

  /** The items, once. A second call throws {@link IllegalStateException}. */
  @Override
  public final synchronized Iterator<T> iterator() {
    if (iterated) throw new IllegalStateException("a " + getClass().getSimpleName() + " can be iterated only once");
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return advance();
      }

      @Override
      public T next() {
        T item = poll();
        if (item == null) throw new NoSuchElementException();
        return item;
      }
    };
  }

  /** The items as a sequential {@link Stream}, once; closing it closes this. */
  public final Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(this::close);
  }

  /** The next item, or null at the end, after {@link #cancel()} and after {@link #close()}; for subclasses. */
  protected final synchronized T poll() {
    if (!advance()) return null;
    T item = pending;
    pending = null;
    return item;
  }

  /** Reads every item not yet read (marking the stream iterated); for a subclass that summarises the stream. */
  protected final synchronized void drain() {
    iterated = true;
    while (advance()) pending = null;
  }

  private synchronized boolean advance() {
    if (pending != null) return true;
    if (finished) return false;
    if (cancelled.get() || closed.get()) {
      finish();
      return false;
    }
    T item;
    try {
      item = read();
    } catch (ChatException e) {
      if (cancelled.get()) return quietEnd();
      throw fail(e);
    } catch (JacksonException e) {
      // no cause, and Jackson's quoted token masked: it is whatever the server sent, possibly the credential
      throw fail(new ResponseFormatException(vendor + " sent a malformed stream event: " + Json.describe(e), ""));
    } catch (IOException e) {
      if (cancelled.get() || closed.get()) return quietEnd();
      throw fail(translate(e));
    } catch (UncheckedIOException e) {
      if (cancelled.get() || closed.get()) return quietEnd();
      throw fail(translate(e.getCause()));
    } catch (RuntimeException e) {
      if (cancelled.get()) return quietEnd();
      throw fail(new StreamException(vendor + " stream failed: " + e, e));
    }
    if (item == null) {
      finish();
      return false;
    }
    pending = item;
    return true;
  }

  /** A read that failed because of {@link #cancel()} or {@link #close()}: the iteration just ends. */
  private boolean quietEnd() {
    finish();
    return false;
  }

  /** Tells the subclass what a read throws, then ends the stream; returns it to throw. */
  private RuntimeException fail(RuntimeException failure) {
    try {
      failed(failure);
    } finally {
      finish();
    }
    return failure;
  }

  /**
   * Told, once, of the exception a read is about to throw to the caller (the stream is over; its connection is
   * released right after this), for a subclass that reports how the stream ended. Must not throw; does nothing by
   * default.
   */
  protected void failed(RuntimeException failure) {}

  private ChatException translate(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return new ChatTimeoutException(vendor + " stream was idle longer than its timeout", e);
    }
    if (Transport.isTimeout(e)) { // OkHttp's call timeout: a total limit, not silence
      return new ChatTimeoutException(vendor + " stream ran past its time limit (chatbridge.timeout for a blocking "
          + "send, chatbridge.stream-total-timeout for a stream)", e);
    }
    return new StreamException(vendor + " stream broke mid-reply: " + e.getMessage(), e);
  }

  private void finish() {
    finished = true;
    release();
  }

  /**
   * Stops the stream now: closes the socket and, where the vendor needs it, tells the server to stop generating.
   * Safe from any thread, idempotent; does nothing once the stream has ended.
   */
  public final void cancel() {
    if (finished || !cancelled.compareAndSet(false, true)) return;
    stop();
  }

  /** True after {@link #cancel()} (also when {@link #close()} cancelled an unfinished stream). */
  public final boolean isCancelled() {
    return cancelled.get();
  }

  /** True after {@link #close()}. */
  protected final boolean isClosed() {
    return closed.get();
  }

  /** Releases the connection; an unfinished stream is cancelled first, as by {@link #cancel()}. Idempotent. */
  @Override
  public final void close() {
    if (!closed.compareAndSet(false, true)) return;
    if (!finished && !isComplete()) cancel(); // after the terminal item the reply is whole: never ask to stop
    release();
  }
}
