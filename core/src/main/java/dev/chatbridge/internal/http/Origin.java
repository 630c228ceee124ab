package dev.chatbridge.internal.http;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * The base URL and its origin (scheme, host, port), which the credential never leaves. A base URL is accepted when
 * it is https, on a loopback host, or plain http explicitly allowed ({@code chatbridge.allow-insecure-http}); a
 * redirect is followed only for a GET or HEAD, only within the origin (so never from https to http) and at most
 * {@value #MAX_REDIRECTS} hops. Not API.
 */
final class Origin {
  /** Same-origin redirects of one GET or HEAD followed at most. */
  static final int MAX_REDIRECTS = 5;

  private final HttpUrl baseUrl;

  private Origin(HttpUrl baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * The configured base URL, else {@code defaultBaseUrl} (null for a self-hosted-only vendor); a
   * {@link ConfigurationException} when there is none, it is not an http(s) URL, or it is plain http to a remote
   * host that was not allowed.
   */
  static Origin of(String vendor, ChatConfig config, String defaultBaseUrl) {
    String url = config.baseUrl().orElse(defaultBaseUrl);
    if (url == null) {
      throw new ConfigurationException(
          vendor + " has no default base URL: set chatbridge.base-url or CHATBRIDGE_BASE_URL");
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) throw new ConfigurationException("base URL is not an http(s) URL: " + url);
    if (!parsed.isHttps() && !config.allowInsecureHttp() && !isLoopback(parsed.host())) {
      throw new ConfigurationException(
          "refusing plain http:// to " + parsed.host() + ": the API key would travel unencrypted. Use https, or set "
              + "chatbridge.allow-insecure-http=true if you must");
    }
    return new Origin(parsed);
  }

  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost") || host.toLowerCase(Locale.ROOT).endsWith(".localhost")) return true;
    if (!host.matches("[0-9.]+") && !host.contains(":")) return false; // never resolve names here
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  HttpUrl baseUrl() {
    return baseUrl;
  }

  /** True when {@code url} has the base URL's scheme, host and port. */
  boolean contains(HttpUrl url) {
    return url.scheme().equals(baseUrl.scheme()) && url.host().equals(baseUrl.host())
        && url.port() == baseUrl.port();
  }

  /**
   * Why a 3xx to {@code target} (null: no usable {@code Location}) is not followed, as the exception's server
   * message; null when it may be followed.
   */
  String redirectRefusal(String method, HttpUrl target, int redirects, SecretScrubber scrubber) {
    if (target == null) return "a redirect without a usable Location header";
    String to = "redirect to " + describe(target, scrubber) + " not followed: ";
    if (!contains(target)) {
      return to + "it leaves " + baseUrl.scheme() + "://" + baseUrl.host() + ":" + baseUrl.port()
          + ", and the credential is never sent to another origin";
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return to + "a " + method + " is never re-sent on a redirect (it may have been processed)";
    }
    if (redirects >= MAX_REDIRECTS) return to + "more than " + MAX_REDIRECTS + " redirects";
    return null;
  }

  /** A redirect target for a message: no user info, query or fragment (they may hold tokens), scrubbed. */
  private static String describe(HttpUrl target, SecretScrubber scrubber) {
    HttpUrl shown = target.newBuilder().username("").password("").query(null).fragment(null).build();
    return scrubber.scrub(shown.toString()) + (target.encodedQuery() != null ? " (query left out)" : "");
  }

  @Override
  public String toString() {
    return baseUrl.toString();
  }
}
