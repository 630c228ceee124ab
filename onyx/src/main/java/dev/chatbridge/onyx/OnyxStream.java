package dev.chatbridge.onyx;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.StreamException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.NdjsonReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The NDJSON reply of {@code send-chat-message}, read line by line as it arrives. Read with {@link #next()} until
 * it returns null, or iterate it once; a {@link StreamingError} item is terminal. {@link #cancel()} closes the
 * socket at once and asks the server to stop generating ({@code stop-chat-session}) on a background thread.
 * Always close it.
 */
public final class OnyxStream implements AutoCloseable, Iterable<OnyxStreamItem> {
  private final OnyxClient client;
  private final Transport.StreamCall call;
  private final NdjsonReader reader;
  private final ItemReader items = new ItemReader();
  private OnyxStreamItem item;
  private volatile String chatSessionId;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private boolean closed;

  OnyxStream(OnyxClient client, Transport.StreamCall call, String chatSessionId) {
    this.client = client;
    this.call = call;
    this.chatSessionId = chatSessionId;
    this.reader = new NdjsonReader(call.source());
  }

  /** The session id: the request's, or the one the first line reported for a session created inline. */
  public String chatSessionId() {
    return chatSessionId;
  }

  /**
   * The next line, blocking until it arrives; null at the end of the body and after {@link #cancel()}. A broken
   * connection throws
   * {@link StreamException}, silence beyond the idle timeout {@link ChatTimeoutException}, a line that is not JSON
   * {@link ResponseFormatException}.
   */
  public OnyxStreamItem next() {
    if (cancelled.get()) return null;
    try {
      return nextItem();
    } catch (JacksonException e) {
      // Jackson's message quotes the line, which may echo anything (even the key): masked, no cause
      throw new ResponseFormatException("onyx sent a stream line that is not JSON: " + Json.describe(e), "");
    } catch (IOException e) {
      if (e instanceof SocketTimeoutException) {
        throw new ChatTimeoutException("onyx stream was idle longer than its timeout", e);
      }
      if (Transport.isTimeout(e)) {
        throw new ChatTimeoutException("onyx stream ran past its time limit (chatbridge.stream-total-timeout)", e);
      }
      if (cancelled.get() && !(e instanceof InterruptedIOException)) return null;
      throw new StreamException("onyx stream broke mid-reply: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      // okio's "closed": the stream was closed (by another thread, or before this read); never untyped
      if (cancelled.get()) return null;
      throw new StreamException("onyx stream was read after it was closed: " + e.getMessage(), e);
    }
  }

  /** The remaining lines, each read when the iterator reaches it; the failures of {@link #next()} apply. */
  @Override
  public Iterator<OnyxStreamItem> iterator() {
    return new Iterator<>() {
      private OnyxStreamItem pending;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (pending == null && !done) {
          pending = OnyxStream.this.next();
          done = pending == null;
        }
        return pending != null;
      }

      @Override
      public OnyxStreamItem next() {
        if (!hasNext()) throw new NoSuchElementException();
        OnyxStreamItem item = pending;
        pending = null;
        return item;
      }
    };
  }

  /** As {@link #next()}, with I/O failures left raw for {@link #next()} to translate. */
  OnyxStreamItem nextItem() throws IOException {
    if (!readLine()) return null;
    return item != null ? item : items.packet();
  }

  /**
   * Reads the next line; false at EOF. Then {@link #item()} is the line, or null for a plain text delta, which
   * {@link #deltas()} describes: the neutral reader takes its text without a Packet.
   */
  boolean readLine() throws IOException {
    JsonParser line = reader.nextValue(); // one parser for the whole body
    if (line == null) return false;
    item = items.read(line);
    if (item instanceof OnyxStreamItem.SessionCreated) {
      chatSessionId = ((OnyxStreamItem.SessionCreated) item).chatSessionId();
    }
    return true;
  }

  /** The line {@link #readLine()} read; null for a plain text delta. */
  OnyxStreamItem item() {
    return item;
  }

  /** The reader holding the last plain text delta. */
  ItemReader deltas() {
    return items;
  }

  /** Tells a line's kind by its keys, in the order the server documents. */
  static OnyxStreamItem parse(JsonNode line) {
    // Items keep the parsed line and render raw() only when asked (stream hot path); UnknownLine is rare.
    if (!line.isObject()) return new OnyxStreamItem.UnknownLine(line.toString());
    if (line.has("chat_session_id") && !line.has("obj")) {
      return new OnyxStreamItem.SessionCreated(Json.text(line, "chat_session_id"),
          Boolean.TRUE.equals(Json.bool(line, "incognito")), line);
    }
    if (line.has("reserved_assistant_message_id")) {
      return new OnyxStreamItem.MessageIds(Json.integer(line, "user_message_id"),
          Json.integer(line, "reserved_assistant_message_id"), line);
    }
    if (line.has("responses") && line.has("user_message_id")) {
      List<Map<String, Object>> responses = new ArrayList<>();
      for (JsonNode r : Json.list(line, "responses")) {
        if (r.isObject()) responses.add(Json.plainMap(r));
      }
      return new OnyxStreamItem.MultiModelMessageIds(Json.integer(line, "user_message_id"), responses, line);
    }
    if (line.has("obj")) return Packet.from(line);
    if (line.has("error")) return StreamingError.from(line);
    return new OnyxStreamItem.UnknownLine(line.toString());
  }

  /**
   * Stops now: closes the socket (a blocked {@link #next()} fails at once) and, when the session id is known, calls
   * {@code POST /chat/stop-chat-session/{id}} on a daemon thread, because closing the connection alone does not
   * stop Onyx from generating. Errors of that call are logged, never thrown. Idempotent; any thread.
   */
  public void cancel() {
    if (!cancelled.compareAndSet(false, true)) return; // two racing cancels must not send two stops
    call.cancel();
    String id = chatSessionId;
    if (id != null) client.stopInBackground(id);
  }

  /** True after {@link #cancel()}. */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Releases the connection. Does not stop generation; use {@link #cancel()} for that. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    call.close();
  }

  /** {@code text} with the API key masked: for error text Onyx sends inside the stream. */
  String scrub(String text) {
    return call.scrub(text);
  }
}
