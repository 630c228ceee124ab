package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code GET /api/models}: the {@link #id()} to send as {@code model}, its display name and owner
 * ({@code openai}, {@code ollama}, {@code arena}, …); every other field (info, tags, actions, the raw
 * {@code openai}/{@code ollama} objects) is kept in {@link #extra()}.
 */
public final class Model {
  private static final Set<String> MAPPED = Set.of("id", "name", "owned_by");

  private final String id;
  private final String name;
  private final String ownedBy;
  private final Map<String, Object> extra;

  private Model(String id, String name, String ownedBy, Map<String, Object> extra) {
    this.id = id;
    this.name = name;
    this.ownedBy = ownedBy;
    this.extra = extra;
  }

  /** Reads one model; {@code id} must be a non-empty string, {@code name}/{@code owned_by} strings when present. */
  static Model parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " model entry is not an object: " + node,
          String.valueOf(node));
    }
    JsonNode id = node.get("id");
    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " model entry has no string 'id': " + node,
          node.toString());
    }
    return new Model(id.asText(), strictText(node, "name"), strictText(node, "owned_by"), Json.rest(node, MAPPED));
  }

  private static String strictText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " model field '" + field + "' is not a string: " + v,
          node.toString());
    }
    return v.asText();
  }

  /** The model id, sent as {@code model} in completions. */
  public String id() {
    return id;
  }

  /** The display name; the id when the server gave none. */
  public String name() {
    return name == null ? id : name;
  }

  /** Where the model comes from: {@code openai}, {@code ollama}, {@code arena}, …, when given. */
  public Optional<String> ownedBy() {
    return Optional.ofNullable(ownedBy);
  }

  /** Every other field, as plain Java values. */
  public Map<String, Object> extra() {
    return extra;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Model)) return false;
    Model m = (Model) o;
    return id.equals(m.id) && Objects.equals(name, m.name) && Objects.equals(ownedBy, m.ownedBy)
        && extra.equals(m.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, ownedBy, extra);
  }

  @Override
  public String toString() {
    return "Model{id=" + id + ", name=" + name + ", ownedBy=" + ownedBy + "}";
  }
}
