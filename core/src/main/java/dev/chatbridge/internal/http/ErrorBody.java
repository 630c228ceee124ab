package dev.chatbridge.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What an error body says, read from every common shape: {@code {"detail": str | list | obj}},
 * {@code {"message"}}, {@code {"error": str | {message}}}, {@code {"errors": [...]}},
 * {@code {"statusCode","message","error"}} (NestJS), {@code {"error_code","detail"}} (Onyx),
 * {@code {"status_code","message","data"}} (Onyx 422), {@code {"success":false,"error"|"errors"}} (OSVI). Not API.
 */
public final class ErrorBody {
  /** The human-readable text; empty when the body had none. */
  public final String message;
  /** A machine-readable code ({@code error_code}, {@code code}, {@code error} beside a {@code message}), or null. */
  public final String code;
  /** Field-level problems, {@code "loc: msg"}. */
  public final List<String> details;
  /** The parsed body, or null when it was not JSON. */
  public final JsonNode json;

  private ErrorBody(String message, String code, List<String> details, JsonNode json) {
    this.message = message == null ? "" : message;
    this.code = code;
    this.details = List.copyOf(details);
    this.json = json;
  }

  /** Reads {@code body}; never throws. A non-JSON body gives its first line (HTML tags stripped) as the message. */
  public static ErrorBody parse(String body) {
    JsonNode json = null;
    if (body != null && !body.isBlank()) {
      try {
        json = Json.parse(body);
      } catch (Exception ignored) {
        json = null;
      }
    }
    if (json == null || !json.isObject()) {
      if (json != null && json.isTextual()) return new ErrorBody(json.asText(), null, List.of(), json);
      return new ErrorBody(plainText(body), null, List.of(), json);
    }
    List<String> details = new ArrayList<>();
    String message = null;
    String code = firstText(json, "error_code", "code", "errorCode");

    JsonNode detail = json.get("detail");
    if (detail != null && !detail.isNull()) {
      if (detail.isTextual()) message = detail.asText();
      else if (detail.isArray()) {
        for (JsonNode d : detail) details.add(describeDetail(d));
        message = String.join("; ", details);
      } else if (detail.isObject()) {
        message = firstText(detail, "message", "msg", "detail", "error");
        if (message == null) message = detail.toString();
      } else message = detail.asText();
    }
    if (message == null) {
      JsonNode m = json.get("message");
      if (m != null && m.isTextual()) message = m.asText();
      else if (m != null && m.isArray()) {
        for (JsonNode d : m) details.add(d.isTextual() ? d.asText() : describeDetail(d));
        message = String.join("; ", details);
      }
    }
    JsonNode error = json.get("error");
    if (error != null && !error.isNull()) {
      if (error.isTextual()) {
        if (message == null) message = error.asText();
        else if (code == null) code = error.asText(); // NestJS ErrorDto: "error" is the short error name
      } else if (error.isObject()) {
        if (message == null) message = firstText(error, "message", "detail", "msg");
        if (code == null) code = firstText(error, "code", "type");
      }
    }
    JsonNode errors = json.get("errors");
    if (errors != null && errors.isArray()) {
      List<String> all = new ArrayList<>();
      for (JsonNode e : errors) all.add(e.isTextual() ? e.asText() : describeDetail(e));
      details.addAll(all);
      if (message == null) message = String.join("; ", all);
    } else if (errors != null && errors.isObject()) {
      errors.fields().forEachRemaining(e -> details.add(e.getKey() + ": " + flat(e.getValue())));
      if (message == null) message = String.join("; ", details);
    }
    return new ErrorBody(message, code, details, json);
  }

  private static String describeDetail(JsonNode d) {
    if (d.isTextual()) return d.asText();
    if (!d.isObject()) return d.toString();
    String msg = firstText(d, "msg", "message", "detail");
    JsonNode loc = d.get("loc");
    String where = null;
    if (loc != null && loc.isArray()) {
      List<String> parts = new ArrayList<>();
      loc.forEach(p -> parts.add(p.asText()));
      where = String.join(".", parts);
    } else if (d.hasNonNull("field")) {
      where = d.get("field").asText();
    }
    if (msg == null) msg = d.toString();
    return where == null ? msg : where + ": " + msg;
  }

  private static String flat(JsonNode n) {
    if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(p -> parts.add(p.asText()));
      return String.join(", ", parts);
    }
    return n.isTextual() ? n.asText() : n.toString();
  }

  private static String firstText(JsonNode node, String... fields) {
    for (String f : fields) {
      JsonNode v = node.get(f);
      if (v != null && v.isValueNode() && !v.isNull()) return v.asText();
    }
    return null;
  }

  private static String plainText(String body) {
    if (body == null) return "";
    String text = body.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
        .replaceAll("<[^>]+>", " ")
        .replaceAll("\\s+", " ")
        .trim();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
