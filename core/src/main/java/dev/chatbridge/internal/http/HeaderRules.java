package dev.chatbridge.internal.http;

import java.util.Locale;
import java.util.Set;

/**
 * Which request headers a caller may add to a call ({@code RequestOptions}): those ChatBridge or OkHttp set are
 * reserved, and those that carry a credential on some vendor are set only when the caller says it means to. Not API.
 */
public final class HeaderRules {
  /** Headers ChatBridge or OkHttp owns; an option cannot set them. Lower-case. */
  public static final Set<String> RESERVED = Set.of("content-type", "content-length", "host", "user-agent",
      "accept-encoding", "connection", "transfer-encoding", "x-chatbridge-retry-count");
  /** Headers that carry a credential on some vendor. Lower-case. */
  public static final Set<String> CREDENTIAL = Set.of("authorization", "proxy-authorization", "cookie",
      "x-onyx-authorization", "api-token", "x-api-key");

  private HeaderRules() {}

  /** True when {@code name} (any case) carries a credential on some vendor. */
  public static boolean isCredential(String name) {
    return CREDENTIAL.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The secret in a credential header's value, to scrub from what the server answers: the value after an auth
   * scheme ({@code Bearer sk-…} → {@code sk-…}), else the whole value.
   */
  static String secretOf(String value) {
    String v = value.trim();
    int space = v.lastIndexOf(' ');
    return space < 0 ? v : v.substring(space + 1);
  }
}
