package dev.chatbridge.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import okio.BufferedSource;

/**
 * Reads a JSON object from a body as it arrives, keeping only what the caller asks for: named top-level fields
 * as trees, and the elements of one array field handed over one by one. Everything else is skipped without being
 * buffered, so the size of the whole body does not matter; each kept value is bounded by Jackson's limits
 * ({@link Json#MAPPER}: 64 MiB strings, nesting 500). Not API.
 */
public final class StreamedJson {
  private StreamedJson() {}

  /**
   * The top-level fields of the object in {@code body} named in {@code keep}; the elements of {@code arrayField}
   * (null for none) go to {@code onElement} instead of into the result. Null when the body is empty or is not a
   * JSON object. Throws Jackson's exception (an {@link IOException}) on malformed JSON.
   */
  public static ObjectNode fields(BufferedSource body, Set<String> keep, String arrayField,
      Consumer<JsonNode> onElement) throws IOException {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body.inputStream())) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      ObjectNode out = Json.object();
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        if (name.equals(arrayField) && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) onElement.accept(p.readValueAsTree());
        } else if (keep.contains(name)) {
          out.set(name, p.readValueAsTree());
        } else {
          p.skipChildren();
        }
      }
      return out;
    }
  }

  /** {@code node} with {@code map} applied to every string value in it, in place where it is a container. */
  public static JsonNode mapStrings(JsonNode node, UnaryOperator<String> map) {
    if (node == null) return null;
    if (node.isTextual()) {
      String text = node.textValue();
      String mapped = map.apply(text);
      return mapped.equals(text) ? node : TextNode.valueOf(mapped);
    }
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        JsonNode mapped = mapStrings(e.getValue(), map);
        if (mapped != e.getValue()) e.setValue(mapped);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode mapped = mapStrings(array.get(i), map);
        if (mapped != array.get(i)) array.set(i, mapped);
      }
    }
    return node;
  }
}
