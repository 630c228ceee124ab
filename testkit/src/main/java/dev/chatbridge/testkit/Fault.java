package dev.chatbridge.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure an {@link Emulator} injects into the next matching requests: an error status, a dropped connection,
 * a malformed body, latency, or a stream that stalls or stops early. Immutable; {@link #on} and {@link #times}
 * return narrowed copies.
 */
public final class Fault {
  /** What the fault does. */
  public enum Kind {
    /** Answer with a fixed status, headers and body instead of handling the request. */
    STATUS,
    /** Close the connection without any response. */
    DROP_CONNECTION,
    /** Answer 200 with an HTML page instead of JSON. */
    MALFORMED_BODY,
    /** Wait, then handle normally. */
    DELAY,
    /** Handle normally, but end the stream (or body) after {@code events} events without its terminal event. */
    TRUNCATE_STREAM,
    /** Handle normally, but pause {@code delay} after {@code events} stream events. */
    STALL_STREAM
  }

  private final Kind kind;
  private final int status;
  private final String body;
  private final String contentType;
  private final Map<String, String> headers;
  private final Duration delay;
  private final int events;
  private final String method;
  private final String pathPrefix;
  private final int times;

  private Fault(Kind kind, int status, String body, String contentType, Map<String, String> headers,
      Duration delay, int events, String method, String pathPrefix, int times) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.contentType = contentType;
    this.headers = Map.copyOf(headers);
    this.delay = delay;
    this.events = events;
    this.method = method;
    this.pathPrefix = pathPrefix;
    this.times = times;
  }

  private static Fault of(Kind kind) {
    return new Fault(kind, 0, "", "application/json", Map.of(), Duration.ZERO, 0, null, null, 1);
  }

  /** Answer {@code status} with {@code body} (JSON). */
  public static Fault status(int status, String body) {
    Fault f = of(Kind.STATUS);
    return new Fault(Kind.STATUS, status, body, f.contentType, Map.of(), Duration.ZERO, 0, null, null, 1);
  }

  /** 429 with {@code Retry-After: retryAfter} (seconds or an HTTP-date) and the given body. */
  public static Fault rateLimited(String retryAfter, String body) {
    return status(429, body).header("Retry-After", retryAfter);
  }

  /** Closes the connection after reading the request, without any response (not even a status line). */
  public static Fault dropConnection() {
    return of(Kind.DROP_CONNECTION);
  }

  /** Answers 200 with an HTML error page where JSON was expected. */
  public static Fault malformedBody() {
    return new Fault(Kind.MALFORMED_BODY, 200, "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html", Map.of(), Duration.ZERO, 0, null, null, 1);
  }

  /** Waits {@code delay}, then handles the request normally. */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, "", "", Map.of(), delay, 0, null, null, 1);
  }

  /** The stream ends cleanly after {@code events} events, without the vendor's terminal event. */
  public static Fault truncateStream(int events) {
    return new Fault(Kind.TRUNCATE_STREAM, 0, "", "", Map.of(), Duration.ZERO, events, null, null, 1);
  }

  /** The stream pauses for {@code delay} after {@code events} events, then goes on. */
  public static Fault stallStream(int events, Duration delay) {
    return new Fault(Kind.STALL_STREAM, 0, "", "", Map.of(), delay, events, null, null, 1);
  }

  /** Adds a response header (STATUS faults). */
  public Fault header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Fault(kind, status, body, contentType, h, delay, events, method, pathPrefix, times);
  }

  /** Sets the response Content-Type (STATUS faults). */
  public Fault contentType(String contentType) {
    return new Fault(kind, status, body, contentType, headers, delay, events, method, pathPrefix, times);
  }

  /** Applies only to requests with this method whose path starts with {@code pathPrefix}. */
  public Fault on(String method, String pathPrefix) {
    return new Fault(kind, status, body, contentType, headers, delay, events,
        Objects.requireNonNull(method), Objects.requireNonNull(pathPrefix), times);
  }

  /** Applies to the next {@code n} matching requests (default 1). */
  public Fault times(int n) {
    if (n < 1) throw new IllegalArgumentException("times must be positive");
    return new Fault(kind, status, body, contentType, headers, delay, events, method, pathPrefix, n);
  }

  /** What the fault does. */
  public Kind kind() {
    return kind;
  }

  /** The status a STATUS fault answers with. */
  public int status() {
    return status;
  }

  /** The response body (STATUS and MALFORMED_BODY). */
  public String body() {
    return body;
  }

  /** The response Content-Type (STATUS and MALFORMED_BODY). */
  public String contentType() {
    return contentType;
  }

  /** Extra response headers (STATUS). */
  public Map<String, String> headers() {
    return headers;
  }

  /** How long DELAY and STALL_STREAM wait. */
  public Duration delay() {
    return delay;
  }

  /** After how many stream events TRUNCATE_STREAM and STALL_STREAM act. */
  public int events() {
    return events;
  }

  /** How many matching requests the fault applies to. */
  public int times() {
    return times;
  }

  boolean matches(String requestMethod, String path) {
    return (method == null || method.equalsIgnoreCase(requestMethod))
        && (pathPrefix == null || path.startsWith(pathPrefix));
  }

  @Override
  public String toString() {
    return "Fault{" + kind + (status > 0 ? " " + status : "") + (method != null ? " on " + method + " " + pathPrefix : "")
        + " x" + times + "}";
  }
}
