package dev.chatbridge;

import dev.chatbridge.internal.Values;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import okhttp3.OkHttpClient;

/**
 * Everything needed to build a {@link ChatClient}: vendor, base URL, credential, vendor options and transport
 * settings. Immutable; {@link #toString()} never shows the API key.
 *
 * <p>Keys, for {@link #fromProperties(Properties)} and {@link #fromEnvironment()} (system properties win over
 * environment variables):
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>property</th><th>environment</th></tr>
 *   <tr><td>{@code chatbridge.vendor}</td><td>{@code CHATBRIDGE_VENDOR}</td></tr>
 *   <tr><td>{@code chatbridge.base-url}</td><td>{@code CHATBRIDGE_BASE_URL}</td></tr>
 *   <tr><td>{@code chatbridge.api-key}</td><td>{@code CHATBRIDGE_API_KEY}</td></tr>
 *   <tr><td>{@code chatbridge.<vendor>.<option>}</td><td>{@code CHATBRIDGE_<VENDOR>_<OPTION>}</td></tr>
 *   <tr><td>{@code chatbridge.timeout}, {@code chatbridge.connect-timeout},
 *       {@code chatbridge.stream-idle-timeout}</td><td>{@code CHATBRIDGE_TIMEOUT}, …</td></tr>
 *   <tr><td>{@code chatbridge.max-retries}</td><td>{@code CHATBRIDGE_MAX_RETRIES}</td></tr>
 *   <tr><td>{@code chatbridge.allow-insecure-http}</td><td>{@code CHATBRIDGE_ALLOW_INSECURE_HTTP}</td></tr>
 *   <tr><td>{@code chatbridge.max-reply-chars}</td><td>{@code CHATBRIDGE_MAX_REPLY_CHARS}</td></tr>
 * </table>
 *
 * <p>Durations are whole seconds ({@code 30}), a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m}) or
 * ISO-8601 ({@code PT30S}).
 */
public final class ChatConfig {
  /** 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** 60 seconds per non-streaming call attempt. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** 60 seconds of silence inside a stream. */
  public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Two retries after the first attempt. */
  public static final int DEFAULT_MAX_RETRIES = 2;
  /**
   * 4,194,304 characters (4 Mi) of a streamed reply kept in {@code reply().text()}: far beyond any real chat
   * reply, small enough for a 64 MB heap.
   */
  public static final int DEFAULT_MAX_REPLY_CHARS = 4 * 1024 * 1024;

  static final String PREFIX = "chatbridge.";

  private final String vendor;
  private final String baseUrl;
  private final String apiKey;
  private final Map<String, String> options;
  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final Duration streamIdleTimeout;
  private final int maxRetries;
  private final boolean allowInsecureHttp;
  private final int maxReplyChars;
  private final OkHttpClient okHttpClient;

  private ChatConfig(Builder b) {
    if (b.vendor == null || b.vendor.isBlank()) {
      throw new ConfigurationException("no vendor configured: set chatbridge.vendor or CHATBRIDGE_VENDOR");
    }
    this.vendor = b.vendor.trim().toLowerCase(Locale.ROOT);
    this.baseUrl = blankToNull(b.baseUrl);
    this.apiKey = blankToNull(b.apiKey);
    this.options = Values.immutableMap(b.options);
    this.connectTimeout = positive("connect-timeout", b.connectTimeout);
    this.callTimeout = positive("timeout", b.callTimeout);
    this.streamIdleTimeout = positive("stream-idle-timeout", b.streamIdleTimeout);
    if (b.maxRetries < 0) throw new ConfigurationException("max-retries must be 0 or more: " + b.maxRetries);
    this.maxRetries = b.maxRetries;
    this.allowInsecureHttp = b.allowInsecureHttp;
    if (b.maxReplyChars < 1) {
      throw new ConfigurationException("max-reply-chars must be 1 or more: " + b.maxReplyChars);
    }
    this.maxReplyChars = b.maxReplyChars;
    this.okHttpClient = b.okHttpClient;
  }

  /** A new builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to change some values. */
  public Builder toBuilder() {
    Builder b = new Builder()
        .vendor(vendor)
        .baseUrl(baseUrl)
        .apiKey(apiKey)
        .connectTimeout(connectTimeout)
        .callTimeout(callTimeout)
        .streamIdleTimeout(streamIdleTimeout)
        .maxRetries(maxRetries)
        .allowInsecureHttp(allowInsecureHttp)
        .maxReplyChars(maxReplyChars)
        .okHttpClient(okHttpClient);
    b.options.putAll(options);
    return b;
  }

  /** Reads the keys above from system properties first, then the environment. */
  public static ChatConfig fromEnvironment() {
    return fromSources(System.getProperties(), System.getenv());
  }

