package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One stream packet: {@code {"placement": {...}, "obj": {"type": ..., ...}}}. {@link #type()} is the
 * {@code obj.type} (see {@link PacketTypes}; unknown types are kept), {@link #fields()} the rest of {@code obj} as
 * plain Java values, with typed readers for the common ones.
 */
public final class Packet implements OnyxStreamItem {
  private final Placement placement;
  private final String type;
  private Map<String, Object> fields; // made on first use for a delta read without a tree
  private static final Set<String> TYPE = Set.of("type");
  // Either the parsed line, or (read by ItemReader without a tree for the line) the placement keys present and
  // the obj as a tree, or for a plain text delta just its content.
  private final JsonNode line;
  private final int placementKeys; // ItemReader's bits
  private final JsonNode obj;
  private final String deltaContent;
  private String raw; // rendered on first use: most packets (every text delta) are never asked for it

  private Packet(Placement placement, String type, Map<String, Object> fields, JsonNode line, int placementKeys,
      JsonNode obj, String deltaContent) {
    this.placement = placement;
    this.type = type;
    this.fields = fields;
    this.line = line;
    this.placementKeys = placementKeys;
    this.obj = obj;
    this.deltaContent = deltaContent;
  }

  /** A plain text delta as {@link ItemReader} reads it: placement values, which keys were there, content. */
  static Packet delta(Integer[] placement, int keys, String content) {
    return new Packet(new Placement(placement), PacketTypes.MESSAGE_DELTA, null, null, keys, null, content);
  }

  /** A line of exactly a plain placement and an {@code obj}, as {@link ItemReader} reads it; as {@link #from}. */
  static Packet of(Integer[] placement, int keys, JsonNode obj) {
    String type = Json.text(obj, "type");
    return new Packet(new Placement(placement), type == null ? "" : type, Json.rest(obj, TYPE), null, keys, obj,
        null);
  }

  static Packet from(JsonNode line) {
    JsonNode obj = Json.obj(line, "obj");
    String type = Json.text(obj, "type");
    return new Packet(Placement.from(Json.obj(line, "placement")), type == null ? "" : type,
        Json.rest(obj, TYPE), line, 0, null, null);
  }

  /** Where the packet belongs; null on servers older than the placement envelope. */
  public Placement placement() {
    return placement;
  }

  /** The {@code obj.type}; empty when the packet had none. */
  public String type() {
    return type;
  }

  /** Every {@code obj} field except {@code type}, as plain Java values. */
  public Map<String, Object> fields() {
    Map<String, Object> f = fields;
    if (f == null) fields = f = Map.of("content", deltaContent);
    return f;
  }

  /** {@code fields().get(name)}, without making the map of a delta read without a tree. */
  Object field(String name) {
    if (fields != null) return fields.get(name);
    return "content".equals(name) ? deltaContent : null;
  }

  /** {@code placement.model_index}: 0 for single-model runs, 0–2 in multi-model mode, null on heartbeats. */
  public Integer modelIndex() {
    return placement == null ? null : placement.modelIndex();
  }

  /** {@code content} of {@code message_delta} and other deltas; null when absent. */
  public String content() {
    return string("content");
  }

  /** {@code reasoning} of {@code reasoning_delta}. */
  public String reasoning() {
    return string("reasoning");
  }

  /** {@code citation_number} of {@code citation_info}. */
  public Integer citationNumber() {
    Object v = field("citation_number");
    return v instanceof Number ? ((Number) v).intValue() : null;
  }

  /** {@code document_id} of {@code citation_info}. */
  public String documentId() {
    return string("document_id");
  }

  /** {@code stop_reason} of {@code stop}: null normally, {@code user_cancelled} after a stop request. */
  public String stopReason() {
    return string("stop_reason");
  }

  /**
   * A field the API documents as a string: its text (a number's too), null when absent; an object, a list or a
   * boolean is a {@link ResponseFormatException} naming the field, never its {@code toString()}.
   */
  private String string(String field) {
    Object v = field(field);
    if (v == null || v instanceof String) return (String) v;
    if (v instanceof Number) return v.toString();
    String kind = v instanceof Map ? "an object" : v instanceof List ? "an array" : "a boolean";
    throw new ResponseFormatException(OnyxProvider.NAME + " " + type + " packet: field '" + field + "' is " + kind
        + " where the API documents a string", raw());
  }

  @Override
  public String raw() {
    String r = raw;
    if (r == null) raw = r = (line != null ? line : readLine()).toString();
    return r;
  }

  /** The line of a packet read without a line tree, as the tree path would have parsed it (same keys, order). */
  private JsonNode readLine() {
    ObjectNode node = Json.object();
    Integer tab = (placementKeys & ItemReader.TAB_NULL) != 0 ? null : placement.tabIndex();
    node.set("placement", ItemReader.placementNode(new Integer[] {placement.turnIndex(), tab,
        placement.subTurnIndex(), placement.modelIndex()}, placementKeys));
    node.set("obj", obj != null ? obj : ItemReader.objNode(type, deltaContent, 2));
    return node;
  }

  @Override
  public String toString() {
    return "Packet{" + type + ", " + placement + "}";
  }

  /** {@code placement}: which UI block a packet belongs to. */
  public static final class Placement {
    static final java.util.List<String> KNOWN_ORDER =
        java.util.List.of("turn_index", "tab_index", "sub_turn_index", "model_index");
    private static final Set<String> KNOWN = Set.copyOf(KNOWN_ORDER);
    private final Integer turnIndex;
    private final int tabIndex;
    private final Integer subTurnIndex;
    private final Integer modelIndex;
    private final Map<String, Object> additionalProperties;

    private Placement(JsonNode n) {
      this.turnIndex = Json.integer(n, "turn_index");
      Integer tab = Json.integer(n, "tab_index");
      this.tabIndex = tab == null ? 0 : tab;
      this.subTurnIndex = Json.integer(n, "sub_turn_index");
      this.modelIndex = Json.integer(n, "model_index");
      this.additionalProperties = Json.rest(n, KNOWN);
    }

    private Placement(Integer[] values) { // turn, tab, sub-turn, model: as ItemReader read them
      this.turnIndex = values[0];
      this.tabIndex = values[1] == null ? 0 : values[1];
      this.subTurnIndex = values[2];
      this.modelIndex = values[3];
      this.additionalProperties = Map.of();
    }

    static Placement from(JsonNode node) {
      return node == null ? null : new Placement(node);
    }

    public Integer turnIndex() {
      return turnIndex;
    }

    public int tabIndex() {
      return tabIndex;
    }

    public Integer subTurnIndex() {
      return subTurnIndex;
    }

    public Integer modelIndex() {
      return modelIndex;
    }

    public Map<String, Object> additionalProperties() {
      return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Placement)) return false;
      Placement p = (Placement) o;
      return Objects.equals(turnIndex, p.turnIndex) && tabIndex == p.tabIndex
          && Objects.equals(subTurnIndex, p.subTurnIndex) && Objects.equals(modelIndex, p.modelIndex);
    }

    @Override
    public int hashCode() {
      return Objects.hash(turnIndex, tabIndex, subTurnIndex, modelIndex);
    }

    @Override
    public String toString() {
      return "turn=" + turnIndex + " tab=" + tabIndex + " sub=" + subTurnIndex + " model=" + modelIndex;
    }
  }
}
