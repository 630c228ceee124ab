package dev.chatbridge.internal.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * One request for the {@link Transport}. {@link #idempotent()} decides retries: true for GET/DELETE/PUT-like
 * calls that can be repeated harmlessly; false for anything that sends a message, creates a session or toggles
 * state. Not API.
 */
public final class ApiRequest {
  private final String method;
  private final HttpUrl url;
  private final Object body;
  private final boolean idempotent;
  private final Map<String, String> headers;
  private final String accept;
  private final Duration timeout;

  private ApiRequest(String method, HttpUrl url, Object body, boolean idempotent, Map<String, String> headers,
      String accept, Duration timeout) {
    this.method = method;
    this.url = Objects.requireNonNull(url, "url");
    this.body = body;
    this.idempotent = idempotent;
    this.headers = headers;
    this.accept = accept;
    this.timeout = timeout;
  }

  /** An idempotent GET: retried on any failure. */
  public static ApiRequest get(HttpUrl url) {
    return new ApiRequest("GET", url, null, true, Map.of(), "application/json", null);
  }

  /** An idempotent DELETE: retried on any failure. */
  public static ApiRequest delete(HttpUrl url) {
    return new ApiRequest("DELETE", url, null, true, Map.of(), "application/json", null);
  }

  /** A POST that must never be repeated once it may have reached the server (send, create, toggle). */
  public static ApiRequest post(HttpUrl url, Object body) {
    return new ApiRequest("POST", url, body, false, Map.of(), "application/json", null);
  }

  /** A request with any method; {@code idempotent} as the call's semantics allow. */
  public static ApiRequest of(String method, HttpUrl url, Object body, boolean idempotent) {
    return new ApiRequest(method, url, body, idempotent, Map.of(), "application/json", null);
  }

  /** This request with another Accept header (e.g. {@code text/event-stream}). */
  public ApiRequest accept(String accept) {
    return new ApiRequest(method, url, body, idempotent, headers, accept, timeout);
  }

  /** This request with one more header. */
  public ApiRequest header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiRequest(method, url, body, idempotent, Map.copyOf(h), accept, timeout);
  }

  /** Overrides the call timeout for this request only. */
  public ApiRequest timeout(Duration timeout) {
    return new ApiRequest(method, url, body, idempotent, headers, accept, timeout);
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The full URL. */
  public HttpUrl url() {
    return url;
  }

  /** A JsonNode, or plain Java maps/lists, serialised as JSON; null for no body. */
  public Object body() {
    return body;
  }

  /** Whether repeating the request is harmless; decides which failures are retried. */
  public boolean idempotent() {
    return idempotent;
  }

  /** Extra headers besides auth, User-Agent and Accept. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The Accept header value. */
  public String accept() {
    return accept;
  }

  /** The per-request call timeout, or null for the client's. */
  public Duration timeout() {
    return timeout;
  }
}
