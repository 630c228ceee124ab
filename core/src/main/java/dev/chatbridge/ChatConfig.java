package dev.chatbridge;

import dev.chatbridge.internal.Values;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;
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
 *       {@code chatbridge.stream-idle-timeout}, {@code chatbridge.stream-total-timeout}</td>
 *       <td>{@code CHATBRIDGE_TIMEOUT}, …, {@code CHATBRIDGE_STREAM_TOTAL_TIMEOUT}</td></tr>
 *   <tr><td>{@code chatbridge.max-retries}</td><td>{@code CHATBRIDGE_MAX_RETRIES}</td></tr>
 *   <tr><td>{@code chatbridge.allow-insecure-http}</td><td>{@code CHATBRIDGE_ALLOW_INSECURE_HTTP}</td></tr>
 *   <tr><td>{@code chatbridge.max-reply-chars}</td><td>{@code CHATBRIDGE_MAX_REPLY_CHARS}</td></tr>
 * </table>
 *
 * <p>Durations are whole seconds ({@code 30}), a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m},
 * {@code 1h}) or ISO-8601 ({@code PT30S}), from {@link #MIN_DURATION 1 ms} to {@link #MAX_DURATION 24 h}; a
 * positive value below 1 ms is rounded up to 1 ms (never to "no timeout"), and any other fraction of a millisecond
 * up to the next millisecond. Anything else, however it is set, is a {@link ConfigurationException} naming the key.
 *
 * <p>The API key must be printable ASCII (what an HTTP header can carry: no CR, LF or other control character, no
 * non-ASCII character); the base URL must not hold user info ({@code user:password@host}). A key
 * {@code chatbridge.<name>} that is none of the above is ignored with a {@code System.Logger} warning on
 * {@code dev.chatbridge}; so is a vendor option the configured vendor does not know ({@link ChatClients#create}).
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
  /** The shortest timeout: a positive duration below it is rounded up to it. */
  public static final Duration MIN_DURATION = Duration.ofMillis(1);
  /** The longest timeout (well inside OkHttp's limit of {@code Integer.MAX_VALUE} ms). */
  public static final Duration MAX_DURATION = Duration.ofHours(24);

  /** The configuration key of the API key, as named by {@link ConfigurationException#setting()}. */
  public static final String API_KEY = "chatbridge.api-key";

  static final String PREFIX = "chatbridge.";
  /** The top-level keys, without the prefix; anything else without a vendor part is warned about. */
  static final List<String> TOP_LEVEL_KEYS = List.of("vendor", "base-url", "api-key", "timeout", "connect-timeout",
      "stream-idle-timeout", "stream-total-timeout", "max-retries", "allow-insecure-http", "max-reply-chars");
  private static final System.Logger LOG = System.getLogger("dev.chatbridge");

  private final String vendor;
  private final String baseUrl;
  private final String apiKey;
  private final Map<String, String> options;
  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final Duration streamIdleTimeout;
  private final Duration streamTotalTimeout;
  private final int maxRetries;
  private final boolean allowInsecureHttp;
  private final int maxReplyChars;
  private final OkHttpClient okHttpClient;
  private final List<ChatListener> listeners;
  private final WireRecording recording;

  private ChatConfig(Builder b) {
    if (b.vendor == null || b.vendor.isBlank()) {
      throw new ConfigurationException("no vendor configured: set chatbridge.vendor or CHATBRIDGE_VENDOR");
    }
    this.vendor = b.vendor.trim().toLowerCase(Locale.ROOT);
    this.baseUrl = checkBaseUrl(blankToNull(b.baseUrl));
    this.apiKey = checkApiKey(blankToNull(b.apiKey));
    this.options = Values.immutableMap(b.options);
    this.connectTimeout = duration(PREFIX + "connect-timeout", b.connectTimeout);
    this.callTimeout = duration(PREFIX + "timeout", b.callTimeout);
    this.streamIdleTimeout = duration(PREFIX + "stream-idle-timeout", b.streamIdleTimeout);
    this.streamTotalTimeout = b.streamTotalTimeout == null ? null
        : duration(PREFIX + "stream-total-timeout", b.streamTotalTimeout);
    if (b.maxRetries < 0) throw new ConfigurationException("max-retries must be 0 or more: " + b.maxRetries);
    this.maxRetries = b.maxRetries;
    this.allowInsecureHttp = b.allowInsecureHttp;
    if (b.maxReplyChars < 1) {
      throw new ConfigurationException("max-reply-chars must be 1 or more: " + b.maxReplyChars);
    }
    this.maxReplyChars = b.maxReplyChars;
    this.okHttpClient = b.okHttpClient;
    this.listeners = List.copyOf(b.listeners);
    this.recording = b.recording;
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
        .streamTotalTimeout(streamTotalTimeout)
        .maxRetries(maxRetries)
        .allowInsecureHttp(allowInsecureHttp)
        .maxReplyChars(maxReplyChars)
        .okHttpClient(okHttpClient)
        .recording(recording);
    b.options.putAll(options);
    b.listeners.addAll(listeners);
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
    warnAboutUnknownKeys(flat.keySet());
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
    if ((v = flat.get("chatbridge.stream-total-timeout")) != null) {
      b.streamTotalTimeout(parseDuration("chatbridge.stream-total-timeout", v));
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

  /**
   * Warns once for each key that is top-level ({@code chatbridge.<name>}, no vendor part) but not one ChatBridge
   * reads, such as a misspelt {@code chatbridge.tmeout}: it would otherwise be ignored in silence. A vendor option
   * ({@code chatbridge.<vendor>.<option>}) is checked against its provider by {@link ChatClients#create}, and only
   * for the configured vendor: other vendors' options in a shared file are normal.
   */
  private static void warnAboutUnknownKeys(Set<String> keys) {
    for (String key : new TreeSet<>(keys)) {
      String rest = key.substring(PREFIX.length());
      if (rest.indexOf('.') >= 0 || TOP_LEVEL_KEYS.contains(rest)) continue;
      LOG.log(System.Logger.Level.WARNING, () -> "ignoring unknown configuration key " + key + " ("
          + environmentName(key) + "); the keys are " + PREFIX + String.join(", " + PREFIX, TOP_LEVEL_KEYS)
          + " and " + PREFIX + "<vendor>.<option>");
    }
  }

  /** {@code CHATBRIDGE_ONYX_PERSONA_ID} → {@code chatbridge.onyx.persona-id}; top-level keys likewise. */
  static String envToProperty(String env) {
    String rest = env.substring("CHATBRIDGE_".length()).toLowerCase(Locale.ROOT);
    for (String top : TOP_LEVEL_KEYS) {
      if (rest.equals(top.replace('-', '_'))) return PREFIX + top;
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
   * Parses a duration: {@code 30} (seconds), {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code PT30S},
   * checked into the range {@link #MIN_DURATION} … {@link #MAX_DURATION} (a positive fraction of a millisecond is
   * rounded up). Anything else is a {@link ConfigurationException} naming {@code key}.
   */
  public static Duration parseDuration(String key, String value) {
    if (value == null) throw new ConfigurationException(key + " has no value");
    String s = value.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (s.startsWith("p")) d = Duration.parse(s.toUpperCase(Locale.ROOT));
      else if (s.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      else if (s.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      else if (s.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      else if (s.endsWith("h")) d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      else d = Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ConfigurationException(
          key + " is not a duration: '" + value + "' (use seconds, 500ms, 30s, 2m, 1h or PT30S)");
    } catch (ArithmeticException e) {
      throw outOfRange(key, "'" + value + "'");
    }
    return duration(key, d);
  }

  /**
   * {@code d} checked into {@link #MIN_DURATION} … {@link #MAX_DURATION} and rounded up to whole milliseconds
   * (OkHttp counts in milliseconds and reads 0 as "no timeout", so 100 µs must not become 0).
   */
  static Duration duration(String key, Duration d) {
    if (d == null) throw new ConfigurationException(key + " (" + environmentName(key) + ") has no value");
    if (d.isNegative() || d.isZero()) {
      throw new ConfigurationException(key + " (" + environmentName(key) + ") must be positive: " + d);
    }
    if (d.compareTo(MAX_DURATION) > 0) throw outOfRange(key, d.toString());
    Duration millis = Duration.ofMillis(d.toMillis());
    return millis.compareTo(d) < 0 ? millis.plusMillis(1) : millis;
  }

  private static ConfigurationException outOfRange(String key, String value) {
    return new ConfigurationException(key + " (" + environmentName(key) + ") is out of range: " + value
        + " (a timeout is 1 ms to 24 h)");
  }

  /**
   * The key as given, refused when an HTTP header could not carry it: OkHttp would fail at the first call with an
   * untyped exception (on some paths quoting the value). The value itself is never part of the message.
   */
  private static String checkApiKey(String key) {
    if (key == null) return null;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw ConfigurationException.forSetting(API_KEY, "chatbridge.api-key (CHATBRIDGE_API_KEY) holds "
            + (c > 0x7f ? "a non-ASCII character" : "a control character (such as CR or LF)") + " at position "
            + (i + 1) + " of " + key.length() + ", which an HTTP header cannot carry; check how the key was copied "
            + "(the value is not shown)");
      }
    }
    return key;
  }

  /**
   * The base URL, refused when it holds user info ({@code https://user:password@host}): the URL shows in
   * {@code toString()}, messages and DEBUG logs, so a password in it would leak; the credential belongs in
   * {@code chatbridge.api-key}. Neither the URL nor the password is part of the message.
   */
  private static String checkBaseUrl(String url) {
    if (url == null) return null;
    HttpUrl parsed = HttpUrl.parse(url);
    boolean userInfo = parsed != null ? !parsed.username().isEmpty() || !parsed.password().isEmpty()
        : authority(url).indexOf('@') >= 0;
    if (userInfo) {
      throw new ConfigurationException("chatbridge.base-url (CHATBRIDGE_BASE_URL) must not hold user info "
          + "(user:password@host); put the credential in chatbridge.api-key (the URL is not shown: it would show "
          + "the password)");
    }
    return url;
  }

  /** The part of an unparseable URL between its scheme and its path, as OkHttp would read it. */
  private static String authority(String url) {
    int colon = url.indexOf(':');
    int start = colon < 0 ? 0 : colon + 1;
    while (start < url.length() && (url.charAt(start) == '/' || url.charAt(start) == '\\')) start++;
    int end = start;
    while (end < url.length() && "/\\?#".indexOf(url.charAt(end)) < 0) end++;
    return url.substring(start, end);
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
    return new ConfigurationException(vendor + " needs option '" + key + "': set " + optionKeys(vendor, key));
  }

  /**
   * The exception for a vendor option whose value a provider cannot use, naming where it is set, what it must be
   * ({@code expected}, e.g. "a whole number") and the value given.
   */
  public ConfigurationException invalidOption(String key, String expected) {
    return new ConfigurationException(vendor + " option '" + key + "' (" + optionKeys(vendor, key) + ") must be "
        + expected + ", not '" + options.get(key) + "'");
  }

  /**
   * Where a vendor option is set, for messages: {@code chatbridge.<vendor>.<option> or CHATBRIDGE_<VENDOR>_<OPTION>}.
   */
  public static String optionKeys(String vendor, String option) {
    String property = PREFIX + vendor + "." + option;
    return property + " or " + environmentName(property);
  }

  /** The connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * The time limit of one blocking operation of {@link ChatClient} and {@link ChatSession} (all its HTTP calls
   * together, retry waits added), and of each call of a typed vendor client.
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** Longest silence between two stream events. */
  public Duration streamIdleTimeout() {
    return streamIdleTimeout;
  }

  /**
   * The longest a {@link ChatSession#stream} may take from its request to its last byte, however lively; empty
   * (the default) means no total cap, only the idle timeout.
   */
  public Optional<Duration> streamTotalTimeout() {
    return Optional.ofNullable(streamTotalTimeout);
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

  /** The listeners told of every operation ({@link ChatListener}), in registration order; empty by default. */
  public List<ChatListener> listeners() {
    return listeners;
  }

  /** Where every HTTP exchange is recorded ({@link WireRecording}); empty (the default) records nothing. */
  public Optional<WireRecording> recording() {
    return Optional.ofNullable(recording);
  }

  @Override
  public String toString() {
    return "ChatConfig{vendor=" + vendor + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "****")
        + ", options=" + options + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
        + ", streamIdleTimeout=" + streamIdleTimeout
        + (streamTotalTimeout == null ? "" : ", streamTotalTimeout=" + streamTotalTimeout)
        + ", maxRetries=" + maxRetries + ", allowInsecureHttp=" + allowInsecureHttp
        + ", maxReplyChars=" + maxReplyChars + "}";
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
    private Duration streamTotalTimeout;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private boolean allowInsecureHttp;
    private int maxReplyChars = DEFAULT_MAX_REPLY_CHARS;
    private OkHttpClient okHttpClient;
    private final List<ChatListener> listeners = new ArrayList<>();
    private WireRecording recording;

    private Builder() {}

    /** Sets the vendor name ({@code onyx}, {@code opencx}, {@code openwebui}, {@code osvi}). */
    public Builder vendor(String vendor) {
      this.vendor = vendor;
      return this;
    }

    /** Sets the API base URL; null or blank means the vendor's default. User info ({@code user:pw@}) is refused. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** Sets the credential: printable ASCII (what an HTTP header can carry). */
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

    /** Sets the time limit of one blocking operation (see {@link ChatConfig#callTimeout()}). */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /** Sets the longest silence allowed inside a stream. */
    public Builder streamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = streamIdleTimeout;
      return this;
    }

    /**
     * Caps the whole of a stream, from its request to its last byte (null, the default: no cap, only the idle
     * timeout). A stream past it fails with {@link ChatTimeoutException}.
     */
    public Builder streamTotalTimeout(Duration streamTotalTimeout) {
      this.streamTotalTimeout = streamTotalTimeout;
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
     * Adds a listener told of every operation (vendor, operation, attempts, status, outcome, duration; for streams
     * time to first event, event count, finish reason), never of message text or credentials. Listeners run in
     * registration order; one that throws is logged and never breaks the call.
     */
    public Builder listener(ChatListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Records every HTTP exchange of the clients built from this configuration into {@code recording}, credentials
     * removed (null, the default: no recording). The caller closes the recording.
     */
    public Builder recording(WireRecording recording) {
      this.recording = recording;
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
