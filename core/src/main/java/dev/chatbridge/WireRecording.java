package dev.chatbridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.http.Version;
import dev.chatbridge.internal.http.WireRecorder;
import dev.chatbridge.internal.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;

/**
 * A record of everything that went over the wire, as JSON lines: set it with
 * {@link ChatConfig.Builder#recording(WireRecording)} and every HTTP exchange of the clients built from that
 * configuration is written to it, to hand to someone debugging a server or to replay in a test (the testkit's
 * {@code ReplayServer}). The caller owns it: {@link #close()} it when the clients are done (ChatBridge never does).
 *
 * <pre>{@code
 * try (WireRecording wire = WireRecording.builder(Path.of("wire.jsonl")).redactText(true).build();
 *      ChatClient client = ChatClients.create(ChatConfig.fromEnvironment().toBuilder().recording(wire).build())) {
 *   client.createSession().send("Hello");
 * }
 * }</pre>
 *
 * <p><b>Format</b> (version {@value #FORMAT_VERSION}): one JSON object per line, UTF-8. The first line is
 * {@code {"type":"recording","format":"chatbridge-wire","version":1,"at","redactText","library"}}. Then, for each
 * exchange, numbered by {@code call} (exchanges running at once interleave; every line is whole), with {@code t} the
 * milliseconds since its request started:
 *
 * <ul>
 *   <li>{@code {"type":"request","call","t":0,"at","method","url","baseUrl","path","query","headers","body"}}:
 *       {@code path} and {@code query} as sent (percent-encoded), {@code baseUrl} the client's base URL (null when
 *       unknown), {@code headers} {@code {"Name":["value",…]}} as ChatBridge set them plus the body's
 *       {@code Content-Type} (OkHttp's own {@code Host}, {@code Content-Length}, {@code Accept-Encoding} and
 *       {@code Connection} are not seen), {@code body} the body as text, null without one;
 *   <li>{@code {"type":"response","call","t","status","protocol","headers"}} when the response head arrived;
 *   <li>{@code {"type":"chunk","call","t","data"}} for body bytes as the caller read them: each chunk holds the
 *       complete lines that had arrived by {@code t} (a line is held until its newline, or until 4 MiB), so a
 *       stream's events keep their timing and a JSON body is usually one chunk;
 *   <li>{@code {"type":"end","call","t","bytes","complete"}} when the body was read to its end ({@code complete}
 *       true) or closed before it (false);
 *   <li>{@code {"type":"error","call","t","phase","bytes","error"}} when the call failed, {@code phase}
 *       {@code request} (no response) or {@code body} (the body broke off).
 * </ul>
 *
 * <p>A body or chunk that is not valid UTF-8 is written under {@code bodyBase64} / {@code dataBase64} instead.
 * Readers should ignore unknown types and fields: later versions may add some.
 *
 * <p><b>Credentials are always removed.</b> The values of {@code Authorization}, {@code Proxy-Authorization},
 * {@code API-Token}, {@code X-Onyx-Authorization}, {@code X-Api-Key}, {@code Cookie} and {@code Set-Cookie} are
 * {@code [redacted]}; the configured key is replaced by {@code [redacted]} wherever else it appears (URL, headers,
 * bodies, also JSON-escaped or percent-encoded). With {@link Builder#redactText(boolean) redactText}, message text
 * is replaced too: the string value of every JSON field named {@code message}, {@code content}, {@code text},
 * {@code reasoning}, {@code reasoning_content}, {@code answer}, {@code answer_citationless},
 * {@code pre_answer_reasoning}, {@code additional_context}, {@code reply}, {@code response}, {@code summary} or
 * {@code welcome_message}, at any depth, in JSON bodies, NDJSON lines and SSE {@code data:} lines, by
 * {@code [redacted text]}. That covers what users and assistants write on all four vendors, and also error texts
 * carried in a {@code message} field. Titles, ids, timestamps, search queries, tool arguments and results, document
 * excerpts and bodies that are not JSON are kept. A redacted JSON document is written again compactly.
 *
 * <p><b>Why an OkHttp interceptor in core.</b> Recording has to see every call of every vendor module, retries and
 * redirects included, exactly as the caller reads it, in production code and without test dependencies; the core
 * owns the OkHttp clients, so the recorder is an application interceptor added to them (also to a caller's own
 * client, through a copy). The testkit, a test-scope library, only reads recordings back. Recording never changes
 * what is sent or received: request bodies are copied only when they can be written twice, and a response body is
 * observed as the caller reads it, never read ahead, so a stream stays incremental. A recording that cannot write
 * (a full disk) stops quietly; the calls go on.
 */
