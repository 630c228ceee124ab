package dev.chatbridge.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A MockWebServer in front of a vendor {@link Emulator}: forwards every request to the emulator, counts what
 * reached it, and turns the first {@code times} requests matching an armed target into a {@link FaultMatrixTest.Case}
 * fault, built from the vendor's real response where the fault needs its shape (truncation, a reset mid-body, a
 * stall, a huge line), or into a {@link ConnectionDropMatrixTest.Drop} (a connection dropped at a point of the
 * answer, a history that lags, resumes refused with a 503). Package-private: the fault matrices' server.
 */
final class FaultServer implements AutoCloseable {
  static final String MARKER = "zebra";
  static final int MB = 1024 * 1024;

  private final Emulator emulator;
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient upstream;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Set<String> seen = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile Armed armed;
  private volatile Stalled stalled;
  private volatile ArmedDrop armedDrop;
  private volatile String lagPath;
  private volatile String refusedPath;
  private volatile Upstream lastRead;
  private volatile Upstream staleRead;
  private final AtomicInteger lagLeft = new AtomicInteger();
  private final AtomicInteger lagServed = new AtomicInteger();
  private final AtomicInteger dropsFired = new AtomicInteger();
  private final AtomicInteger refusalsServed = new AtomicInteger();

  /** How a {@link #stall stalled} call fails to finish. */
  enum Stall {
    /** The request is never answered (and never reaches the emulator). */
    HANG("never answers"),
    /**
     * The emulator's real answer, its body padded with leading spaces and sent one byte every second (a 204 or 304,
     * which may carry no body, as a 200).
     */
    DRIP("drips 1 byte/s");

    final String label;

    Stall(String label) {
      this.label = label;
    }
  }

  private static final class Stalled {
    final String method;
    final String path;
    final Stall stall;

    Stalled(String method, String path, Stall stall) {
      this.method = method;
      this.path = path;
      this.stall = stall;
    }
  }

  private static final class Armed {
    final String method;
    final String path;
    final FaultMatrixTest.Case fault;
    final AtomicInteger left;

    Armed(String method, String path, FaultMatrixTest.Case fault, int times) {
      this.method = method;
      this.path = path;
      this.fault = fault;
      this.left = new AtomicInteger(times);
    }
  }

  private static final class ArmedDrop {
    final String method;
    final String path;
    final ConnectionDropMatrixTest.Drop drop;
    final Duration stall;
    final int lagReads;
    final AtomicInteger left = new AtomicInteger(1);

    ArmedDrop(String method, String path, ConnectionDropMatrixTest.Drop drop, Duration stall, int lagReads) {
      this.method = method;
      this.path = path;
      this.drop = drop;
      this.stall = stall;
      this.lagReads = lagReads;
    }
  }

