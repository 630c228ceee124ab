package dev.chatbridge.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Ids that must never reach a server, for tests that a route refuses them before sending: empty and blank ids,
 * path dot-segments ({@code .}, {@code ..}) in plain, percent-encoded and double-encoded forms and with a
 * {@code ;} path parameter, path separators, control characters, and ids longer than ChatBridge's maximum
 * (1,024 characters), up to 100,000. Each would otherwise become no path segment, or several, or one no server
 * takes; ChatBridge answers each with {@code InvalidRequestException} and sends nothing.
 */
public final class HostileIds {
  private static final List<String> ALL;

  static {
    List<String> ids = new ArrayList<>(List.of(
        ".", "..", "%2e", "%2E", "%2e%2e", "%2E%2e", ".%2E", "%2e.", "%252e%252e", "..;", "..;x=1",
        "/", "a/b", "../x", "%2F", "a%2Fb", "..%2F", "\\", "..\\x",
        "x\u0000y", "x\r\ny", "%0d%0a",
        "", " ", "\t"));
    ids.add("a".repeat(1025));
    ids.add("a".repeat(100_000));
    ALL = Collections.unmodifiableList(ids);
  }

  private HostileIds() {}

  /** Every hostile id (null is not among them: pass it separately where a route takes null). */
  public static List<String> all() {
    return ALL;
  }

  /** {@code id} for a test's display name: cut at 24 characters, control characters escaped. */
  public static String describe(String id) {
    if (id == null) return "null";
    String cut = id.length() > 24 ? id.substring(0, 24) + "…(" + id.length() + " chars)" : id;
    StringBuilder sb = new StringBuilder("'");
    for (char c : cut.toCharArray()) {
      if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('\'').toString();
  }
}
