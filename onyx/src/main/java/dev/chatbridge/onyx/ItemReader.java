package dev.chatbridge.onyx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;

/**
 * Reads one stream line into an {@link OnyxStreamItem} straight from the stream's parser. The hot path, a plain
 * text delta as Onyx writes it ({@code {"placement": {int or null indexes}, "obj": {"type": "message_delta",
 * "content": "..."}}}, keys in that order), becomes a {@link Packet} without a tree. As soon as the line is anything
 * else, what was read so far is put into a tree and the rest of the line is read into it, so the line is read once
 * and every other kind still goes through {@link OnyxStream#parse(JsonNode)}. Not thread-safe: one per stream.
 */
final class ItemReader {
  // what the hot path has read of the current line, in wire order
  private final Integer[] placement = new Integer[4];
  private int placementKeys; // bit i set: Placement.KNOWN_ORDER[i] was present
  private boolean hasPlacement;
  private boolean hasObj;
  private int objKeys; // 0: none, 1: "type", 2: "type" then "content"
  private String type;
  private String content;

  /** The line whose first token {@code p} stands on; malformed JSON throws Jackson's exception. */
  OnyxStreamItem read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) return OnyxStream.parse(Json.MAPPER.readTree(p));
    placementKeys = 0;
    java.util.Arrays.fill(placement, null);
    hasPlacement = hasObj = false;
    objKeys = 0;
    type = content = null;
    ObjectNode root = null; // made only when the line is not a plain delta
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (root == null) {
        if (value == JsonToken.START_OBJECT && !hasPlacement && !hasObj && name.equals("placement")) {
          hasPlacement = true;
          ObjectNode spilled = readPlacement(p);
          if (spilled != null) {
            root = Json.object();
            root.set("placement", spilled);
          }
          continue;
        }
        if (value == JsonToken.START_OBJECT && hasPlacement && !hasObj && name.equals("obj")) {
          hasObj = true;
          ObjectNode spilled = readObj(p);
          if (spilled != null) {
            root = Json.object();
            root.set("placement", placementNode());
            root.set("obj", spilled);
          }
          continue;
        }
        root = readSoFar();
      }
      root.set(name, Json.MAPPER.readTree(p));
    }
    if (root == null) {
      if (hasObj && objKeys == 2 && PacketTypes.MESSAGE_DELTA.equals(type)) {
        return Packet.delta(placement.clone(), placementKeys, content);
      }
      root = readSoFar();
    }
    return OnyxStream.parse(root);
  }

  /** Placement indexes while they are known ints or nulls in order; else the rest into a tree, returned. */
  private ObjectNode readPlacement(JsonParser p) throws IOException {
    int last = -1;
    ObjectNode spilled = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (spilled == null) {
        int i = Packet.Placement.KNOWN_ORDER.indexOf(key);
        if (i > last && v == JsonToken.VALUE_NULL) {
          placement[i] = null;
        } else if (i > last && v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
          placement[i] = p.getIntValue();
        } else {
          spilled = placementNode();
        }
        if (spilled == null) {
          placementKeys |= 1 << i;
          last = i;
          continue;
        }
      }
      spilled.set(key, Json.MAPPER.readTree(p));
    }
    return spilled;
  }

  /** {@code type} then {@code content} as strings; else the rest into a tree, returned. */
  private ObjectNode readObj(JsonParser p) throws IOException {
    ObjectNode spilled = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (spilled == null) {
        if (objKeys == 0 && v == JsonToken.VALUE_STRING && key.equals("type")) {
          type = p.getText();
          objKeys = 1;
          continue;
        }
        if (objKeys == 1 && v == JsonToken.VALUE_STRING && key.equals("content")) {
          content = p.getText();
          objKeys = 2;
          continue;
        }
        spilled = objNode(type, content, objKeys);
      }
      spilled.set(key, Json.MAPPER.readTree(p));
    }
    return spilled;
  }

  /** The line as read so far by the hot path, as a tree to continue in. */
  private ObjectNode readSoFar() {
    ObjectNode root = Json.object();
    if (hasPlacement) root.set("placement", placementNode());
    if (hasObj) root.set("obj", objNode(type, content, objKeys));
    return root;
  }

  private ObjectNode placementNode() {
    return placementNode(placement, placementKeys);
  }

  /** The placement object with the keys that were present, in the canonical order the hot path requires. */
  static ObjectNode placementNode(Integer[] values, int keys) {
    ObjectNode node = Json.object();
    for (int i = 0; i < 4; i++) {
      if ((keys & (1 << i)) != 0) node.put(Packet.Placement.KNOWN_ORDER.get(i), values[i]);
    }
    return node;
  }

  static ObjectNode objNode(String type, String content, int keys) {
    ObjectNode node = Json.object();
    if (keys >= 1) node.put("type", type);
    if (keys >= 2) node.put("content", content);
    return node;
  }
}
