package dev.chatbridge.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The OkHttp application interceptor behind {@code dev.chatbridge.WireRecording}: writes each exchange as JSON
 * lines (request, response head, body chunks with their time offset, end or error) to a {@link Sink}, with the
 * credential scrubbed and, when asked, message text replaced ({@link TextRedaction}). It never changes what is sent
 * or received: the request goes on as it came (its body is copied only when it can be written twice), and the
 * response body is observed as the caller reads it, never read ahead. A failure to record ends the recording of
 * that exchange, never the exchange. Not API: the format is documented on {@code WireRecording}.
 */
public final class WireRecorder implements Interceptor {
  /** Where events go; one call of {@link #write} is one whole line. */
  public interface Sink {
    /** A new exchange number, unique in the recording. */
    long nextCall();

    /** Writes one event (a JSON object without newline) as one line. */
    void write(String line);
  }

  /** Header values never recorded, whatever they hold. */
  static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "api-token",
      "x-onyx-authorization", "x-api-key", "cookie", "set-cookie");
  /** A line longer than this is recorded in pieces, so a body without newlines cannot fill the heap. */
  static final int MAX_HELD_BYTES = 4 * 1024 * 1024;

  private final Sink sink;
  private final SecretScrubber scrubber;
  private final boolean redactText;
  private final String baseUrl;

  /**
   * A recorder writing to {@code sink}: {@code secret} (may be null) is scrubbed wherever it appears,
   * {@code redactText} replaces message text, {@code baseUrl} (may be null) is noted on each request so a replay
   * can serve the same paths.
   */
  public WireRecorder(Sink sink, String secret, boolean redactText, String baseUrl) {
    this.sink = sink;
    this.scrubber = new SecretScrubber(secret);
    this.redactText = redactText;
    this.baseUrl = baseUrl == null ? null : scrubber.scrub(baseUrl);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Exchange exchange = new Exchange(sink.nextCall());
    exchange.request(request);
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException | RuntimeException e) {
      exchange.error("request", e);
      throw e;
    }
    exchange.response(response);
    ResponseBody body = response.body();
    if (body == null) {
      exchange.end(true);
      return response;
    }
    return response.newBuilder().body(new RecordedBody(body, exchange)).build();
  }

  /** One recorded exchange: its number, its start, and the bytes of a line still incomplete. */
  private final class Exchange {
    final long call;
    final long started = System.nanoTime();
    final Buffer held = new Buffer();
    long bytes;
    long declaredLength = -1;
    boolean finished;
    boolean broken;

    Exchange(long call) {
      this.call = call;
    }

    ObjectNode event(String type) {
      ObjectNode e = Json.object();
      e.put("type", type);
      e.put("call", call);
      e.put("t", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return e;
    }

    void request(Request request) {
      guard(() -> {
        ObjectNode e = event("request");
        e.put("at", java.time.Instant.now().toString());
        e.put("method", request.method());
        e.put("url", scrubber.scrub(request.url().toString()));
        e.put("baseUrl", baseUrl);
        e.put("path", request.url().encodedPath());
        e.put("query", request.url().encodedQuery() == null ? null : scrubber.scrub(request.url().encodedQuery()));
        RequestBody body = request.body();
        Headers headers = request.headers();
        if (body != null && body.contentType() != null && headers.get("Content-Type") == null) {
          headers = headers.newBuilder().add("Content-Type", body.contentType().toString()).build();
        }
        e.set("headers", headers(headers));
        if (body == null) {
          e.putNull("body");
        } else if (body.isOneShot() && !(body instanceof OneShotBody)) {
          e.putNull("body");
          e.put("bodyNotRecorded", "a one-shot body can be written only once");
        } else {
          Buffer copy = new Buffer();
          body.writeTo(copy);
          byte[] bytes = copy.readByteArray();
          if (redactText && isJson(body.contentType())) bytes = TextRedaction.document(bytes);
          putBytes(e, "body", scrubber.scrub(bytes));
        }
        return e;
      });
    }

    void response(Response response) {
      guard(() -> {
        ObjectNode e = event("response");
        e.put("status", response.code());
        e.put("protocol", response.protocol().toString());
        e.set("headers", headers(response.headers()));
        ResponseBody body = response.body();
        declaredLength = body == null ? -1 : body.contentLength();
        return e;
      });
    }

    /** Bytes the caller just read: complete lines go out as one chunk, the rest waits for its newline. */
    synchronized void read(Buffer source, long offset, long count) {
      if (broken || finished) return;
      guard(() -> {
        source.copyTo(held, offset, count);
        bytes += count;
        long cut = lastNewline(count);
        if (cut < 0 && held.size() <= MAX_HELD_BYTES) return null;
        return chunk(cut < 0 ? held.size() : cut + 1);
      });
    }

    /** The last newline among the {@code added} bytes just held (the bytes held before have none), or -1. */
    private long lastNewline(long added) {
      for (long at = held.size() - 1; at >= held.size() - added; at--) {
        if (held.getByte(at) == '\n') return at;
      }
      return -1;
    }

    private ObjectNode chunk(long length) throws IOException {
      byte[] data = held.readByteArray(length);
      if (redactText) data = TextRedaction.lines(data);
      ObjectNode e = event("chunk");
      putBytes(e, "data", scrubber.scrub(data));
      return e;
    }

    /** The body ended ({@code complete}: its end was read, or all its declared bytes) or was closed before. */
    synchronized void end(boolean complete) {
      if (broken || finished) return;
      finished = true;
      if (held.size() > 0) guard(() -> chunk(held.size()));
      guard(() -> {
        ObjectNode e = event("end");
        e.put("bytes", bytes);
        e.put("complete", complete || (declaredLength >= 0 && bytes >= declaredLength));
        return e;
      });
    }

    synchronized void error(String phase, Exception failure) {
      if (broken || finished) return;
      finished = true;
      if (held.size() > 0) guard(() -> chunk(held.size()));
      guard(() -> {
        ObjectNode e = event("error");
        e.put("phase", phase);
        e.put("bytes", bytes);
        e.put("error", scrubber.scrub(failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        return e;
      });
    }

    /** Writes the event {@code build} makes (none for null); any failure stops recording this exchange. */
    private void guard(EventBuilder build) {
      if (broken) return;
      try {
        ObjectNode e = build.build();
        if (e != null) sink.write(Json.write(e));
      } catch (IOException | RuntimeException e) {
        broken = true;
        held.clear();
      }
    }
  }

  @FunctionalInterface
  private interface EventBuilder {
    ObjectNode build() throws IOException;
  }

  /** Headers as {@code {"Name": ["value", ...]}}, credentials replaced, the key scrubbed from the rest. */
  private ObjectNode headers(Headers headers) {
    ObjectNode out = Json.object();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      ArrayNode values = out.has(name) ? (ArrayNode) out.get(name) : out.putArray(name);
      boolean credential = CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
      values.add(credential ? SecretScrubber.REDACTED : scrubber.scrub(headers.value(i)));
    }
    return out;
  }

  /** {@code bytes} as UTF-8 text under {@code name}, or under {@code name + "Base64"} when they are not UTF-8. */
  private static void putBytes(ObjectNode event, String name, byte[] bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      event.put(name, text);
    } catch (CharacterCodingException e) {
      event.put(name + "Base64", Base64.getEncoder().encodeToString(bytes));
    }
  }

  private static boolean isJson(MediaType type) {
    return type != null && type.subtype().toLowerCase(Locale.ROOT).contains("json");
  }

  /** The response body as the caller reads it, each read also handed to the recorder. */
  private static final class RecordedBody extends ResponseBody {
    private final ResponseBody delegate;
    private final Exchange exchange;
    private BufferedSource source;

    RecordedBody(ResponseBody delegate, Exchange exchange) {
      this.delegate = delegate;
      this.exchange = exchange;
    }

    @Override
    public MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public synchronized BufferedSource source() {
      if (source == null) {
        source = Okio.buffer(new ForwardingSource(delegate.source()) {
          @Override
          public long read(Buffer sink, long byteCount) throws IOException {
            long n;
            try {
              n = super.read(sink, byteCount);
            } catch (IOException | RuntimeException e) {
              exchange.error("body", e);
              throw e;
            }
            if (n < 0) exchange.end(true);
            else if (n > 0) exchange.read(sink, sink.size() - n, n);
            return n;
          }

          @Override
          public void close() throws IOException {
            exchange.end(false);
            super.close();
          }
        });
      }
      return source;
    }

    @Override
    public void close() {
      exchange.end(false);
      delegate.close();
    }
  }
}
