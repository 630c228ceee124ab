package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streamed tool-call fragments put back together as Open WebUI's own stream reader does: fragments with the same
 * {@code index} are one call, whose {@code id}, {@code type} and {@code function.name} come from the fragment that
 * carries them and whose {@code function.arguments} strings are concatenated in arrival order. A fragment without
 * an index is a call of its own. Not thread-safe.
 */
final class ToolCalls {
  private final Map<Integer, JsonNode> open = new LinkedHashMap<>();
  private int unindexed = -1;

  /** Adds one element of a chunk's {@code delta.tool_calls}; anything that is not an object is kept as it came. */
  void add(JsonNode fragment) {
    JsonNode index = fragment.get("index");
    int key = fragment.isObject() && index != null && index.canConvertToInt() ? index.intValue() : unindexed--;
    if (!(open.get(key) instanceof ObjectNode call)) {
      open.put(key, fragment.deepCopy());
      return;
    }
    fragment.properties().forEach(e -> {
      if (e.getKey().equals("function") && e.getValue().isObject() && call.get("function") instanceof ObjectNode f) {
        e.getValue().properties().forEach(fe -> {
          JsonNode old = f.get(fe.getKey());
          if (fe.getKey().equals("arguments") && old != null && old.isTextual() && fe.getValue().isTextual()) {
            f.put("arguments", old.asText() + fe.getValue().asText());
          } else if (!fe.getValue().isNull() || old == null) {
            f.set(fe.getKey(), fe.getValue().deepCopy());
          }
        });
      } else if (!e.getValue().isNull() || !call.has(e.getKey())) {
        call.set(e.getKey(), e.getValue().deepCopy());
      }
    });
  }

  /** The calls assembled so far, as plain Java values (a non-object fragment as it came); forgets them. */
  List<Object> drain() {
    if (open.isEmpty()) return List.of();
    List<Object> out = new ArrayList<>(open.size());
    for (JsonNode call : open.values()) out.add(Json.toPlain(call));
    open.clear();
    return out;
  }
}
