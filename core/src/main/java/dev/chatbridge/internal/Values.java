package dev.chatbridge.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for immutable values. Not API. */
public final class Values {
  private Values() {}

  /** An unmodifiable copy that, unlike {@link Map#copyOf}, keeps insertion order and null values. */
  public static <K, V> Map<K, V> immutableMap(Map<K, V> map) {
    if (map == null || map.isEmpty()) return Map.of();
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** An unmodifiable copy that keeps nulls. */
  public static <T> List<T> immutableList(List<T> list) {
    if (list == null || list.isEmpty()) return List.of();
    return Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** {@code text} cut to {@code max} characters with an ellipsis, for {@code toString()}. */
  public static String abbreviate(String text, int max) {
    if (text == null) return null;
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
