package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.Map;

/**
 * A fatal error inside a stream: {@code {error, stack_trace?, error_code?, is_retryable, details?}}, or the bare
 * {@code {"error": "..."}} of an unexpected crash (then {@link #errorCode()} and {@link #isRetryable()} are null).
 * Nothing follows it but the end of the body.
 */
public final class StreamingError implements OnyxStreamItem {
  private final String error;
  private final String stackTrace;
  private final String errorCode;
  private final Boolean isRetryable;
  private final Map<String, Object> details;
  private final String raw;

  private StreamingError(JsonNode n) {
    JsonNode e = n.get("error");
    this.error = e == null || e.isNull() ? "" : e.isValueNode() ? e.asText() : e.toString();
    this.stackTrace = Json.text(n, "stack_trace");
    this.errorCode = Json.text(n, "error_code");
    this.isRetryable = Json.bool(n, "is_retryable");
    this.details = Json.plainMap(n, "details");
    this.raw = n.toString();
  }

  static StreamingError from(JsonNode line) {
    return new StreamingError(line);
  }

  /** The error text. */
  public String error() {
    return error;
  }

  public String stackTrace() {
    return stackTrace;
  }

  /** E.g. {@code VALIDATION_ERROR}, {@code RATE_LIMIT}, {@code CONTEXT_TOO_LONG}; null on a bare error line. */
  public String errorCode() {
    return errorCode;
  }

  /** Whether the server says retrying may help; null on a bare error line. */
  public Boolean isRetryable() {
    return isRetryable;
  }

  /** {@code details} ({@code model}, {@code provider}, {@code model_index}, …) as plain Java; empty when absent. */
  public Map<String, Object> details() {
    return details;
  }

  /** True for the bare {@code {"error"}} line of an unexpected server crash. */
  public boolean isBare() {
    return errorCode == null && isRetryable == null;
  }

  @Override
  public String raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "StreamingError{" + errorCode + ": " + error + ", retryable=" + isRetryable + "}";
  }
}