  /**
   * Reads the keys above for a fixed {@code vendor}, ignoring {@code chatbridge.vendor}: what the typed vendor
   * clients' {@code fromEnv()} use, so {@code CHATBRIDGE_API_KEY}, {@code CHATBRIDGE_BASE_URL} and
   * {@code CHATBRIDGE_<VENDOR>_<OPTION>} configure them exactly as they configure {@link ChatClients}.
   */
  public static ChatConfig fromEnvironment(String vendor) {
    Properties properties = new Properties();
    properties.putAll(System.getProperties());
    properties.setProperty(PREFIX + "vendor", Objects.requireNonNull(vendor, "vendor"));
    return fromSources(properties, System.getenv());
  }

  /** Reads the keys above from a properties file's contents (e.g. {@code chatbridge.vendor=onyx}). */
  public static ChatConfig fromProperties(Properties properties) {
    return fromSources(properties, Map.of());
  }

  /**
   * Reads the keys above from {@code properties}, falling back to {@code environment} for each key the properties
   * lack. {@link #fromEnvironment()} is this with the JVM's system properties and environment.
   */
  public static ChatConfig fromSources(Properties properties, Map<String, String> environment) {
    return builderFromSources(properties, environment).build();
  }

  /** Like {@link #fromSources} but returns the builder, so a caller (e.g. a CLI) can override values. */
  public static Builder builderFromSources(Properties properties, Map<String, String> environment) {
    Map<String, String> flat = new LinkedHashMap<>();
    // Environment first, then properties over it: properties win.
    environment.forEach((k, v) -> {
      if (k.startsWith("CHATBRIDGE_")) flat.put(envToProperty(k), v);
    });
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(PREFIX)) flat.put(name, properties.getProperty(name));
    }
    Builder b = builder();
    String vendor = flat.get("chatbridge.vendor");
    b.vendor(vendor);
    b.baseUrl(flat.get("chatbridge.base-url"));
    b.apiKey(flat.get("chatbridge.api-key"));
    String v;
    if ((v = flat.get("chatbridge.timeout")) != null) b.callTimeout(parseDuration("chatbridge.timeout", v));
    if ((v = flat.get("chatbridge.connect-timeout")) != null) {
      b.connectTimeout(parseDuration("chatbridge.connect-timeout", v));
    }
    if ((v = flat.get("chatbridge.stream-idle-timeout")) != null) {
      b.streamIdleTimeout(parseDuration("chatbridge.stream-idle-timeout", v));
    }
    if ((v = flat.get("chatbridge.max-retries")) != null) b.maxRetries(parseInt("chatbridge.max-retries", v));
    if ((v = flat.get("chatbridge.allow-insecure-http")) != null) {
      b.allowInsecureHttp(parseBoolean("chatbridge.allow-insecure-http", v));
    }
    if ((v = flat.get("chatbridge.max-reply-chars")) != null) {
      b.maxReplyChars(parseInt("chatbridge.max-reply-chars", v));
    }
    if (vendor != null) {
      String vendorPrefix = PREFIX + vendor.trim().toLowerCase(Locale.ROOT) + ".";
      flat.forEach((k, val) -> {
        if (k.startsWith(vendorPrefix)) b.option(k.substring(vendorPrefix.length()), val);
      });
    }
    return b;
  }

  /** {@code CHATBRIDGE_ONYX_PERSONA_ID} → {@code chatbridge.onyx.persona-id}; top-level keys likewise. */
  static String envToProperty(String env) {
    String rest = env.substring("CHATBRIDGE_".length()).toLowerCase(Locale.ROOT);
    for (String top : new String[] {"vendor", "base_url", "api_key", "timeout", "connect_timeout",
        "stream_idle_timeout", "max_retries", "allow_insecure_http", "max_reply_chars"}) {
      if (rest.equals(top)) return PREFIX + top.replace('_', '-');
    }
    int sep = rest.indexOf('_');
    if (sep < 0) return PREFIX + rest;
    return PREFIX + rest.substring(0, sep) + "." + rest.substring(sep + 1).replace('_', '-');
  }

  /**
   * The environment variable for a property key: {@code chatbridge.onyx.persona-id} → {@code
   * CHATBRIDGE_ONYX_PERSONA_ID}.
   */
  public static String environmentName(String propertyKey) {
    return propertyKey.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Parses a duration: {@code 30} (seconds), {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code PT30S}.
   */
  public static Duration parseDuration(String key, String value) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(s.toUpperCase(Locale.ROOT));
      if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ConfigurationException(
          key + " is not a duration: '" + value + "' (use seconds, 500ms, 30s, 2m or PT30S)");
    }
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key + " is not a whole number: '" + value + "'");
    }
  }

  private static boolean parseBoolean(String key, String value) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("1") || s.equals("yes")) return true;
    if (s.equals("false") || s.equals("0") || s.equals("no") || s.isEmpty()) return false;
    throw new ConfigurationException(key + " is not true or false: '" + value + "'");
  }

  private static Duration positive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) throw new ConfigurationException(key + " must be positive: " + d);
    return d;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The vendor name, lower-case. */
  public String vendor() {
    return vendor;
  }

  /** The configured base URL; empty means the vendor's default (where it has one). */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** The credential. Never logged; {@link #toString()} masks it. */
  public Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** Vendor options without the {@code chatbridge.<vendor>.} prefix, e.g. {@code persona-id}. */
  public Map<String, String> options() {
    return options;
  }

  /** A vendor option's trimmed value; empty when unset or blank. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key)).filter(s -> !s.isBlank()).map(String::trim);
  }

  /** The option's value, or a {@link ConfigurationException} naming the property and environment variable. */
  public String requireOption(String key) {
    return option(key).orElseThrow(() -> missing(key));
  }

  /** The exception for a missing vendor option, naming where to set it. */
  public ConfigurationException missing(String key) {
    String property = PREFIX + vendor + "." + key;
    return new ConfigurationException(
        vendor + " needs option '" + key + "': set " + property + " or " + environmentName(property));
  }

  /** The connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Total time for one non-streaming call, retries excluded. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** Longest silence between two stream events; a healthy stream has no total cap. */
  public Duration streamIdleTimeout() {
    return streamIdleTimeout;
  }

  /** Retries after the first attempt (0 = none); see the transport rules. */
  public int maxRetries() {
    return maxRetries;
  }

  /** Whether plain {@code http://} to non-loopback hosts is allowed. */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /**
   * How many characters of a streamed reply {@code reply().text()} keeps; beyond it the text is cut and
   * {@link ChatReply#truncated()} is true (the stream's deltas still carry every character).
   */
  public int maxReplyChars() {
    return maxReplyChars;
  }

  /** The caller's own OkHttp client, used (not closed) by ChatBridge; empty means ChatBridge makes its own. */
  public Optional<OkHttpClient> okHttpClient() {
    return Optional.ofNullable(okHttpClient);
  }

  @Override
  public String toString() {
    return "ChatConfig{vendor=" + vendor + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "****")
        + ", options=" + options + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
        + ", streamIdleTimeout=" + streamIdleTimeout + ", maxRetries=" + maxRetries + ", allowInsecureHttp="
        + allowInsecureHttp + ", maxReplyChars=" + maxReplyChars + "}";
  }

  /** Builds a {@link ChatConfig}; only {@code vendor} is required here (vendors check their own needs). */
  public static final class Builder {
    private String vendor;
    private String baseUrl;
    private String apiKey;
    private final Map<String, String> options = new LinkedHashMap<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private Duration streamIdleTimeout = DEFAULT_STREAM_IDLE_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private boolean allowInsecureHttp;
    private int maxReplyChars = DEFAULT_MAX_REPLY_CHARS;
    private OkHttpClient okHttpClient;

    private Builder() {}

    /** Sets the vendor name ({@code onyx}, {@code opencx}, {@code openwebui}, {@code osvi}). */
    public Builder vendor(String vendor) {
      this.vendor = vendor;
      return this;
    }

    /** Sets the API base URL; null or blank means the vendor's default. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** Sets the credential. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Sets a vendor option ({@code persona-id}, {@code model}, …); a null value removes it. */
    public Builder option(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null) options.remove(key);
      else options.put(key, value);
      return this;
    }

    /** Sets the connect timeout. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Sets the timeout of one non-streaming call attempt. */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /** Sets the longest silence allowed inside a stream. */
    public Builder streamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = streamIdleTimeout;
      return this;
    }

    /** Sets how many times a failed call may be retried (0 or more). */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** Allows plain {@code http://} to hosts other than loopback. Off by default: keys would travel in clear. */
    public Builder allowInsecureHttp(boolean allowInsecureHttp) {
      this.allowInsecureHttp = allowInsecureHttp;
      return this;
    }

    /**
     * Sets how many characters of a streamed reply {@code reply().text()} keeps (1 or more; default
     * {@value ChatConfig#DEFAULT_MAX_REPLY_CHARS}); a longer reply is cut and marked {@link ChatReply#truncated()}.
     */
    public Builder maxReplyChars(int maxReplyChars) {
      this.maxReplyChars = maxReplyChars;
      return this;
    }

    /** Uses the caller's OkHttp client (its pool and dispatcher); ChatBridge never closes it. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = okHttpClient;
      return this;
    }

    /**
     * The configuration; throws {@link ConfigurationException} when the vendor is missing or a value is out of
     * range.
     */
    public ChatConfig build() {
      return new ChatConfig(this);
    }
  }
}
