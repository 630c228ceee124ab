package dev.chatbridge;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An error response as ChatBridge read it: vendor, HTTP status, the server's own message and code, the request
 * id, the headers and the body (scrubbed of the credential). Every {@link ApiException} is built from one, so no
 * exception takes a long list of positional strings, and a vendor's error mapper changes one field with
 * {@link #toBuilder()} instead of copying the rest.
 */
public final class ApiError implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String vendor;
  private final int statusCode;
  private final String serverMessage;
  private final String errorCode;
  private final String requestId;
  private final String rawBody;
  private final Map<String, List<String>> headers;
  private final List<String> details;
  private final Duration retryAfter;

  private ApiError(Builder b) {
    this.vendor = Objects.requireNonNull(b.vendor, "vendor");
    this.statusCode = b.statusCode;
    this.serverMessage = b.serverMessage == null ? "" : b.serverMessage;
    this.errorCode = b.errorCode == null || b.errorCode.isEmpty() ? null : b.errorCode;
    this.requestId = b.requestId;
    this.rawBody = b.rawBody == null ? "" : b.rawBody;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    b.headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    this.headers = java.util.Collections.unmodifiableMap(h);
    this.details = List.copyOf(b.details);
    this.retryAfter = b.retryAfter;
  }

  /** An error from {@code vendor} with HTTP status {@code statusCode} (0: refused locally, nothing was sent). */
  public static Builder builder(String vendor, int statusCode) {
    return new Builder(vendor, statusCode);
  }

  /** A builder holding this error, to change some of it. */
  public Builder toBuilder() {
    Builder b = new Builder(vendor, statusCode)
        .serverMessage(serverMessage)
        .errorCode(errorCode)
        .requestId(requestId)
        .rawBody(rawBody)
        .details(details)
        .retryAfter(retryAfter);
    b.headers.putAll(headers);
    return b;
  }

  /** The vendor name, e.g. {@code onyx}. */
  public String vendor() {
    return vendor;
  }

  /** The HTTP status; 0 when ChatBridge refused the request before sending it. */
  public int statusCode() {
    return statusCode;
  }

  /** The server's human-readable error text; empty when it sent none. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The vendor's machine-readable error code, when it sent one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The server's request id header, when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The body as received, possibly truncated, never containing the API key. */
  public String rawBody() {
    return rawBody;
  }

  /** The response headers, names lower-case and looked up in any case; empty for a local refusal. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Field-level validation problems ({@code "loc: msg"}), in the server's order; empty when it gave none. */
  public List<String> details() {
    return details;
  }

  /** How long the server asked the caller to wait ({@code Retry-After}), when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public String toString() {
    return "ApiError{vendor=" + vendor + ", status=" + statusCode + ", code=" + errorCode + ", message="
        + serverMessage + "}";
  }

  /** Builds an {@link ApiError}; only vendor and status are required. */
  public static final class Builder {
    private final String vendor;
    private final int statusCode;
    private String serverMessage;
    private String errorCode;
    private String requestId;
    private String rawBody;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private List<String> details = List.of();
    private Duration retryAfter;

    private Builder(String vendor, int statusCode) {
      this.vendor = vendor;
      this.statusCode = statusCode;
    }

    /** The server's human-readable text. */
    public Builder serverMessage(String serverMessage) {
      this.serverMessage = serverMessage;
      return this;
    }

    /** The vendor's machine-readable code. */
    public Builder errorCode(String errorCode) {
      this.errorCode = errorCode;
      return this;
    }

    /** The request id header's value. */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** The body as received, already scrubbed of the credential. */
    public Builder rawBody(String rawBody) {
      this.rawBody = rawBody;
      return this;
    }

    /** The response headers (replacing any set before). */
    public Builder headers(Map<String, List<String>> headers) {
      this.headers.clear();
      if (headers != null) this.headers.putAll(headers);
      return this;
    }

    /** Field-level validation problems. */
    public Builder details(List<String> details) {
      this.details = details == null ? List.of() : details;
      return this;
    }

    /** The server's {@code Retry-After}. */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /** The error. */
    public ApiError build() {
      return new ApiError(this);
    }
  }
}
