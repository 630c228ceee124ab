package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.http.ErrorBody;
import dev.chatbridge.internal.http.ErrorMapper;
import dev.chatbridge.internal.json.Json;

/**
 * OSVI's errors. Its error statuses have no quirks: both envelopes ({@code {"success": false, "error": "..."}} and
 * {@code {"success": false, "errors": ["...", ...]}}) are read by the core's ErrorBody, so {@link #map} keeps the
 * standard mapping. What is OSVI's own is the envelope of a 2xx answer, which {@link #data} unwraps: it may still
 * say {@code "success": false}.
 */
final class OsviErrors implements ErrorMapper {
  static final OsviErrors INSTANCE = new OsviErrors();

  private OsviErrors() {}

  /** Null: every OSVI error status maps the standard way. */
  @Override
  public ApiException map(ErrorContext c) {
    return null;
  }

  /**
   * The payload of {@code {"success": true, "data": {...}}}. Lenient about drift: a body without {@code data} is
   * its own payload, and an older snapshot's nested {@code data.success} is accepted (and dropped). A 2xx body
   * that says {@code "success": false} (top level or nested) is an error, thrown with every message it carries.
   */
  static JsonNode data(JsonNode body, String what) {
    if (body == null || !body.isObject()) {
      throw new ResponseFormatException(OsviProvider.NAME + " answered " + what + " with "
          + (body == null || body.isNull() ? "an empty body" : "non-object JSON") + " instead of {success, data}",
          body == null ? "" : body.toString());
    }
    failIfUnsuccessful(body);
    JsonNode data = body.get("data");
    JsonNode payload = data == null || data.isNull() ? body : data;
    if (payload.isObject()) failIfUnsuccessful(payload);
    return payload;
  }

  /** {@code success} is documented as a boolean: {@code "false"} (a string) is malformed, never success. */
  private static void failIfUnsuccessful(JsonNode node) {
    if (Boolean.FALSE.equals(Json.strictBool(node, "success", OsviProvider.NAME + " response"))) {
      String raw = node.toString();
      ErrorBody error = ErrorBody.parse(raw);
      String message = error.message.isEmpty() ? "success=false without an error message" : error.message;
      throw new ApiException(ApiError.builder(OsviProvider.NAME, 200).serverMessage(message).errorCode(error.code)
          .rawBody(raw).build());
    }
  }
}
