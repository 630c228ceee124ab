package dev.chatbridge;

import dev.chatbridge.internal.http.HeaderRules;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings for one call, overriding the client's configuration for that call only: its time limit, how many
 * retries it may make, extra HTTP headers, and extra top-level JSON fields for the request that carries the
 * operation (the escape hatch for a vendor parameter ChatBridge does not model yet). Immutable; share freely.
 *
 * <pre>{@code
 * RequestOptions slow = RequestOptions.builder().timeout(Duration.ofMinutes(3)).maxRetries(0).build();
 * ChatReply reply = session.send(MessageRequest.of("Summarise the thread"), slow);
 * }</pre>
 *
 * <p>Headers are checked when the options are built: a name that is not an HTTP token, or a value with a control
 * or non-ASCII character, is an {@link IllegalArgumentException} naming the header (never showing the value).
 * Headers ChatBridge sets itself ({@code Content-Type}, {@code Content-Length}, {@code Host},
 * {@code User-Agent}, …) cannot be set here, and neither can a credential header ({@code Authorization},
 * {@code Cookie}, {@code X-Onyx-Authorization}, {@code API-Token}, or the configured vendor's own) unless
 * {@link Builder#allowCredentialHeaders()} says it is meant.
 */
public final class RequestOptions {
  private static final RequestOptions NONE = new Builder().build();

  private final Duration timeout;
  private final Integer maxRetries;
  private final Map<String, String> headers;
  private final Map<String, Object> bodyFields;
  private final boolean credentialHeadersAllowed;

  private RequestOptions(Builder b) {
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.bodyFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.bodyFields));
    this.credentialHeadersAllowed = b.credentialHeadersAllowed;
  }

  /** No overrides: the client's configuration applies. */
  public static RequestOptions none() {
    return NONE;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeout = timeout;
    b.maxRetries = maxRetries;
    b.headers.putAll(headers);
    b.bodyFields.putAll(bodyFields);
    b.credentialHeadersAllowed = credentialHeadersAllowed;
    return b;
  }

  /** The call's time limit (instead of {@code chatbridge.timeout}); for a stream, the limit to open it. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Retries the call may make (instead of {@code chatbridge.max-retries}); the retry rules are unchanged. */
  public OptionalInt maxRetries() {
    return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
  }

  /** Extra headers, in the order given, sent with every request of the call. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Extra top-level JSON fields, added to (and overriding) the body of the request that carries the operation. */
  public Map<String, Object> bodyFields() {
    return bodyFields;
  }

  /** Whether a credential header may be set ({@link Builder#allowCredentialHeaders()}). */
  public boolean credentialHeadersAllowed() {
    return credentialHeadersAllowed;
  }

  /** True when nothing is overridden. */
  public boolean isEmpty() {
    return timeout == null && maxRetries == null && headers.isEmpty() && bodyFields.isEmpty();
  }

  @Override
  public String toString() {
    // header values may be secrets: names only
    return "RequestOptions{timeout=" + timeout + ", maxRetries=" + maxRetries + ", headers=" + headers.keySet()
        + ", bodyFields=" + bodyFields.keySet() + "}";
  }

  /** Builds {@link RequestOptions}. */
  public static final class Builder {
    private Duration timeout;
    private Integer maxRetries;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, Object> bodyFields = new LinkedHashMap<>();
    private boolean credentialHeadersAllowed;

    private Builder() {}

    /** The call's time limit, 1 ms to 24 h ({@link ChatConfig#MIN_DURATION}…{@link ChatConfig#MAX_DURATION}). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(ChatConfig.MAX_DURATION) > 0) {
        throw new IllegalArgumentException("timeout must be from 1 ms to 24 h: " + timeout);
      }
      this.timeout = timeout.compareTo(ChatConfig.MIN_DURATION) < 0 ? ChatConfig.MIN_DURATION : timeout;
      return this;
    }

    /** Retries the call may make, 0 or more. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be 0 or more: " + maxRetries);
      this.maxRetries = maxRetries;
      return this;
    }

    /** Adds (or replaces) an extra header; checked now, see the class documentation. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value of header " + name);
      if (!isToken(name)) throw new IllegalArgumentException("not a valid HTTP header name: '" + name + "'");
      String lower = name.toLowerCase(Locale.ROOT);
      if (HeaderRules.RESERVED.contains(lower)) {
        throw new IllegalArgumentException("header " + name + " is set by ChatBridge and cannot be overridden");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c >= 0x7f) {
          throw new IllegalArgumentException("the value of header " + name + " has a character an HTTP header "
              + "cannot carry (a control or non-ASCII character) at index " + i);
        }
      }
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /**
     * Adds (or replaces) a top-level JSON field of the operation's request body: a string, number, boolean, null,
     * or a list or map of those.
     */
    public Builder bodyField(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) throw new IllegalArgumentException("a body field needs a name");
      checkJson(name, value);
      bodyFields.put(name, value);
      return this;
    }

    /** Allows credential headers (e.g. a per-call {@code Authorization}); off by default so none replaces the key by accident. */
    public Builder allowCredentialHeaders() {
      this.credentialHeadersAllowed = true;
      return this;
    }

    /** The options; a credential header without {@link #allowCredentialHeaders()} is refused here. */
    public RequestOptions build() {
      if (!credentialHeadersAllowed) {
        for (String name : headers.keySet()) {
          if (HeaderRules.isCredential(name)) {
            throw new IllegalArgumentException("header " + name + " carries a credential; call "
                + "allowCredentialHeaders() if replacing the configured key for this call is meant");
          }
        }
      }
      return new RequestOptions(this);
    }

    private static boolean isToken(String name) {
      if (name.isEmpty()) return false;
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!ok) return false;
      }
      return true;
    }

    private static void checkJson(String path, Object value) {
      if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) return;
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) checkJson(path + "[" + i + "]", list.get(i));
        return;
      }
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String)) {
            throw new IllegalArgumentException("body field " + path + " has a non-string key");
          }
          checkJson(path + "." + e.getKey(), e.getValue());
        }
        return;
      }
      throw new IllegalArgumentException("body field " + path + " is a " + value.getClass().getSimpleName()
          + "; use a string, number, boolean, null, list or map");
    }
  }
}
