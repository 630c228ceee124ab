package dev.chatbridge.spi;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The builder every typed vendor client ({@code OnyxClient.builder()}, {@code OpenCxClient.builder()}, …) extends:
 * the settings of {@link ChatConfig.Builder} that are not vendor options, each forwarded to it, so a typed client
 * is configured exactly like {@link dev.chatbridge.ChatClients} and a new {@link ChatConfig} setting reaches every
 * typed builder at once. A vendor's builder adds only its own setters. Defaults are {@link ChatConfig}'s.
 *
 * @param <B> the vendor's builder, returned by every setter for chaining
 * @param <C> the typed client it builds
 */
public abstract class TypedClientBuilder<B extends TypedClientBuilder<B, C>, C> {
  private final ChatConfig.Builder config;

  /** A builder for {@code vendor}'s typed client. */
  protected TypedClientBuilder(String vendor) {
    this.config = ChatConfig.builder().vendor(Objects.requireNonNull(vendor, "vendor"));
  }

  /** The credential: printable ASCII (what an HTTP header can carry); never shown by {@code toString()}. */
  public B apiKey(String apiKey) {
    config.apiKey(apiKey);
    return self();
  }

  /** The API base URL; null or blank means the vendor's default, where it has one. User info is refused. */
  public B baseUrl(String baseUrl) {
    config.baseUrl(baseUrl);
    return self();
  }

  /** Longest time to set up a connection (TCP and TLS); default 10 s. */
  public B connectTimeout(Duration timeout) {
    config.connectTimeout(timeout);
    return self();
  }

  /** Longest time for one call of the typed client, its body included; default 60 s. */
  public B callTimeout(Duration timeout) {
    config.callTimeout(timeout);
    return self();
  }

  /** Longest silence between two items of a stream; default 60 s. */
  public B streamIdleTimeout(Duration timeout) {
    config.streamIdleTimeout(timeout);
    return self();
  }

  /** Longest a whole stream may take, however lively; default none (only the idle timeout). */
  public B streamTotalTimeout(Duration timeout) {
    config.streamTotalTimeout(timeout);
    return self();
  }

  /** Retries of calls that cannot duplicate anything (connect failures, 429/503 refusals, reads); default 2. */
  public B maxRetries(int maxRetries) {
    config.maxRetries(maxRetries);
    return self();
  }

  /** Allows plain {@code http://} to a host other than loopback (the key travels in clear); off by default. */
  public B allowInsecureHttp(boolean allow) {
    config.allowInsecureHttp(allow);
    return self();
  }

  /** How many characters of a streamed reply its text keeps (beyond, it is cut and marked truncated); default 4 Mi. */
  public B maxReplyChars(int maxReplyChars) {
    config.maxReplyChars(maxReplyChars);
    return self();
  }

  /** Uses the caller's OkHttp client (its pool and dispatcher); the typed client never closes it. */
  public B okHttpClient(OkHttpClient okHttpClient) {
    config.okHttpClient(okHttpClient);
    return self();
  }

  /** Sets a vendor option ({@code chatbridge.<vendor>.<key>}), for a vendor builder's own setters. */
  protected B option(String key, String value) {
    config.option(key, value);
    return self();
  }

  /** The client; a {@link ConfigurationException} names anything missing or invalid. */
  public final C build() {
    return build(config.build());
  }

  /** The vendor's client for the configuration built from the setters. */
  protected abstract C build(ChatConfig config);

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
