package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Small readers shared by the wire models. */
final class Wire {
  private Wire() {}

  /**
   * An epoch timestamp the sheet says is in seconds, read leniently: values too large for seconds are taken as
   * milliseconds, microseconds or nanoseconds by magnitude, so a server that switches unit is still read right.
   */
  static Instant epochSeconds(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isNumber()) return null;
    double d = v.asDouble();
    double abs = Math.abs(d);
    if (abs >= 1e17) return Instant.ofEpochSecond(0, (long) d);
    if (abs >= 1e14) return Instant.ofEpochSecond(0, (long) d * 1000L);
    if (abs >= 1e11) return Instant.ofEpochMilli((long) d);
    long seconds = (long) Math.floor(d);
    return Instant.ofEpochSecond(seconds, Math.round((d - seconds) * 1e9));
  }

  /** An epoch timestamp in milliseconds ({@code chat.timestamp}); small values are taken as seconds. */
  static Instant epochMillis(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isNumber()) return null;
    long n = v.asLong();
    return Math.abs(n) < 1e11 ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
  }
}
