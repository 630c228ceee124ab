package dev.chatbridge;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call's typed result next to what the HTTP response said: status, headers and the vendor's request id. For an
 * operation that makes several requests (an Open WebUI send reads the chat, streams the completion and writes the
 * chat back), these describe the response to the request that carries the operation (the completion there).
 * Obtained through {@code ChatClient.withRawResponse()} and {@code ChatSession.withRawResponse()}.
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
    this.headers = Objects.requireNonNull(headers, "headers");
    this.requestId = requestId;
  }

  /** The typed result, as the plain method returns it (null for operations that return nothing). */
  public T value() {
    return value;
  }

  /** The HTTP status of the response. */
  public int statusCode() {
    return statusCode;
  }

  /** The response headers, names lower-case and looked up in any case; scrubbed, cookies left out. */
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
}
