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
 *
 * @param method the HTTP method
 * @param url the full URL
 * @param body a JsonNode, or plain Java maps/lists, serialised as JSON; null for no body
 * @param idempotent whether repeating the request is harmless; decides which failures are retried
 * @param headers extra headers besides auth, User-Agent and Accept
 * @param accept the Accept header value
 * @param timeout the per-request call timeout, or null for the client's
 * @param isPrimary whether this request carries a vendor-neutral operation ({@link #primary()})
 */
public record ApiRequest(String method, HttpUrl url, Object body, boolean idempotent, Map<String, String> headers,
    String accept, Duration timeout, boolean isPrimary) {
  /** Checks the URL. */
  public ApiRequest {
    Objects.requireNonNull(url, "url");
  }

  /** An idempotent GET: retried on any failure. */
  public static ApiRequest get(HttpUrl url) {
    return of("GET", url, null, true);
  }

  /** An idempotent DELETE: retried on any failure. */
  public static ApiRequest delete(HttpUrl url) {
    return of("DELETE", url, null, true);
  }

  /** A POST that must never be repeated once it may have reached the server (send, create, toggle). */
  public static ApiRequest post(HttpUrl url, Object body) {
    return of("POST", url, body, false);
  }

  /** A request with any method; {@code idempotent} as the call's semantics allow. */
  public static ApiRequest of(String method, HttpUrl url, Object body, boolean idempotent) {
    return new ApiRequest(method, url, body, idempotent, Map.of(), "application/json", null, false);
  }

  /** This request with another Accept header (e.g. {@code text/event-stream}). */
  public ApiRequest accept(String accept) {
    return new ApiRequest(method, url, body, idempotent, headers, accept, timeout, isPrimary);
  }

  /** This request with one more header. */
  public ApiRequest header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiRequest(method, url, body, idempotent, Map.copyOf(h), accept, timeout, isPrimary);
  }

  /** Overrides the call timeout for this request only. */
  public ApiRequest timeout(Duration timeout) {
    return new ApiRequest(method, url, body, idempotent, headers, accept, timeout, isPrimary);
  }

  /**
   * This request marked as the one that carries the vendor-neutral operation it is made for (the message POST of a
   * send or stream, the create POST, the read GET): a caller's {@code RequestOptions} body fields go into its JSON
   * body, and {@code withRawResponse()} describes its response. In an operation only the first marked request is
   * the primary one; a typed client called on its own ignores the mark. A vendor backend marks, for each operation,
   * the request that does what the operation is named for.
   */
  public ApiRequest primary() {
    return new ApiRequest(method, url, body, idempotent, headers, accept, timeout, true);
  }

  /** This request with another body (the caller's body fields merged in). */
  ApiRequest withBody(Object body) {
    return new ApiRequest(method, url, body, idempotent, headers, accept, timeout, isPrimary);
  }
}
