package dev.chatbridge.opencx;

import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.internal.http.ErrorMapper;
import dev.chatbridge.internal.json.Json;

/**
 * OpenCX's errors. Its error statuses have no quirks: the body is the standard {@code {statusCode, message, error}}
 * the core reads, so {@link #map} keeps the standard mapping. The one error OpenCX reports with a 2xx status is
 * the AI's failure to answer a message that was stored ({@link #aiError}).
 */
final class OpenCxErrors implements ErrorMapper {
  static final OpenCxErrors INSTANCE = new OpenCxErrors();

  private OpenCxErrors() {}

  /** Null: every OpenCX error status maps the standard way. */
  @Override
  public ApiException map(ErrorContext c) {
    return null;
  }

  /**
   * A send answered 2xx whose inline reply says the AI failed ({@code ai_response.error} or
   * {@code autopilotResponse.value.error}): an {@link ApiException} with status 200, code {@code ai_error} and
   * the vendor's text.
   */
  static ApiException aiError(SendMessageResponse r) {
    String text = r.errorMessage().orElse("the AI reported an error without a message");
    return new ApiException(ApiError.builder(OpenCxProvider.NAME, 200).serverMessage("the AI could not reply: " + text)
        .errorCode("ai_error").rawBody(Json.write(r.raw())).build());
  }
}
