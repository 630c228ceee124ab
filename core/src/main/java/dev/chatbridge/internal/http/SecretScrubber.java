package dev.chatbridge.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the credential with {@code [redacted]} wherever it is written: as is, or with any of its characters
 * written as a JSON escape (backslash-u and four hex digits in either case, or a backslash before {@code /}, a
 * backslash or a quote) or percent-encoded ({@code %2D}). A server that echoes the key escaped would otherwise get
 * it into a message or a body once Jackson decodes the escape; the same matcher scrubs decoded text, raw JSON bytes
 * and URLs. The secret is printable ASCII ({@code ChatConfig} refuses anything else), so every form is matched byte
 * by byte, also inside UTF-8. Without a secret it changes nothing. Not API.
 */
final class SecretScrubber {
  static final String REDACTED = "[redacted]";
  private static final byte[] REDACTED_BYTES = REDACTED.getBytes(StandardCharsets.US_ASCII);

  private final byte[] secret;
  /** Another secret's scrubber applied after this one (a per-call credential), or null. */
  private final SecretScrubber next;

  /** A scrubber for {@code secret}; null for none (then {@code scrub} returns what it is given). */
  SecretScrubber(String secret) {
    this(secret, null);
  }

  private SecretScrubber(String secret, SecretScrubber next) {
    this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.US_ASCII);
    this.next = next;
  }

  /**
   * A scrubber for this secret and {@code another} too (a credential one call sends instead of the configured key);
   * printable ASCII, as header values are.
   */
  SecretScrubber and(String another) {
    return new SecretScrubber(another, this);
  }

  /** {@code text} with the secret replaced in every form; the same instance when it holds none. */
  String scrub(String text) {
    if (next != null) text = next.scrub(text);
    if (secret == null || text == null
        || (text.indexOf(secret[0]) < 0 && text.indexOf('\\') < 0 && text.indexOf('%') < 0)) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] scrubbed = scrubOwn(bytes);
    return scrubbed == bytes ? text : new String(scrubbed, StandardCharsets.UTF_8);
  }

  /** {@code bytes} with the secret replaced in every form; the same array when it holds none. */
  byte[] scrub(byte[] bytes) {
    if (next != null) bytes = next.scrub(bytes);
    return scrubOwn(bytes);
  }

  private byte[] scrubOwn(byte[] bytes) {
    if (secret == null) return bytes;
    ByteArrayOutputStream out = null;
    int copied = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != secret[0] && b != '\\' && b != '%') continue;
      int length = matchAt(bytes, i);
      if (length < 0) continue;
      if (out == null) out = new ByteArrayOutputStream(bytes.length);
      out.write(bytes, copied, i - copied);
      out.write(REDACTED_BYTES, 0, REDACTED_BYTES.length);
      copied = i + length;
      i = copied - 1;
    }
    if (out == null) return bytes;
    out.write(bytes, copied, bytes.length - copied);
    return out.toByteArray();
  }

  /** How many bytes the secret takes when written at {@code start}, in any accepted form; -1 when it is not. */
  private int matchAt(byte[] b, int start) {
    int p = start;
    for (byte c : secret) {
      if (p >= b.length) return -1;
      int taken = escapeOf(b, p, c);
      if (taken < 0 && b[p] == c) taken = 1;
      if (taken < 0) return -1;
      p += taken;
    }
    return p - start;
  }

  /** The length of an escape at {@code p} that stands for {@code c}, or -1. */
  private static int escapeOf(byte[] b, int p, byte c) {
    if (b[p] == '\\' && p + 1 < b.length) {
      byte e = b[p + 1];
      if (e == 'u') return p + 5 < b.length && hex(b, p + 2, 4) == c ? 6 : -1;
      return e == c && (c == '/' || c == '\\' || c == '"') ? 2 : -1;
    }
    if (b[p] == '%') return p + 2 < b.length && hex(b, p + 1, 2) == c ? 3 : -1;
    return -1;
  }

  /** The value of {@code digits} hex digits at {@code p}, or -1. */
  private static int hex(byte[] b, int p, int digits) {
    int v = 0;
    for (int i = p; i < p + digits; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }
}
