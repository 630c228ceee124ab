package dev.chatbridge.internal.http;

import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.internal.Values;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one check every id goes through before it becomes part of a request, above all one URL path segment: an id
 * must stay one opaque segment for every server and proxy on the way, including those that percent-decode the
 * path (once or more) and then resolve {@code .}/{@code ..} steps or treat {@code %2F} as a separator. So an id is
 * refused, before anything is sent, when it is null or blank, longer than {@link #MAX_ID_LENGTH}, or when (decoded
 * as often as it decodes) it is {@code .} or {@code ..} (also followed by {@code ;…}, a path parameter) or holds a
 * {@code /}, a {@code \} or a control character. Not API.
 */
public final class PathSegments {
  /** The longest id accepted, in characters: far above any vendor's ids, far below any server's URL limit. */
  public static final int MAX_ID_LENGTH = 1024;
  private static final int MAX_DECODE_ROUNDS = 8;

  private PathSegments() {}

  /**
   * {@code id} when it is a safe id; else {@link InvalidRequestException#local} naming {@code name} (e.g.
   * {@code "session id"}) and why.
   */
  public static String requireId(String vendor, String name, String id) {
    String problem = problem(id);
    if (problem != null) {
      throw InvalidRequestException.local(vendor, name + (id == null || id.isBlank() ? "" : " " + quote(id)) + " "
          + problem + "; nothing was sent");
    }
    return id;
  }

  /** {@code segment} when it can be one path segment; the check of {@link #requireId} for an unnamed segment. */
  static String requireSegment(String vendor, String segment) {
    return requireId(vendor, "URL path segment", segment);
  }

  /** Why {@code id} cannot be an id, or null when it can. */
  static String problem(String id) {
    if (id == null || id.isBlank()) return "must not be blank";
    if (id.length() > MAX_ID_LENGTH) {
      return "is " + id.length() + " characters long; ids longer than " + MAX_ID_LENGTH + " characters are refused";
    }
    String decoded = id;
    for (int round = 0; round <= MAX_DECODE_ROUNDS; round++) {
      String problem = decodedProblem(decoded);
      if (problem != null) return problem;
      String next = percentDecode(decoded);
      if (next.equals(decoded)) return null;
      decoded = next;
    }
    return "is percent-encoded more than " + MAX_DECODE_ROUNDS + " times over";
  }

  private static String decodedProblem(String text) {
    if (isDotSegment(text)) {
      return "is not an id: a server would read it as the path step '.' or '..' and reach another endpoint";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '\\') return "contains a path separator ('/' or '\\'), also when percent-encoded";
      if (Character.isISOControl(c)) return "contains a control character";
    }
    return null;
  }

  /** {@code .} or {@code ..}, alone or before a {@code ;} path parameter (as servlet containers read it). */
  private static boolean isDotSegment(String text) {
    int semicolon = text.indexOf(';');
    String head = semicolon < 0 ? text : text.substring(0, semicolon);
    return head.equals(".") || head.equals("..");
  }

  /**
   * One round of percent-decoding, as a server decodes a path: each {@code %XX} becomes its byte, runs of bytes
   * are read as UTF-8, and a {@code %} not followed by two hex digits stays as it is.
   */
  static String percentDecode(String text) {
    if (text.indexOf('%') < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int hi;
      int lo;
      if (c == '%' && i + 2 < text.length()
          && (hi = hex(text.charAt(i + 1))) >= 0
          && (lo = hex(text.charAt(i + 2))) >= 0) {
        bytes.write(hi * 16 + lo);
        i += 3;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(c);
      i++;
    }
    if (bytes.size() > 0) out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** The id for a message: quoted, cut at 40 characters, control characters shown as {@code ?}. */
  private static String quote(String id) {
    StringBuilder sb = new StringBuilder("'");
    String cut = Values.abbreviate(id, 40);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return sb.append('\'').toString();
  }
}