  FaultServer(Emulator emulator) {
    this.emulator = emulator;
    this.upstream = new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .callTimeout(Duration.ofSeconds(60))
        .readTimeout(Duration.ofSeconds(60))
        .build();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return FaultServer.this.dispatch(request);
      }
    });
  }

  FaultServer start() throws IOException {
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    return this;
  }

  /** The emulator's base URL with this server's address. */
  String baseUrl() {
    HttpUrl emulated = HttpUrl.get(emulator.baseUrl());
    return emulated.newBuilder().host(server.getHostName()).port(server.getPort()).build().toString();
  }

  /** Faults the next {@code times} requests with this method and exactly this path. */
  void arm(String method, String path, FaultMatrixTest.Case fault, int times) {
    armed = new Armed(method, path, fault, times);
  }

  void disarm() {
    armed = null;
    stalled = null;
    armedDrop = null;
    lagLeft.set(0);
    staleRead = null;
    refusedPath = null;
  }

  /**
   * Drops the connection of the next request with this method and exactly this path as {@code drop} says (the
   * request always reaches the emulator first); a stall pauses for {@code stall}. When {@code lagReads > 0}, the
   * next {@code lagReads} GETs of the path set by {@link #watchReads} after the drop are answered with the last
   * answer that GET had before it: a history that shows the exchange late.
   */
  void armDrop(String method, String path, ConnectionDropMatrixTest.Drop drop, Duration stall, int lagReads) {
    dropsFired.set(0);
    lagServed.set(0);
    armedDrop = new ArmedDrop(method, path, drop, stall, lagReads);
  }

  /** Remembers the latest answer to GETs of exactly {@code path} (null: none), for a lagging history. */
  void watchReads(String path) {
    lagPath = path;
    lastRead = null;
  }

  /**
   * Answers every GET of exactly {@code path} (null: none) with a 503 in the vendor's error shape, without
   * forwarding it, until {@link #disarm()}: a resume the server refuses.
   */
  void refuseReads(String path) {
    refusalsServed.set(0);
    refusedPath = path;
  }

  /** How many GETs {@link #refuseReads} refused since it was set. */
  int refusalsServed() {
    return refusalsServed.get();
  }

  /** How many armed drops fired since the last {@link #armDrop}. */
  int dropsFired() {
    return dropsFired.get();
  }

  /** How many lagging (stale) history answers were served since the last {@link #armDrop}. */
  int lagServed() {
    return lagServed.get();
  }

  /** Stalls every request with this method and exactly this path until {@link #disarm()}. */
  void stall(String method, String path, Stall stall) {
    stalled = new Stalled(method, path, stall);
  }

  void resetCounts() {
    counts.clear();
    seen.clear();
  }

  /** The distinct {@code "METHOD path"} of every request since {@link #resetCounts()}, in order of arrival. */
  List<String> seen() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  /** Requests that reached this server with this method and exactly this path since {@link #resetCounts()}. */
  int count(String method, String path) {
    AtomicInteger n = counts.get(method + " " + path);
    return n == null ? 0 : n.get();
  }

  private MockResponse dispatch(RecordedRequest request) {
    String path = request.getRequestUrl() == null ? request.getPath() : request.getRequestUrl().encodedPath();
    counts.computeIfAbsent(request.getMethod() + " " + path, k -> new AtomicInteger()).incrementAndGet();
    seen.add(request.getMethod() + " " + path);
    Stalled st = stalled;
    if (st != null && st.method.equalsIgnoreCase(request.getMethod()) && st.path.equals(path)) {
      try {
        return stalled(st.stall, request);
      } catch (IOException | RuntimeException e) {
        return new MockResponse().setResponseCode(502).setBody("fault server could not reach the emulator: " + e);
      }
    }
    String refused = refusedPath;
    if (refused != null && request.getMethod().equalsIgnoreCase("GET") && refused.equals(path)) {
      refusalsServed.incrementAndGet();
      return error(503, "service unavailable");
    }
    String lag = lagPath;
    boolean read = lag != null && request.getMethod().equalsIgnoreCase("GET") && lag.equals(path);
    Upstream stale = staleRead;
    if (read && stale != null && lagLeft.getAndDecrement() > 0) {
      lagServed.incrementAndGet();
      return stale.toMock();
    }
    ArmedDrop d = armedDrop;
    if (d != null && d.method.equalsIgnoreCase(request.getMethod()) && d.path.equals(path)
        && d.left.getAndDecrement() > 0) {
      try {
        Upstream up = forward(request);
        dropsFired.incrementAndGet();
        if (d.lagReads > 0 && lastRead != null) {
          staleRead = lastRead;
          lagLeft.set(d.lagReads);
        }
        return drop(d, up);
      } catch (IOException | RuntimeException e) {
        return new MockResponse().setResponseCode(502).setBody("fault server could not reach the emulator: " + e);
      }
    }
    if (read) {
      try {
        Upstream up = forward(request);
        lastRead = up;
        return up.toMock();
      } catch (IOException | RuntimeException e) {
        return new MockResponse().setResponseCode(502).setBody("fault server could not reach the emulator: " + e);
      }
    }
    Armed a = armed;
    boolean hit = a != null && a.method.equalsIgnoreCase(request.getMethod()) && a.path.equals(path)
        && a.left.getAndDecrement() > 0;
    try {
      if (!hit) return forward(request).toMock();
      return fault(a.fault, request);
    } catch (IOException | RuntimeException e) {
      return new MockResponse().setResponseCode(502).setBody("fault server could not reach the emulator: " + e);
    }
  }

  private MockResponse fault(FaultMatrixTest.Case fault, RecordedRequest request) throws IOException {
    switch (fault) {
      case RESET_BEFORE_RESPONSE:
        forward(request); // the server processed it; the answer never arrives
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
      case RESET_MID_STREAM:
        return forward(request).toMock().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
      case READ_TIMEOUT:
        forward(request);
        return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
      case IDLE_PAST_TIMEOUT: {
        Upstream up = forward(request);
        MockResponse m = up.toMock();
        long half = Math.max(1, m.getBody().size() / 2);
        return m.throttleBody(half, 6, TimeUnit.SECONDS); // well past the client's idle and call timeouts
      }
      case RATE_LIMITED_SECONDS:
        return error(429, "slow down").setHeader("Retry-After", "1");
      case RATE_LIMITED_HTTP_DATE:
        return error(429, "slow down").setHeader("Retry-After",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1)));
      case RATE_LIMITED_PERSISTENT:
        return error(429, "slow down").setHeader("Retry-After", "0");
      case SERVER_500:
        return error(500, "internal failure");
      case BAD_GATEWAY_502:
        return error(502, "bad gateway");
      case UNAVAILABLE_503:
        return error(503, "unavailable");
      case UNAVAILABLE_503_RETRY_AFTER:
        return error(503, "unavailable").setHeader("Retry-After", "0");
      case MALFORMED_JSON: {
        Upstream up = forward(request);
        String text = up.text();
        int brace = text.indexOf('{');
        up.body = brace < 0 ? "{\"broken\": " : text.substring(0, brace) + "{{" + text.substring(brace + 1);
        return up.toMock();
      }
      case HTML_200:
        forward(request);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html; charset=utf-8")
            .setBody("<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1>"
                + "<p>Your session expired.</p></body></html>");
      case WRONG_CONTENT_TYPE: {
        Upstream up = forward(request);
        up.contentType = "text/plain; charset=utf-8";
        return up.toMock();
      }
      case TRUNCATED: {
        Upstream up = forward(request);
        up.body = truncate(up);
        return up.toMock();
      }
      case BODY_50MB: {
        Upstream up = forward(request);
        Buffer big = up.isStream() ? repeatMarkerEvent(up, 50L * MB) : padFirstObject(up.text(), 50L * MB);
        // chunked: the client cannot see the size up front and must bound what it buffers itself
        return up.toMock().setChunkedBody(big, 64 * 1024);
      }
      case LINE_1MB: {
        Upstream up = forward(request);
        Buffer padded = padFirstObject(up.text(), MB);
        up.body = padded.readUtf8();
        return up.toMock();
      }
      default:
        throw new IllegalArgumentException("not a server-side fault: " + fault);
    }
  }

  /** The emulator's answer {@code up}, its connection dropped or stalled at the drop's point. */
  static MockResponse drop(ArmedDrop d, Upstream up) {
    if (d.drop == ConnectionDropMatrixTest.Drop.RESET_AFTER_SEND) {
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    byte[] body = up.body.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
    up.body = new String(body, StandardCharsets.UTF_8);
    int cut = cutAt(up, d.drop);
    up.chunked = false;
    if (d.drop == ConnectionDropMatrixTest.Drop.STALL_PAST_IDLE) {
      return up.toMock().throttleBody(cut, d.stall.toMillis(), TimeUnit.MILLISECONDS);
    }
    // MockWebServer writes the first half of a body and closes the socket: the cut prefix, then as many bytes
    // again that never leave, behind a Content-Length the client never sees fulfilled
    Buffer b = new Buffer().write(body, 0, cut).write(new byte[cut]);
    MockResponse m = up.toMock();
    return m.setBody(b).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
  }

  /**
   * Where the drop cuts {@code up}'s body, in bytes: a stream after its first event (early), at the event boundary
   * nearest its middle (middle), before its last event (late); a JSON body after 10 %, 50 % or all but its last byte.
   * A stall, a history lag and a refused resume cut in the middle.
   */
  static int cutAt(Upstream up, ConnectionDropMatrixTest.Drop drop) {
    String text = up.body;
    int len = text.getBytes(StandardCharsets.UTF_8).length;
    int at;
    List<Integer> ends = new ArrayList<>();
    if (up.isStream()) {
      String sep = up.isSse() ? "\n\n" : "\n";
      for (int i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, i + sep.length())) ends.add(i + sep.length());
    }
    if (ends.size() >= 3) {
      at = switch (drop) {
        case RESET_EARLY -> ends.get(0);
        case RESET_LATE -> ends.get(ends.size() - 2);
        default -> ends.get((ends.size() - 1) / 2);
      };
      return text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    }
    return switch (drop) {
      case RESET_EARLY -> Math.max(1, len / 10);
      case RESET_LATE -> Math.max(1, len - 1);
      default -> Math.max(1, len / 2);
    };
  }

  private MockResponse stalled(Stall stall, RecordedRequest request) throws IOException {
    if (stall == Stall.HANG) return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    Upstream up = forward(request);
    // never too short to outlast the client: an empty or tiny body would otherwise simply arrive
    up.body = " ".repeat(Math.max(0, 32 - up.body.length())) + up.body;
    up.chunked = false;
    // a body on a 204 or 304 is a protocol error the client would see at once (and a DELETE would be retried)
    if (up.status == 204 || up.status == 304) up.status = 200;
    return up.toMock().throttleBody(1, 1, TimeUnit.SECONDS);
  }

  private MockResponse error(int status, String message) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody(emulator.errorBody(status, message));
  }

  /** The body cut at the event boundary nearest its middle (streams) or at half its bytes (JSON): no end event. */
  static String truncate(Upstream up) {
    String text = up.text();
    if (!up.isStream()) return text.substring(0, text.length() / 2);
    String sep = up.isSse() ? "\n\n" : "\n";
    String norm = text.replace("\r\n", "\n");
    List<Integer> ends = new ArrayList<>();
    for (int i = norm.indexOf(sep); i >= 0; i = norm.indexOf(sep, i + sep.length())) ends.add(i + sep.length());
    if (ends.size() < 2) return norm.substring(0, norm.length() / 2);
    return norm.substring(0, ends.get((ends.size() - 1) / 2));
  }

  /** Inserts an unknown string field of {@code bytes} after the first '{': a valid body with one huge line. */
  static Buffer padFirstObject(String text, long bytes) {
    Buffer out = new Buffer();
    int brace = text.indexOf('{');
    if (brace < 0) throw new IllegalStateException("no JSON object in the response to pad: " + text);
    out.writeUtf8(text, 0, brace + 1);
    out.writeUtf8("\"zz_padding\":\"");
    byte[] block = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
    for (long left = bytes; left > 0; left -= block.length) out.write(block, 0, (int) Math.min(block.length, left));
    out.writeUtf8("\",");
    out.writeUtf8(text, brace + 1, text.length());
    return out;
  }

  /** The stream with its marker event (the one carrying {@link #MARKER}) repeated until it is {@code bytes} long. */
  static Buffer repeatMarkerEvent(Upstream up, long bytes) {
    String sep = up.isSse() ? "\n\n" : "\n";
    String norm = up.text().replace("\r\n", "\n");
    String[] events = norm.split(sep, -1);
    int marker = -1;
    for (int i = 0; i < events.length; i++) {
      if (events[i].contains(MARKER)) {
        marker = i;
        break;
      }
    }
    if (marker < 0) marker = events.length / 2;
    Buffer out = new Buffer();
    for (int i = 0; i < marker; i++) out.writeUtf8(events[i]).writeUtf8(sep);
    byte[] repeated = (events[marker] + sep).getBytes(StandardCharsets.UTF_8);
    for (long written = 0; written < bytes; written += repeated.length) out.write(repeated);
    for (int i = marker + 1; i < events.length; i++) {
      out.writeUtf8(events[i]);
      if (i < events.length - 1) out.writeUtf8(sep);
    }
    return out;
  }

  /** A response from the emulator, editable before it is replayed. */
  static final class Upstream {
    int status;
    Headers headers;
    String contentType;
    String body;
    boolean chunked;

    String text() {
      return body;
    }

    /** SSE framing, judged by the body: some servers (Onyx) label NDJSON as text/event-stream. */
    boolean isSse() {
      String first = body.stripLeading();
      return first.startsWith("data:") || first.startsWith("event:") || first.startsWith("id:")
          || first.startsWith("retry:") || first.startsWith(":");
    }

    boolean isStream() {
      String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
      if (ct.contains("event-stream") || ct.contains("ndjson") || ct.contains("jsonl") || ct.contains("json-stream")) {
        return true;
      }
      if (isSse()) return true;
      int lines = 0;
      for (String line : body.split("\n")) if (!line.isBlank()) lines++;
      return lines >= 2;
    }

    MockResponse toMock() {
      MockResponse m = new MockResponse().setResponseCode(status);
      for (int i = 0; i < headers.size(); i++) {
        String name = headers.name(i).toLowerCase(Locale.ROOT);
        if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("connection")
            || name.equals("content-type") || name.equals("date")) {
          continue;
        }
        m.addHeader(headers.name(i), headers.value(i));
      }
      if (contentType != null) m.setHeader("Content-Type", contentType);
      if (chunked) m.setChunkedBody(body, 4096);
      else m.setBody(body);
      return m;
    }
  }

  private Upstream forward(RecordedRequest request) throws IOException {
    HttpUrl root = HttpUrl.get("http://127.0.0.1:" + emulator.port() + "/");
    HttpUrl url = root.resolve(request.getPath());
    Request.Builder b = new Request.Builder().url(url);
    Headers h = request.getHeaders();
    for (int i = 0; i < h.size(); i++) {
      String name = h.name(i).toLowerCase(Locale.ROOT);
      if (name.equals("host") || name.equals("content-length") || name.equals("connection")
          || name.equals("accept-encoding") || name.equals("transfer-encoding")) {
        continue;
      }
      b.addHeader(h.name(i), h.value(i));
    }
    RequestBody body = null;
    byte[] bytes = request.getBody().clone().readByteArray();
    String method = request.getMethod();
    if (bytes.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      String ct = h.get("Content-Type");
      body = RequestBody.create(bytes, ct == null ? null : MediaType.parse(ct));
    }
    b.method(method, body);
    try (Response r = upstream.newCall(b.build()).execute()) {
      Upstream up = new Upstream();
      up.status = r.code();
      up.headers = r.headers();
      up.contentType = r.header("Content-Type");
      ResponseBody rb = r.body();
      up.body = rb == null ? "" : rb.string();
      up.chunked = r.header("Content-Length") == null && !up.body.isEmpty();
      return up;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      server.shutdown();
    } finally {
      upstream.dispatcher().executorService().shutdown();
      upstream.connectionPool().evictAll();
    }
  }
}
