package dev.chatbridge.opencx;

import dev.chatbridge.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the wire models: request checks and lenient reads. */
final class Wire {
  static final String VENDOR = "opencx";

  private Wire() {}

  /**
   * Refuses a {@code custom_data} map with a nested or null value before anything is sent: OpenCX answers 400 to
   * those, so failing here names the key instead of a round trip.
   */
  static void checkFlat(String where, Map<String, ?> data) {
    if (data == null) return;
    for (Map.Entry<String, ?> e : data.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw InvalidRequestException.local(VENDOR, where + " '" + e.getKey()
            + "' must be a string, number or boolean, not " + describe(v)
            + " (OpenCX rejects nested custom_data values with 400)");
      }
    }
  }

  /** Refuses non-string values where the docs require strings ({@code contact.custom_data}). */
  static void checkStrings(String where, Map<String, ?> data) {
    if (data == null) return;
    for (Map.Entry<String, ?> e : data.entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw InvalidRequestException.local(VENDOR, where + " '" + e.getKey() + "' must be a string, not "
            + describe(e.getValue()));
      }
    }
  }

  private static String describe(Object v) {
    if (v == null) return "null";
    if (v instanceof Map) return "a nested object";
    if (v instanceof List || v.getClass().isArray()) return "a list";
    return "a " + v.getClass().getSimpleName();
  }

  /** Puts {@code value} unless it is null. */
  static void put(Map<String, Object> body, String key, Object value) {
    if (value != null) body.put(key, value);
  }

  /** A mutable ordered map, for request bodies. */
  static Map<String, Object> body() {
    return new LinkedHashMap<>();
  }
}
