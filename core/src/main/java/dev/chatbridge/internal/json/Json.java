package dev.chatbridge.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.chatbridge.ResponseFormatException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one ObjectMapper and lenient readers over {@link JsonNode}: missing or mistyped fields read as null instead
 * of failing, so a vendor's drift never breaks parsing. Not API.
 */
public final class Json {
  /** Lenient: unknown properties are kept by callers (see {@link #rest}), never fatal. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  static {
    // Default Jackson limits are 20 MB strings; raise the document length cap off and keep nesting bounded.
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(500).maxStringLength(64 * 1024 * 1024).build());
  }

  private Json() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty array node. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Parses JSON text; throws Jackson's exception (an IOException) on malformed input. */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /**
   * Jackson's reason for a parse failure with every quoted token masked, plus where it stopped: the token is
   * whatever the server sent (possibly an echoed credential), so it never goes into an exception message.
   */
  public static String describe(com.fasterxml.jackson.core.JacksonException e) {
    String reason = String.valueOf(e.getOriginalMessage()).replaceAll("'[^']*'", "'…'")
        .replaceAll("\"[^\"]*\"", "\"…\"");
    com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    return at == null ? reason : reason + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /** Serialises maps, lists, scalars or JsonNodes to JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as UTF-8 JSON bytes, written directly (no intermediate String): request bodies. */
  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable: " + e.getOriginalMessage(), e);
    }
  }

  /** The field's text, or null when absent, null or not a scalar. Numbers become their decimal text. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) return null;
    return v.asText();
  }

  /**
   * A field the vendor documents as a string, read strictly: null when absent or null, the text of a string (or of
   * a number: ids and codes drift between the two), and a {@link ResponseFormatException} naming {@code where} and
   * the field when it is an object, an array or a boolean, instead of printing {@code {a=[1]}} or dropping it.
   */
  public static String string(JsonNode node, String field, String where) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) return null;
    if (v.isTextual() || v.isNumber()) return v.asText();
    throw wrongType(where, field, "a string", v, node);
  }

  /**
   * A field the vendor documents as a boolean, read strictly: null when absent or null, its value when it is
   * {@code true}/{@code false}, and a {@link ResponseFormatException} naming the field for anything else (a
   * {@code "false"} string must not read as "not false").
   */
  public static Boolean strictBool(JsonNode node, String field, String where) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) return null;
    if (v.isBoolean()) return v.booleanValue();
    throw wrongType(where, field, "true or false", v, node);
  }

  private static ResponseFormatException wrongType(String where, String field, String expected, JsonNode value,
      JsonNode node) {
    String kind = value.isObject() ? "an object" : value.isArray() ? "an array" : value.isTextual() ? "a string"
        : value.isBoolean() ? "a boolean" : value.isNumber() ? "a number" : value.getNodeType().toString();
    String body = node.toString();
    return new ResponseFormatException(where + ": field '" + field + "' is " + kind + " where the API documents "
        + expected, body.length() > 2048 ? body.substring(0, 2048) : body);
  }

  /** The field as a string id: text or integral number, else null. */
  public static String id(JsonNode node, String field) {
    return text(node, field);
  }

  /** The field as an int when it is a number or a numeric string, else null. */
  public static Integer integer(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isNumber() && !(v.isTextual() && v.asText().matches("-?\\d{1,9}"))) return null;
    return v.isNumber() ? v.intValue() : Integer.valueOf(v.asText());
  }

  /** The field as a long when it is a number, else null. */
  public static Long longValue(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isNumber()) return null;
    return v.longValue();
  }

  /** The field when it is a JSON boolean, else null. */
  public static Boolean bool(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isBoolean()) return null;
    return v.booleanValue();
  }

  /** The field when it is an object, else null. */
  public static JsonNode obj(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isObject() ? v : null;
  }

  /** The field's elements when it is an array, else empty. */
  public static List<JsonNode> list(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isArray()) return List.of();
    List<JsonNode> out = new ArrayList<>(v.size());
    v.forEach(out::add);
    return out;
  }

  /** A string array field as a list of strings (non-strings skipped). */
  public static List<String> strings(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list(node, field)) if (n.isValueNode() && !n.isNull()) out.add(n.asText());
    return out;
  }

  /**
   * A timestamp, leniently: ISO-8601 with offset or {@code Z}; ISO-8601 without zone (read as UTC); epoch seconds
   * or milliseconds as a number (values above 10^11 are milliseconds). Null when absent or unreadable.
   */
  public static Instant instant(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) return null;
    if (v.isNumber()) return epoch(v.asDouble());
    if (!v.isTextual()) return null;
    return parseInstant(v.asText());
  }

  /** Epoch seconds (fractions kept) or, from 10^11 up, epoch milliseconds. */
  public static Instant epoch(double value) {
    if (Math.abs(value) >= 1e11) return Instant.ofEpochMilli((long) value);
    long seconds = (long) Math.floor(value);
    return Instant.ofEpochSecond(seconds, (long) Math.round((value - seconds) * 1e9));
  }

  /** See {@link #instant}; null when unreadable. */
  public static Instant parseInstant(String s) {
    if (s == null || s.isBlank()) return null;
    String t = s.trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ignored) {
      // fall through
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // fall through
    }
    try {
      return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException ignored) {
      // fall through
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // fall through
    }
    if (t.matches("-?\\d+(\\.\\d+)?")) return epoch(Double.parseDouble(t));
    return null;
  }

  /** A JSON value as plain Java: String, Long/Integer/Double/BigInteger/BigDecimal, Boolean, List, Map, or null. */
  public static Object toPlain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    if (node.isTextual()) return node.textValue();
    if (node.isBoolean()) return node.booleanValue();
    if (node.isIntegralNumber()) return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    if (node.isNumber()) return node.isBigDecimal() ? node.decimalValue() : (Object) node.doubleValue();
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      node.forEach(n -> out.add(toPlain(n)));
      return Collections.unmodifiableList(out);
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), toPlain(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    return node.asText();
  }

  /** An object as a plain Java map ({@link #toPlain}); empty (never null) when {@code node} is not an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> plainMap(JsonNode node) {
    return node != null && node.isObject() ? (Map<String, Object>) toPlain(node) : Map.of();
  }

  /** An object field as a plain Java map; empty (never null) when absent or not an object. */
  public static Map<String, Object> plainMap(JsonNode node, String field) {
    return plainMap(node == null ? null : node.get(field));
  }

  /** An array field as a plain Java list; empty (never null) when absent or not an array. */
  @SuppressWarnings("unchecked")
  public static List<Object> plainList(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isArray() ? (List<Object>) toPlain(v) : List.of();
  }

  /**
   * Every field of {@code node} except {@code mapped}, as plain Java values: the "vendorData" of a mapped object.
   */
  public static Map<String, Object> rest(JsonNode node, Set<String> mapped) {
    if (node == null || !node.isObject()) return Map.of();
    Map<String, Object> out = null; // stream hot path: most packets have nothing unmapped, so allocate lazily
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (mapped.contains(e.getKey())) continue;
      if (out == null) out = new LinkedHashMap<>();
      out.put(e.getKey(), toPlain(e.getValue()));
    }
    return out == null ? Map.of() : Collections.unmodifiableMap(out);
  }

  /** Plain Java (maps, lists, scalars) to a JsonNode. */
  public static JsonNode fromPlain(Object value) {
    return MAPPER.valueToTree(value);
  }
}