public final class WireRecording implements AutoCloseable {
  /** The format version written in the first line. */
  public static final int FORMAT_VERSION = 1;
  private static final System.Logger LOG = System.getLogger("dev.chatbridge");

  private final OutputStream out;
  private final boolean ownsOutput;
  private final Path path;
  private final boolean redactText;
  private final AtomicLong calls = new AtomicLong();
  private boolean closed;
  private boolean failed;

  private WireRecording(Builder b, OutputStream out, boolean ownsOutput) {
    this.out = out;
    this.ownsOutput = ownsOutput;
    this.path = b.path;
    this.redactText = b.redactText;
    ObjectNode head = Json.object();
    head.put("type", "recording");
    head.put("format", "chatbridge-wire");
    head.put("version", FORMAT_VERSION);
    head.put("at", Instant.now().toString());
    head.put("redactText", redactText);
    head.put("library", "chatbridge-java/" + Version.get());
    write(Json.write(head));
  }

  /** A recording into {@code file} (created, or emptied when it exists), credentials removed, text kept. */
  public static WireRecording open(Path file) {
    return builder(file).build();
  }

  /** A builder for a recording into {@code file} (created, or emptied when it exists). */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"), null);
  }

  /** A builder for a recording into {@code out}, which {@link #close()} flushes but leaves open. */
  public static Builder builder(OutputStream out) {
    return new Builder(null, Objects.requireNonNull(out, "out"));
  }

  /** Whether message text is replaced ({@link Builder#redactText(boolean)}). */
  public boolean redactsText() {
    return redactText;
  }

  /** The file written, or empty for a recording into a stream. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /**
   * An OkHttp application interceptor that records into this recording: ChatBridge adds one to its clients when
   * the configuration has a recording; add one to an OkHttp client of your own to record its calls in the same
   * format. {@code apiKey} (may be null) is scrubbed wherever it appears; {@code baseUrl} (may be null) is noted on
   * each request, for a replay to serve the same paths.
   */
  public Interceptor interceptor(String apiKey, String baseUrl) {
    return new WireRecorder(new WireRecorder.Sink() {
      @Override
      public long nextCall() {
        return calls.incrementAndGet();
      }

      @Override
      public void write(String line) {
        WireRecording.this.write(line);
      }
    }, apiKey, redactText, baseUrl);
  }

  /** Writes one whole line and flushes it, so a crash keeps what was written; stops for good on a write error. */
  private synchronized void write(String line) {
    if (closed || failed) return;
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      failed = true;
      LOG.log(System.Logger.Level.WARNING, () -> "wire recording" + (path == null ? "" : " to " + path)
          + " stopped: " + e);
    }
  }

  /** Flushes and, for a file, closes it; exchanges still running are no longer recorded. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      if (ownsOutput) out.close();
      else out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the wire recording" + (path == null ? "" : " " + path), e);
    }
  }

  @Override
  public String toString() {
    return "WireRecording{" + (path == null ? "stream" : path.toString()) + ", redactText=" + redactText + "}";
  }

  /** Builds a {@link WireRecording}. */
  public static final class Builder {
    private final Path path;
    private final OutputStream stream;
    private boolean redactText;

    private Builder(Path path, OutputStream stream) {
      this.path = path;
      this.stream = stream;
    }

    /**
     * Also replaces message text (off by default): the string values of the JSON fields listed in the
     * {@link WireRecording class description}, by {@code [redacted text]}.
     */
    public Builder redactText(boolean redactText) {
      this.redactText = redactText;
      return this;
    }

    /** Opens the recording and writes its first line; an unwritable file is an {@link UncheckedIOException}. */
    public WireRecording build() {
      if (stream != null) return new WireRecording(this, stream, false);
      OutputStream file;
      try {
        file = new BufferedOutputStream(Files.newOutputStream(path));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the wire recording " + path + ": " + e.getMessage(), e);
      }
      return new WireRecording(this, file, true);
    }
  }
}
