package dev.chatbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.internal.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * Serves a wire recording ({@code dev.chatbridge.WireRecording}) back, so what a client did against a real server
 * becomes a regression test: point a client at {@link #baseUrl()}, run the same operations, get the same answers.
 *
 * <pre>{@code
 * try (ReplayServer replay = ReplayServer.of(Path.of("src/test/resources/onyx-wire.jsonl")).start();
 *      ChatClient client = ChatClients.create(ChatConfig.builder().vendor("onyx")
 *          .baseUrl(replay.baseUrl()).apiKey("any").build())) {
 *   assertEquals("Echo: Hello", client.createSession().send("Hello").text());
 *   replay.assertAllServed();
 * }
 * }</pre>
 *
 * <p><b>Matching.</b> Each request is answered by the first recorded exchange, in recording order, not yet served,
 * that has
 *
 * <ul>
 *   <li>the same method;
 *   <li>the same path, exactly as sent (percent-encoded; ids in it included), below the recorded base URL's path
 *       (scheme, host and port are not compared: the replay serves on loopback);
 *   <li>the same query parameter names (values are not compared: cursors and timestamps differ between runs);
 *   <li>the same request body shape: for a JSON body, the same JSON type at every level, objects with the same key
 *       set (in any order), arrays of the same length with elements of the same shape; strings, numbers,
 *       booleans and null are told apart but their values are not compared. An object whose keys are all UUIDs
 *       (a map by generated id, as Open WebUI's message history) counts as a list of its values in order: the ids
 *       are values that differ between runs, so only their number and their values' shapes are compared. A body
 *       that is not JSON matches any body that is not JSON; no body (or an empty one) matches only no body.
 * </ul>
 *
 * <p>Headers are not compared (the recording holds no credential, so any key works). A request nothing matches is
 * answered {@code 501} with {@code {"detail": "replay: …"}} naming what differed from the closest recorded exchange
 * (same method and path when there is one), which a client reports as a {@code ServerException} with that text;
 * {@link #mismatches()} keeps every such message and {@link #assertAllServed()} fails on them.
 *
 * <p><b>Answers.</b> The recorded status and headers (without {@code Content-Length}, {@code Transfer-Encoding},
 * {@code Content-Encoding} and {@code Connection}), then the body chunk by chunk, each flushed, as fast as possible
 * or, with {@link Pace#RECORDED}, at the recorded time offsets. A body the recording shows broken off
 * ({@code error} in phase {@code body}) ends early: the replay declares one byte more than it sends, so the client
 * sees the connection end mid-body; a call that failed before any response ({@code error} in phase
 * {@code request}) is answered by closing the connection. A body the caller closed before its end is served as far
 * as it was recorded.
 */
public final class ReplayServer implements AutoCloseable {
  /** How fast a replay sends answers. */
  public enum Pace {
    /** Each answer and chunk at once (the default: fast tests). */
    FAST,
    /** The response head and each chunk after the delay they had in the recording. */
    RECORDED
  }

  private static final Set<String> HOP_HEADERS =
      Set.of("content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive");

  private final List<Recorded> exchanges;
  private final String basePath;
  private final Pace pace;
  private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
  private LoopbackServer server;

  private ReplayServer(List<Recorded> exchanges, String basePath, Pace pace) {
    this.exchanges = exchanges;
    this.basePath = basePath;
    this.pace = pace;
  }

  /** A replay of the recording in {@code file}, answering as fast as possible. */
  public static ReplayServer of(Path file) {
    return builder(file).build();
  }

  /** A builder for a replay of the recording in {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  /** Starts on a free loopback port. */
  public ReplayServer start() {
    return start(0);
  }

  /** Starts on {@code port} (0: any free port) on 127.0.0.1. */
  public synchronized ReplayServer start(int port) {
    if (server != null) return this;
    server = LoopbackServer.start("replay server", port, 256, this::dispatch);
    return this;
  }

  /** The port it listens on. */
  public int port() {
    if (server == null) throw new IllegalStateException("replay server not started");
    return server.port();
  }

  /**
   * The base URL to configure a client with: loopback, this server's port and the path of the base URL the
   * recording was made with (e.g. {@code /api} for Onyx behind its proxy).
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + (basePath.equals("/") ? "" : basePath);
  }

  /** How many exchanges the recording holds. */
  public int exchanges() {
    return exchanges.size();
  }

  /** How many recorded exchanges have been served. */
  public int served() {
    synchronized (exchanges) {
      int n = 0;
      for (Recorded r : exchanges) if (r.served) n++;
      return n;
    }
  }

  /** Every request that matched nothing, as the message it was answered with, in order. */
  public List<String> mismatches() {
    synchronized (mismatches) {
      return List.copyOf(mismatches);
    }
  }

  /**
   * Throws {@link AssertionError} when a request matched nothing or a recorded exchange was not asked for, listing
   * them.
   */
  public void assertAllServed() {
    List<String> problems = new ArrayList<>(mismatches());
    synchronized (exchanges) {
      for (Recorded r : exchanges) {
        if (!r.served) problems.add("recorded " + r + " was not requested");
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("the replay did not go as recorded:\n  " + String.join("\n  ", problems));
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  // ---------------------------------------------------------------- serving

  private void dispatch(HttpExchange http) {
    try {
      byte[] body = http.getRequestBody().readAllBytes();
      String method = http.getRequestMethod();
      String path = http.getRequestURI().getRawPath();
      Set<String> query = queryNames(http.getRequestURI().getRawQuery());
      Shape shape = Shape.ofBody(body);
      Recorded match;
      String mismatch = null;
      synchronized (exchanges) {
        match = find(method, path, query, shape);
        if (match != null) match.served = true;
        else mismatch = describeMismatch(method, path, query, shape);
      }
      if (match == null) {
        mismatches.add(mismatch);
        byte[] answer = Json.write(Map.of("detail", mismatch)).getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(501, answer.length);
        try (OutputStream out = http.getResponseBody()) {
          out.write(answer);
        }
        return;
      }
      serve(http, method, match);
    } catch (BrokenOff e) {
      // thrown out of the handler, so the server drops the connection now: the client sees the body end short
      throw e;
    } catch (IOException | RuntimeException e) {
      // the client went away
    }
    http.close();
  }

  /** Ends a replayed body short of its declared length: the HTTP server closes a connection whose handler threw. */
  private static final class BrokenOff extends RuntimeException {
    BrokenOff() {
      super("replay: the recorded body broke off here", null, false, false);
    }
  }

  private Recorded find(String method, String path, Set<String> query, Shape shape) {
    for (Recorded r : exchanges) {
      if (!r.served && r.method.equals(method) && r.path.equals(path) && r.queryNames.equals(query)
          && r.bodyShape.equals(shape)) {
        return r;
      }
    }
    return null;
  }

  /** Why nothing matched, against the closest recorded exchange. */
  private String describeMismatch(String method, String path, Set<String> query, Shape shape) {
    String request = method + " " + path;
    List<Recorded> samePath = new ArrayList<>();
    for (Recorded r : exchanges) if (r.method.equals(method) && r.path.equals(path)) samePath.add(r);
    if (samePath.isEmpty()) {
      Set<String> recorded = new TreeSet<>();
      for (Recorded r : exchanges) recorded.add(r.method + " " + r.path);
      return "replay: no recorded exchange for " + request + "; the recording has " + recorded;
    }
    List<Recorded> unserved = new ArrayList<>();
    for (Recorded r : samePath) if (!r.served) unserved.add(r);
    if (unserved.isEmpty()) {
      return "replay: " + request + " was recorded " + samePath.size() + " time(s), all already served";
    }
    Recorded closest = unserved.get(0);
    if (!closest.queryNames.equals(query)) {
      return "replay: " + request + " query parameters differ: recorded " + closest.queryNames + ", got " + query;
    }
    return "replay: " + request + " request body differs from the recording at "
        + closest.bodyShape.difference(shape, "$");
  }

  private void serve(HttpExchange http, String method, Recorded r) throws IOException {
    if (r.status < 0) { // the recorded call failed before any response: so does this one
      return;
    }
    pause(r.responseAt);
    r.headers.forEach((name, values) -> {
      if (HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) return;
      for (String v : values) http.getResponseHeaders().add(name, v);
    });
    long total = 0;
    for (Chunk c : r.chunks) total += c.bytes.length;
    boolean noBody = method.equals("HEAD") || r.status == 204 || r.status == 304 || r.status < 200;
    if (noBody) {
      http.sendResponseHeaders(r.status, -1);
      return;
    }
    // broken off: declare one byte more than is sent, so the client sees the connection end mid-body
    http.sendResponseHeaders(r.status, r.broken ? total + 1 : total == 0 ? -1 : 0);
    if (total == 0 && !r.broken) return;
    OutputStream out = http.getResponseBody();
    long last = r.responseAt;
    for (Chunk c : r.chunks) {
      pause(c.at - last);
      last = c.at;
      out.write(c.bytes);
      out.flush();
    }
    if (r.broken) throw new BrokenOff();
    out.close();
  }

  private void pause(long millis) {
    if (pace != Pace.RECORDED || millis <= 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Set<String> queryNames(String rawQuery) {
    Set<String> names = new TreeSet<>();
    if (rawQuery == null || rawQuery.isEmpty()) return names;
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      names.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8));
    }
    return names;
  }

  // ---------------------------------------------------------------- the recording

  /** One recorded exchange. */
  private static final class Recorded {
    final long call;
    final String method;
    final String path;
    final Set<String> queryNames;
    final Shape bodyShape;
    int status = -1;
    long responseAt;
    Map<String, List<String>> headers = Map.of();
    final List<Chunk> chunks = new ArrayList<>();
    boolean broken;
    boolean served;

    Recorded(long call, String method, String path, Set<String> queryNames, Shape bodyShape) {
      this.call = call;
      this.method = method;
      this.path = path;
      this.queryNames = queryNames;
      this.bodyShape = bodyShape;
    }

    @Override
    public String toString() {
      return "call " + call + ": " + method + " " + path + (status < 0 ? " (failed before a response)"
          : " → " + status);
    }
  }

  private record Chunk(long at, byte[] bytes) {}

  /** Reads a recording: requests in order, each with what came back. Unknown event types and fields are skipped. */
  static ReplayServer read(Path file, Pace pace) {
    Map<Long, Recorded> byCall = new LinkedHashMap<>();
    String baseUrl = null;
    int lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = reader.readLine()) != null; ) {
        lineNumber++;
        if (line.isBlank()) continue;
        JsonNode e;
        try {
          e = Json.MAPPER.readTree(line);
        } catch (IOException ex) {
          throw new IllegalArgumentException(file + " line " + lineNumber + " is not JSON: not a wire recording");
        }
        String type = e.path("type").asText();
        long call = e.path("call").asLong(-1);
        if (type.equals("request")) {
          if (baseUrl == null && e.path("baseUrl").isTextual()) baseUrl = e.path("baseUrl").asText();
          byCall.put(call, new Recorded(call, e.path("method").asText(), e.path("path").asText(),
              queryNames(e.path("query").isTextual() ? e.path("query").asText() : null), Shape.ofBody(bytes(e,
                  "body"))));
          continue;
        }
        Recorded r = byCall.get(call);
        if (r == null) continue;
        switch (type) {
          case "response" -> {
            r.status = e.path("status").asInt();
            r.responseAt = e.path("t").asLong();
            r.headers = headers(e.path("headers"));
          }
          case "chunk" -> r.chunks.add(new Chunk(e.path("t").asLong(), bytes(e, "data")));
          case "error" -> r.broken = r.status >= 0;
          default -> { } // "end", and types a later version may add
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the wire recording " + file, e);
    }
    String basePath = "/";
    if (baseUrl != null) {
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url != null) basePath = url.encodedPath();
    }
    return new ReplayServer(new ArrayList<>(byCall.values()), basePath, pace);
  }

  private static byte[] bytes(JsonNode event, String field) {
    JsonNode text = event.get(field);
    if (text != null && text.isTextual()) return text.asText().getBytes(StandardCharsets.UTF_8);
    JsonNode base64 = event.get(field + "Base64");
    if (base64 != null && base64.isTextual()) return Base64.getDecoder().decode(base64.asText());
    return new byte[0];
  }

  private static Map<String, List<String>> headers(JsonNode node) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> h : node.properties()) {
      List<String> values = new ArrayList<>();
      if (h.getValue().isArray()) for (JsonNode v : h.getValue()) values.add(v.asText());
      else values.add(h.getValue().asText());
      out.put(h.getKey(), values);
    }
    return out;
  }

  /** The shape of a request body: JSON types and keys, no values. */
  static final class Shape {
    private static final java.util.regex.Pattern UUID_KEY =
        java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Shape NONE = new Shape("none", null, null);
    private static final Shape TEXT = new Shape("text (not JSON)", null, null);

    private final String type;
    private final Map<String, Shape> fields;
    private final List<Shape> elements;

    private Shape(String type, Map<String, Shape> fields, List<Shape> elements) {
      this.type = type;
      this.fields = fields;
      this.elements = elements;
    }

    static Shape ofBody(byte[] body) {
      if (body == null || body.length == 0) return NONE;
      try {
        JsonNode tree = Json.MAPPER.readTree(body);
        return tree == null || tree.isMissingNode() ? NONE : of(tree);
      } catch (IOException e) {
        return TEXT;
      }
    }

    static Shape of(JsonNode node) {
      if (node.isObject() && !node.isEmpty() && idKeyed(node)) { // a map by generated id: the ids are values
        List<Shape> values = new ArrayList<>();
        for (JsonNode v : node) values.add(of(v));
        return new Shape("object keyed by ids", null, values);
      }
      if (node.isObject()) {
        Map<String, Shape> fields = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
          fields.put(f.getKey(), of(f.getValue()));
        }
        return new Shape("object", fields, null);
      }
      if (node.isArray()) {
        List<Shape> elements = new ArrayList<>();
        for (JsonNode e : node) elements.add(of(e));
        return new Shape("array", null, elements);
      }
      if (node.isTextual()) return new Shape("string", null, null);
      if (node.isNumber()) return new Shape("number", null, null);
      if (node.isBoolean()) return new Shape("boolean", null, null);
      if (node.isNull()) return new Shape("null", null, null);
      return new Shape(node.getNodeType().name().toLowerCase(Locale.ROOT), null, null);
    }

    private static boolean idKeyed(JsonNode object) {
      for (java.util.Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        if (!UUID_KEY.matcher(names.next()).matches()) return false;
      }
      return true;
    }

    /** Where {@code other} first differs from this shape, as a JSON path and what each side has. */
    String difference(Shape other, String at) {
      if (!type.equals(other.type)) return at + ": recorded " + type + ", got " + other.type;
      if (fields != null) {
        Set<String> missing = new TreeSet<>(fields.keySet());
        missing.removeAll(other.fields.keySet());
        Set<String> extra = new TreeSet<>(other.fields.keySet());
        extra.removeAll(fields.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
          return at + ": keys differ" + (missing.isEmpty() ? "" : ", missing " + missing)
              + (extra.isEmpty() ? "" : ", not recorded " + extra);
        }
        for (Map.Entry<String, Shape> f : fields.entrySet()) {
          Shape o = other.fields.get(f.getKey());
          if (!f.getValue().equals(o)) return f.getValue().difference(o, at + "." + f.getKey());
        }
      }
      if (elements != null) {
        if (elements.size() != other.elements.size()) {
          return at + ": recorded " + elements.size() + " elements, got " + other.elements.size();
        }
        for (int i = 0; i < elements.size(); i++) {
          if (!elements.get(i).equals(other.elements.get(i))) {
            return elements.get(i).difference(other.elements.get(i), at + "[" + i + "]");
          }
        }
      }
      return at + ": (no difference)";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Shape s && s.type.equals(type) && Objects.equals(s.fields, fields)
          && Objects.equals(s.elements, elements);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, fields, elements);
    }
  }

  /** Builds a {@link ReplayServer}. */
  public static final class Builder {
    private final Path file;
    private Pace pace = Pace.FAST;

    private Builder(Path file) {
      this.file = file;
    }

    /** How fast to answer: {@link Pace#FAST} (the default) or {@link Pace#RECORDED}. */
    public Builder pace(Pace pace) {
      this.pace = Objects.requireNonNull(pace, "pace");
      return this;
    }

    /**
     * Reads the recording; an unreadable file is an {@link UncheckedIOException}, a file that is not a wire
     * recording an {@link IllegalArgumentException}.
     */
    public ReplayServer build() {
      return read(file, pace);
    }
  }
}
