package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A call's typed result next to what the HTTP response said: status, headers and the vendor's request id. For an
 * operation that makes several requests (an Open WebUI send reads the chat, streams the completion and writes the
 * chat back), these describe the response to the request that carries the operation (the completion there), or,
 * for a vendor that marks none, the operation's last response. For a stream, the response that opened it.
 * Obtained through {@link ChatClient#withRawResponse()} and {@link ChatSession#withRawResponse()}.
 *
 * <pre>{@code
 * RawResponse<ChatReply> raw = session.withRawResponse().send(MessageRequest.of("Hello"));
 * System.out.println(raw.statusCode() + " " + raw.requestId().orElse("-") + ": " + raw.value().text());
 * }</pre>
 *
 * @param <T> the typed result
 */
public final class RawResponse<T> {
  private final T value;
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final String requestId;

  RawResponse(T value, int statusCode, Map<String, List<String>> headers, String requestId) {
    this.value = value;
    this.statusCode = statusCode;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    this.requestId = requestId;
  }

  /** The typed result, as the plain method returns it (null for operations that return nothing). */
  public T value() {
    return value;
  }

  /** The HTTP status of the response; 0 when the operation made no HTTP request. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The response headers, names lower-case and looked up in any case; scrubbed of the credential, cookies left out
   * (as {@link ApiError#headers()}).
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The vendor's request id header ({@code x-request-id} or {@code request-id}), when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  @Override
  public String toString() {
    return "RawResponse{status=" + statusCode + ", requestId=" + requestId + ", value=" + value + "}";
  }

  /** What an operation's context captured of its response, taken before the context ends. */
  static final class Capture {
    private int status;
    private Map<String, List<String>> headers = Map.of();
    private String requestId;

    /** Takes the response {@code context} (null: none) captured. */
    void take(Cancellation context) {
      if (context == null) return;
      status = context.responseStatus();
      headers = context.responseHeaders();
      requestId = context.responseRequestId();
    }

    <T> RawResponse<T> with(T value) {
      return new RawResponse<>(value, status, headers, requestId);
    }
  }
}
