package dev.chatbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process HTTP server speaking one vendor's wire format, on loopback, with no dependency beyond the JDK.
 * Subclasses route requests ({@link #handle(Exchange)}); this class records every request, applies injected
 * {@link Fault}s, and offers JSON, NDJSON and SSE writers. Thread-safe; serves many concurrent streams. It also
 * states what the testkit's suites need to know about the vendor ({@link #sendPath}, {@link #clientOptions}, …),
 * so a suite's subclass only creates the emulator.
 *
 * <pre>{@code
 * try (OnyxEmulator onyx = new OnyxEmulator().start()) {
 *   ChatConfig config = ChatConfig.builder().vendor("onyx").baseUrl(onyx.baseUrl()).apiKey(onyx.apiKey()).build();
 *   ...
 *   assertEquals(1, onyx.requestCount("POST", "/api/chat/send-chat-message"));
 * }
 * }</pre>
 */
public abstract class Emulator implements AutoCloseable {
  private final String vendor;
  private final String apiKey;
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  /** Pending faults in injection order, each with how many more requests it applies to. */
  private final List<PendingFault> faults = new ArrayList<>();
  private LoopbackServer server;

  /** An emulator for {@code vendor} that accepts {@code apiKey}. */
  protected Emulator(String vendor, String apiKey) {
    this.vendor = vendor;
    this.apiKey = apiKey;
  }

  /** Starts on a free loopback port. */
  public Emulator start() {
    return start(0);
  }

  /** Starts on {@code port} (0 = any free port) on 127.0.0.1. */
  public synchronized Emulator start(int port) {
    if (server != null) return this;
    server = LoopbackServer.start("emulator " + vendor, port, 1024, this::dispatch);
    return this;
  }

  /** The vendor name this emulator speaks, e.g. {@code onyx}. */
  public String vendor() {
    return vendor;
  }

  /** The key the emulator accepts. */
  public String apiKey() {
    return apiKey;
  }

  /** The port it listens on. */
  public int port() {
    if (server == null) throw new IllegalStateException("emulator not started");
    return server.port();
  }

  /** The base URL to configure a client with, including the vendor's path prefix ({@link #basePath()}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + basePath();
  }

  /** The path prefix of the vendor's API, e.g. {@code /api} for Onyx; empty for none. */
  protected String basePath() {
    return "";
  }

  /** Injects a fault for the next matching request(s). */
  public synchronized Emulator inject(Fault fault) {
    faults.add(new PendingFault(fault));
    return this;
  }

  /** Removes every pending fault. */
  public synchronized void clearFaults() {
    faults.clear();
  }

  /** Every request received, in order. */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** How many requests had this method and exactly this path (query excluded). */
  public int requestCount(String method, String path) {
    synchronized (requests) {
      int n = 0;
      for (RecordedRequest r : requests) if (r.method().equalsIgnoreCase(method) && r.path().equals(path)) n++;
      return n;
    }
  }

  /**
   * Stores {@code count} new sessions at once, as if created one after another through the vendor's API, and
   * returns their ids, oldest first; nothing is recorded as a request. A fast way to set up a long listing (e.g.
   * hundreds of sessions to page through). An emulator of a vendor that cannot list sessions throws
   * {@link UnsupportedOperationException}.
   */
  public List<String> seedSessions(int count) {
    throw new UnsupportedOperationException(vendor + " emulator: this vendor cannot list sessions");
  }

  /** Forgets recorded requests (not state). */
  public void clearRequests() {
    requests.clear();
  }

  /** The vendor's error body for {@code status} and {@code message}, in its own shape. */
  public abstract String errorBody(int status, String message);

  // What the testkit's suites (ChatProviderConformanceTest, FaultMatrixTest, ClientReliabilityTest,
  // CallTimeoutMatrixTest, ResponseFuzzer) need to know about the vendor. Each emulator states it, so a suite's
  // subclass only creates the emulator; a suite's own hooks of the same names still override these.

  /**
   * The path this emulator sees for the session-creating POST, e.g. {@code /api/chat/create-chat-session}. An
   * emulator that runs the suites overrides it; this default throws {@link UnsupportedOperationException}.
   */
  public String createPath() {
    throw notStated("createPath()");
  }

  /**
   * The path this emulator sees for the message-sending POST of {@code sessionId} (also the one behind
   * {@code stream()}). An emulator that runs the suites overrides it; this default throws
   * {@link UnsupportedOperationException}.
   */
  public String sendPath(String sessionId) {
    throw notStated("sendPath(sessionId)");
  }

  /**
   * The path of the idempotent GET behind {@code history()} (or {@code getSession()}) for {@code sessionId}, or
   * null when the vendor has no read operation. An emulator that runs the suites overrides it; this default throws
   * {@link UnsupportedOperationException}.
   */
  public String readPath(String sessionId) {
    throw notStated("readPath(sessionId)");
  }

  /**
   * The path of the POST that tells the server to stop generating the reply in {@code sessionId} (vendors with
   * {@code STOP_GENERATION}), e.g. {@code /api/chat/stop-chat-session/<id>}. An emulator of such a vendor overrides
   * it; this default throws {@link UnsupportedOperationException}.
   */
  public String stopPath(String sessionId) {
    throw notStated("stopPath(sessionId)");
  }

  /**
   * The vendor options ({@code chatbridge.<vendor>.<key>}) a client needs against this emulator, e.g. a model or
   * an agent id; empty by default.
   */
  public Map<String, String> clientOptions() {
    return Map.of();
  }

  /**
   * The options for session number {@code index} when a test opens many side by side; defaults. A vendor that
   * keeps one active session per contact (OSVI Chat v1) gives each its own contact.
   */
  public SessionOptions sessionOptions(int index) {
    return SessionOptions.defaults();
  }

  /**
   * The name of this emulator's tables in {@code docs/RELIABILITY.md} and {@code target/}: the vendor, plus the
   * variant when a vendor is tested in several (e.g. {@code osvi-legacy}).
   */
  public String matrixName() {
    return vendor;
  }

  private UnsupportedOperationException notStated(String what) {
    return new UnsupportedOperationException(getClass().getSimpleName() + " does not state its " + what
        + ": override it in the emulator, or the suite's hook of the same name");
  }

  /** Handles one request after faults; subclasses route on {@link Exchange#method()} and {@link Exchange#path()}. */
  protected abstract void handle(Exchange exchange) throws IOException;

  /** A deterministic reply to {@code userText}: the echo assistant every emulator uses. */
  public static String replyTo(String userText) {
    return "Echo: " + userText;
  }

  /** Splits a reply into the chunks a streaming emulator sends (one per word, spaces kept). */
  public static List<String> chunks(String reply) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= reply.length(); i++) {
      if (i == reply.length() || reply.charAt(i) == ' ') {
        out.add(reply.substring(start, i));
        start = i;
      }
    }
    return out;
  }

  private synchronized Fault takeFault(String method, String path) {
    for (Iterator<PendingFault> it = faults.iterator(); it.hasNext(); ) {
      PendingFault p = it.next();
      if (p.fault.matches(method, path)) {
        if (--p.left <= 0) it.remove();
        return p.fault;
      }
    }
    return null;
  }

  /** One injection of a fault; the same Fault injected twice is two independent injections. */
  private static final class PendingFault {
    final Fault fault;
    int left;

    PendingFault(Fault fault) {
      this.fault = fault;
      this.left = fault.times();
    }
  }

  private void dispatch(HttpExchange http) {
    Exchange ex = null;
    try {
      byte[] body = http.getRequestBody().readAllBytes();
      ex = new Exchange(http, body);
      requests.add(new RecordedRequest(ex.method(), ex.path(), http.getRequestURI().getRawQuery(),
          new String(body, StandardCharsets.UTF_8), flatHeaders(http)));
      Fault fault = takeFault(ex.method(), ex.path());
      if (fault != null) {
        switch (fault.kind()) {
          case STATUS:
            fault.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
            ex.send(fault.status(), fault.contentType(), fault.body());
            return;
          case MALFORMED_BODY:
            ex.send(200, fault.contentType(), fault.body());
            return;
          case DROP_CONNECTION:
            ex.responded = true;
            http.close(); // no status line at all: the client sees the connection end after sending
            return;
          case DELAY:
            Thread.sleep(fault.delay().toMillis());
            break;
          default:
            ex.streamFault = fault;
        }
      }
      handle(ex);
    } catch (StreamAborted ignored) {
      // the fault cut the stream on purpose
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      if (ex != null && !ex.responded) {
        try {
          ex.send(500, "application/json", errorBody(500, "emulator error: " + e));
        } catch (IOException ignored) {
          // client gone
        }
      }
    } finally {
      http.close();
    }
  }

  private static Map<String, String> flatHeaders(HttpExchange http) {
    Map<String, String> out = new LinkedHashMap<>();
    http.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    return out;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  /** Thrown inside a stream writer when a fault ends the stream early. */
  static final class StreamAborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamAborted() {
      super(null, null, false, false);
    }
  }

  /** One request as received. Header names are lower-case. */
  public static final class RecordedRequest {
    private final String method;
    private final String path;
    private final String query;
    private final String body;
    private final Map<String, String> headers;

    RecordedRequest(String method, String path, String query, String body, Map<String, String> headers) {
      this.method = method;
      this.path = path;
      this.query = query;
      this.body = body;
      this.headers = Map.copyOf(headers);
    }

    /** The request method. */
    public String method() {
      return method;
    }

    /** The decoded path, without query. */
    public String path() {
      return path;
    }

    /** The raw (still encoded) query string, or null. */
    public String query() {
      return query;
    }

    /** The body as UTF-8 text. */
    public String body() {
      return body;
    }

    /** Headers by lower-case name (repeated headers joined with commas). */
    public Map<String, String> headers() {
      return headers;
    }

    /** A header by name, case-insensitively; null when absent. */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  /** One request being handled, with response helpers. */
  protected final class Exchange {
    private final HttpExchange http;
    private final byte[] body;
    private final Map<String, String> query;
    private Fault streamFault;
    private boolean responded;

    Exchange(HttpExchange http, byte[] body) {
      this.http = http;
      this.body = body;
      this.query = parseQuery(http.getRequestURI().getRawQuery());
    }

    /** The request method. */
    public String method() {
      return http.getRequestMethod();
    }

    /** The decoded path, e.g. {@code /api/chat/get-chat-session/123}. */
    public String path() {
      return http.getRequestURI().getPath();
    }

    /** A decoded query parameter, or null. */
    public String query(String name) {
      return query.get(name);
    }

    /** A request header, or null. */
    public String header(String name) {
      return http.getRequestHeaders().getFirst(name);
    }

    /** The request body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; {@link NullNode} when empty; null when it is not JSON. */
    public JsonNode json() {
      if (body.length == 0) return NullNode.getInstance();
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    /** Sends a JSON response. */
    public void json(int status, Object value) throws IOException {
      send(status, "application/json", value instanceof String ? (String) value : Json.write(value));
    }

    /**
     * Takes the {@link Fault.Kind#TRUNCATE_STREAM} or {@link Fault.Kind#STALL_STREAM} fault injected for this
     * request, or null: for a handler that applies it itself (to a reply generated after the answer), so the
     * answer it sends is then whole.
     */
    public Fault takeStreamFault() {
      Fault f = streamFault;
      streamFault = null;
      return f;
    }

    /** Sets a response header; call before sending. */
    public void header(String name, String value) {
      http.getResponseHeaders().set(name, value);
    }

    /** Sends a complete response. A {@link Fault.Kind#TRUNCATE_STREAM} fault cuts it in half. */
    public void send(int status, String contentType, String text) throws IOException {
      responded = true;
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (contentType != null) http.getResponseHeaders().set("Content-Type", contentType);
      if (status == 204 || status == 304) {
        http.sendResponseHeaders(status, -1);
        return;
      }
      if (streamFault != null && streamFault.kind() == Fault.Kind.TRUNCATE_STREAM) {
        http.sendResponseHeaders(status, bytes.length);
        OutputStream out = http.getResponseBody();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        throw new StreamAborted();
      }
      http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = http.getResponseBody()) {
          out.write(bytes);
        }
      }
    }

    /**
     * Starts a streamed 200 response (chunked). Each {@link StreamWriter#event} is flushed at once; injected
     * TRUNCATE_STREAM and STALL_STREAM faults act on the event count.
     */
    public StreamWriter stream(String contentType) throws IOException {
      responded = true;
      http.getResponseHeaders().set("Content-Type", contentType);
      http.getResponseHeaders().set("Cache-Control", "no-cache");
      http.sendResponseHeaders(200, 0);
      return new StreamWriter(http.getResponseBody(), streamFault);
    }
  }

  /** Writes a streamed body, flushing each event. */
  public static final class StreamWriter {
    private final OutputStream out;
    private final Fault fault;
    private int events;

    StreamWriter(OutputStream out, Fault fault) {
      this.out = out;
      this.fault = fault;
    }

    /** Writes {@code text} as one event (the caller adds framing: a newline, or SSE's blank line). */
    public void event(String text) throws IOException {
      if (fault != null && events == fault.events()) {
        if (fault.kind() == Fault.Kind.TRUNCATE_STREAM) {
          out.flush();
          throw new StreamAborted();
        }
        if (fault.kind() == Fault.Kind.STALL_STREAM) {
          try {
            Thread.sleep(fault.delay().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamAborted();
          }
        }
      }
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      events++;
    }

    /** Writes raw bytes without counting an event (e.g. a partial line). */
    public void raw(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** How many events were written. */
    public int events() {
      return events;
    }
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Reads a stream fully; small helper for subclasses. */
  protected static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
