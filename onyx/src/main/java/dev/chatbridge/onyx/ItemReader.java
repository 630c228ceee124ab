package dev.chatbridge.onyx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.util.List;

/**
 * Reads one stream line into an {@link OnyxStreamItem} straight from the stream's parser. The hot path, a plain
 * text delta as Onyx writes it ({@code {"placement": {int or null indexes}, "obj": {"type": "message_delta",
 * "content": "..."}}}, keys in that order), becomes a {@link Packet} without a tree. As soon as the line is anything
 * else, what was read so far is put into a tree and the rest of the line is read into it, so the line is read once
 * and every other kind still goes through {@link OnyxStream#parse(JsonNode)}. Not thread-safe: one per stream.
 */
final class ItemReader {
  private static final List<String> PLACEMENT_NAMES = Packet.Placement.KNOWN_ORDER;
  private static final SerializedString[] PLACEMENT_KEYS = {new SerializedString("turn_index"),
      new SerializedString("tab_index"), new SerializedString("sub_turn_index"), new SerializedString("model_index")};
  private static final SerializedString PLACEMENT = new SerializedString("placement");
  private static final SerializedString OBJ = new SerializedString("obj");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString CONTENT = new SerializedString("content");

  // what the hot path has read of the current line, in wire order
  private final Integer[] placement = new Integer[4];
  /** Bit of {@link #placementKeys}: {@code tab_index} was present and null (Placement reads it as 0). */
  static final int TAB_NULL = 1 << 4;

  private int placementKeys; // bit i set: Placement.KNOWN_ORDER[i] was present; and TAB_NULL
  private boolean hasPlacement;
  private boolean hasObj;
  private int objKeys; // 0: none, 1: "type", 2: "type" then "content"
  private String type;
  private String content;
  private ObjectNode obj; // the obj as a tree once it is off the delta shape

  /**
   * The line whose first token {@code p} stands on, or null when it is a plain text delta: then
   * {@link #content()}, {@link #modelIndex()} and {@link #packet()} describe it (the neutral reader needs no Packet
   * for it). Malformed JSON throws Jackson's exception.
   */
  OnyxStreamItem read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) return OnyxStream.parse(Json.MAPPER.readTree(p));
    placementKeys = 0;
    java.util.Arrays.fill(placement, null);
    hasPlacement = hasObj = false;
    objKeys = 0;
    type = content = null;
    obj = null;
    ObjectNode root = null; // made only when the line is not a plain delta
    SerializedString expected = PLACEMENT; // the usual next key, matched on the bytes without a name lookup
    while (true) {
      String name;
      if (expected != null && p.nextFieldName(expected)) {
        name = expected.getValue();
      } else {
        if (expected == null) p.nextToken(); // nextFieldName was not called: advance here
        if (p.currentToken() != JsonToken.FIELD_NAME) break;
        name = p.currentName();
      }
      expected = null;
      JsonToken value = p.nextToken();
      if (root == null) {
        if (value == JsonToken.START_OBJECT && !hasPlacement && !hasObj && name.equals("placement")) {
          hasPlacement = true;
          ObjectNode spilled = readPlacement(p);
          if (spilled != null) {
            root = Json.object();
            root.set("placement", spilled);
          } else {
            expected = OBJ;
          }
          continue;
        }
        if (value == JsonToken.START_OBJECT && hasPlacement && !hasObj && name.equals("obj")) {
          hasObj = true;
          obj = readObj(p); // null while it is a plain delta
          continue;
        }
        root = readSoFar();
      }
      root.set(name, Json.MAPPER.readTree(p));
    }
    if (root == null && hasObj) {
      if (obj != null) return Packet.of(placement, placementKeys, obj); // as the tree path, without the line tree
      if (objKeys == 2 && PacketTypes.MESSAGE_DELTA.equals(type)) return null;
    }
    if (root == null) root = readSoFar();
    return OnyxStream.parse(root);
  }

  /** The last plain delta's text. */
  String content() {
    return content;
  }

  /** The last plain delta's {@code placement.model_index}. */
  Integer modelIndex() {
    return placement[3];
  }

  /** The last plain delta as a Packet, for the typed stream. */
  Packet packet() {
    return Packet.delta(placement, placementKeys, content);
  }

  /** Placement indexes while they are known ints or nulls in order; else the rest into a tree, returned. */
  private ObjectNode readPlacement(JsonParser p) throws IOException {
    int last = -1;
    ObjectNode spilled = null;
    while (true) {
      String key;
      int i;
      if (spilled == null && last < 3 && p.nextFieldName(PLACEMENT_KEYS[last + 1])) { // the usual: next in order
        i = last + 1;
        key = PLACEMENT_NAMES.get(i);
      } else {
        if (spilled != null || last == 3) p.nextToken(); // nextFieldName was not called: advance here
        if (p.currentToken() != JsonToken.FIELD_NAME) return spilled;
        key = p.currentName();
        i = PLACEMENT_NAMES.indexOf(key);
      }
      JsonToken v = p.nextToken();
      if (spilled == null) {
        if (i > last && v == JsonToken.VALUE_NULL) {
          placement[i] = null;
          if (i == 1) placementKeys |= TAB_NULL;
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
  }

  /** {@code type} then {@code content} as strings; else the rest into a tree, returned. */
  private ObjectNode readObj(JsonParser p) throws IOException {
    if (p.nextFieldName(TYPE) && p.nextToken() == JsonToken.VALUE_STRING) {
      type = p.getText();
      objKeys = 1;
      if (p.nextFieldName(CONTENT) && p.nextToken() == JsonToken.VALUE_STRING) {
        content = p.getText();
        objKeys = 2;
        if (p.nextToken() == JsonToken.END_OBJECT) return null; // the usual
      }
    }
    // off the usual shape: what was read goes into a tree, the token we stand on and the rest follow
    ObjectNode spilled = objNode(type, content, objKeys);
    JsonToken t = p.currentToken();
    while (t != JsonToken.END_OBJECT) {
      String key = p.currentName();
      if (t == JsonToken.FIELD_NAME) {
        p.nextToken();
      } // else a value whose name was read as the expected one: type or content, not a string
      spilled.set(key, Json.MAPPER.readTree(p));
      t = p.nextToken();
    }
    return spilled;
  }

  /** The line as read so far by the hot path, as a tree to continue in. */
  private ObjectNode readSoFar() {
    ObjectNode root = Json.object();
    if (hasPlacement) root.set("placement", placementNode());
    if (hasObj) root.set("obj", obj != null ? obj : objNode(type, content, objKeys));
    return root;
  }

  private ObjectNode placementNode() {
    return placementNode(placement, placementKeys);
  }

  /** The placement object with the keys that were present, in the canonical order the hot path requires. */
  static ObjectNode placementNode(Integer[] values, int keys) {
    ObjectNode node = Json.object();
    for (int i = 0; i < 4; i++) {
      if ((keys & (1 << i)) != 0) node.put(PLACEMENT_NAMES.get(i), values[i]);
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
