package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.http.ErrorBody;
import dev.chatbridge.internal.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads OSVI's response envelope. */
final class Wire {
  static final String VENDOR = "osvi";

  private Wire() {}

  /**
   * The payload of {@code {"success": true, "data": {...}}}. Lenient about drift: a body without {@code data} is
   * its own payload, and an older snapshot's nested {@code data.success} is accepted (and dropped). A 2xx body
   * that says {@code "success": false} (top level or nested) is an error, thrown with every message it carries.
   */
  static JsonNode data(JsonNode body, String what) {
    if (body == null || !body.isObject()) {
      throw new ResponseFormatException(
          VENDOR + " answered " + what + " with " + (body == null || body.isNull() ? "an empty body" : "non-object JSON")
              + " instead of {success, data}", body == null ? "" : body.toString());
    }
    failIfUnsuccessful(body);
    JsonNode data = body.get("data");
    JsonNode payload = data == null || data.isNull() ? body : data;
    if (payload.isObject()) failIfUnsuccessful(payload);
    return payload;
  }

  /** {@code success} is documented as a boolean: {@code "false"} (a string) is malformed, never success. */
  private static void failIfUnsuccessful(JsonNode node) {
    if (Boolean.FALSE.equals(Json.strictBool(node, "success", VENDOR + " response"))) {
      String raw = node.toString();
      ErrorBody error = ErrorBody.parse(raw);
      String message = error.message.isEmpty() ? "success=false without an error message" : error.message;
      throw new ApiException(ApiError.builder(VENDOR, 200).serverMessage(message).errorCode(error.code).rawBody(raw)
          .build());
    }
  }

  /** The field as text, or a {@link ResponseFormatException} naming it. */
  static String require(JsonNode node, String field, String what) {
    String value = Json.text(node, field);
    if (value == null || value.isEmpty()) {
      throw new ResponseFormatException(
          VENDOR + " " + what + " response has no '" + field + "'", node == null ? "" : node.toString());
    }
    return value;
  }

  /** A mutable ordered map for request bodies. */
  static Map<String, Object> body() {
    return new LinkedHashMap<>();
  }
}
