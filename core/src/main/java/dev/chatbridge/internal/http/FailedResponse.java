package dev.chatbridge.internal.http;

import dev.chatbridge.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * A response that is not a success, read for its exception: its request id, at most {@value #MAX_BODY} bytes of
 * its body and its headers (cookies left out), both with the credential scrubbed. Reading it closes the response, so
 * its connection is free again before any wait for a retry. Not API.
 *
 * @param headers lower-case names, for {@link ApiError#headers()}
 */
record FailedResponse(int status, String requestId, String rawBody, Map<String, List<String>> headers) {
  static final int MAX_BODY = 64 * 1024;

  static FailedResponse read(Response response, SecretScrubber scrubber) {
    return new FailedResponse(response.code(), requestId(response), scrubber.scrub(body(response)),
        headers(response, scrubber));
  }

  /** The vendor's request id header ({@code x-request-id}, else {@code request-id}), or null. */
  static String requestId(Response response) {
    String id = response.header("x-request-id");
    return id != null ? id : response.header("request-id");
  }

  /**
   * The response's headers as {@link ApiError#headers()} and {@code RawResponse.headers()} give them: lower-case
   * names, values scrubbed of the credential, cookies left out.
   */
  static Map<String, List<String>> headers(Response response, SecretScrubber scrubber) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : response.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("set-cookie") || lower.equals("cookie")) continue;
      List<String> values = new ArrayList<>();
      for (String v : response.headers(name)) values.add(scrubber.scrub(v));
      headers.put(lower, values);
    }
    return headers;
  }

  private static String body(Response response) {
    try (ResponseBody body = response.body()) {
      if (body == null) return "";
      BufferedSource source = body.source();
      source.request(MAX_BODY);
      Buffer buffer = source.getBuffer();
      return buffer.readString(Math.min(buffer.size(), MAX_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** An {@link ApiError} builder with what this response says, before any reading of its body. */
  ApiError.Builder error(String vendor) {
    return ApiError.builder(vendor, status).requestId(requestId).rawBody(rawBody).headers(headers);
  }
}
