package dev.chatbridge.onyx;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.StreamException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.NdjsonReader;
import dev.chatbridge.spi.EventStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NDJSON reply of {@code send-chat-message} (or {@code resume-stream}), read line by line as it arrives. Read
 * with {@link #next()} until it returns null, or iterate it once; a {@link StreamingError} item is terminal (in a
 * multi-model run, one naming its {@code model_index} ends only that model's reply, as a model's {@code stop}
 * does). It follows the rules of every ChatBridge stream ({@link EventStream}): {@link #cancel()} closes the socket
 * at once and asks the server to stop generating ({@code stop-chat-session}, on a background thread, because
 * closing the connection alone does not stop Onyx); {@link #close()} releases the connection, cancelling first a
 * stream whose run has not ended: the {@code stop} packet (of every model, in a multi-model run), error or end of
 * the body not read. Always close it.
 */
public final class OnyxStream extends EventStream<OnyxStreamItem> {
  private final OnyxClient client;
  private final Transport.StreamCall call;
  private final NdjsonReader reader;
  private final ItemReader items = new ItemReader();
  private OnyxStreamItem item;
  private volatile String chatSessionId;
  private volatile boolean ended; // the run's end (see readLine) or the end of the body was read, or a read failed
  private int models = 1; // the models generating: several when the ids line names several responses
  private int modelsDone; // the models whose stop (or own error, in a multi-model run) was read

  OnyxStream(OnyxClient client, Transport.StreamCall call, String chatSessionId) {
    super(OnyxProvider.NAME);
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
   * connection (also a body that ends in the middle of a line) throws {@link StreamException}, silence beyond the
   * idle timeout {@link ChatTimeoutException}, a line that is not JSON {@link ResponseFormatException}, and a read
   * after {@link #close()} {@link StreamException}.
   */
  public OnyxStreamItem next() {
    if (isClosed()) throw new StreamException(OnyxProvider.NAME + " stream was read after it was closed");
    return poll();
  }

  @Override
  protected OnyxStreamItem read() throws IOException {
    if (!readLine()) return null;
    return item != null ? item : items.packet();
  }

  /**
   * Reads the next line; false at EOF. Then {@link #item()} is the line, or null for a plain text delta, which
   * {@link #deltas()} describes: the neutral reader takes its text without a Packet.
   */
  boolean readLine() throws IOException {
    JsonParser line;
    try {
      line = reader.nextValue(); // one parser for the whole body
      item = line == null ? null : items.read(line);
    } catch (JacksonException e) {
      ended = true;
      if (!endOfInput(e)) throw e;
      // the body ended inside a line (a proxy closing mid-write): a broken connection, not a malformed event; not
      // chained, because Jackson's message may quote the cut line
      throw new EOFException("the body ended in the middle of a line");
    } catch (IOException | RuntimeException e) {
      ended = true;
      throw e;
    }
    if (line == null) {
      ended = true;
      return false;
    }
    if (item instanceof OnyxStreamItem.SessionCreated created) {
      chatSessionId = created.chatSessionId();
    } else if (item instanceof OnyxStreamItem.MultiModelMessageIds ids) {
      models = Math.max(1, ids.responses().size());
    } else if (item instanceof StreamingError e) {
      // in a multi-model run a model's own error ends only that model: the others go on to their stop
      if (models == 1 || !(e.details().get("model_index") instanceof Number) || ++modelsDone >= models) ended = true;
    } else if (item instanceof Packet p && PacketTypes.STOP.equals(p.type())) {
      // each model of a multi-model run ends with its own stop; a stop of no model (the stop button's) ends all
      if (p.modelIndex() == null || ++modelsDone >= models) ended = true;
    }
    return true;
  }

  /**
   * True when Jackson failed because the body ended inside a value: it reports that as {@link JsonEOFException} or,
   * between an object's entries, as a plain parse error whose message starts "Unexpected end-of-input".
   */
  private static boolean endOfInput(JacksonException e) {
    String m = e.getOriginalMessage();
    return e instanceof JsonEOFException || m != null && m.startsWith("Unexpected end-of-input");
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
   * The terminal line (the {@code stop} of the last model still generating, a {@link StreamingError}) or the end was
   * read: close only releases.
   */
  @Override
  protected boolean isComplete() {
    return ended;
  }

  /**
   * Closes the socket (a blocked {@link #next()} ends at once) and, when the session id is known, calls
   * {@code POST /chat/stop-chat-session/{id}} on a daemon thread. Errors of that call are logged, never thrown.
   */
  @Override
  protected void stop() {
    call.cancel();
    String id = chatSessionId;
    if (id != null) client.stopInBackground(id);
  }

  /** Releases the connection without stopping generation: what the neutral stream uses once it decided. */
  @Override
  protected void release() {
    call.close();
  }

  /** {@code text} with the API key masked: for error text Onyx sends inside the stream. */
  String scrub(String text) {
    return call.scrub(text);
  }
}
