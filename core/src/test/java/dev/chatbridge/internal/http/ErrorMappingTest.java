package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PermissionDeniedException;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.ServerException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every common error body shape and status, read through the real transport. */
class ErrorMappingTest {
  private MockWebServer server;
  private Transport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
        .apiKey("sk-map-secret").maxRetries(0).build()).sleeper(d -> { }).build();
  }

  @AfterEach
  void stop() throws IOException {
    transport.close();
    server.shutdown();
  }

  private ApiException fail(int status, String body) {
    return fail(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody(body));
  }

  private ApiException fail(MockResponse response) {
    server.enqueue(response);
    return catchThrowableOfType(ApiException.class,
        () -> transport.json(ApiRequest.post(server.url("/chat/send"), Map.of("m", "x"))));
  }

  @Test
  void fastApiDetailString() {
    ApiException e = fail(404, "{\"detail\":\"Chat session not found\"}");
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(e.serverMessage()).isEqualTo("Chat session not found");
    assertThat(e.getMessage()).contains("test", "404", "Chat session not found");
    assertThat(e.errorCode()).isEmpty();
  }

  @Test
  void fastApiValidationListKeepsDetails() {
    ApiException e = fail(422, "{\"detail\":[{\"loc\":[\"body\",\"message\"],\"msg\":\"field required\","
        + "\"type\":\"value_error.missing\"},{\"loc\":[\"query\",\"limit\"],\"msg\":\"not an int\",\"type\":\"x\"}]}");
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) e).details())
        .containsExactly("body.message: field required", "query.limit: not an int");
    assertThat(e.getMessage()).contains("body.message: field required");
  }

  @Test
  void plainMessage() {
    ApiException e = fail(400, "{\"message\":\"title too long\"}");
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(e.serverMessage()).isEqualTo("title too long");
  }

  @Test
  void errorString() {
    ApiException e = fail(401, "{\"error\":\"invalid api key\"}");
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.serverMessage()).isEqualTo("invalid api key");
  }

  @Test
  void errorObjectWithMessageAndCode() {
    ApiException e = fail(403, "{\"error\":{\"message\":\"no access to this bot\",\"code\":\"forbidden_bot\"}}");
    assertThat(e).isInstanceOf(PermissionDeniedException.class);
    assertThat(e.serverMessage()).isEqualTo("no access to this bot");
    assertThat(e.errorCode()).contains("forbidden_bot");
    assertThat(e.getMessage()).contains("[forbidden_bot]");
  }

  @Test
  void errorsArray() {
    ApiException e = fail(400, "{\"errors\":[\"agent_uuid is required\",{\"field\":\"message\",\"message\":\"empty\"}]}");
    assertThat(e.serverMessage()).isEqualTo("agent_uuid is required; message: empty");
    assertThat(((InvalidRequestException) e).details()).containsExactly("agent_uuid is required", "message: empty");
  }

  @Test
  void nestJsErrorDto() {
    ApiException e = fail(400, "{\"statusCode\":400,\"message\":\"custom_data must be flat\",\"error\":\"Bad Request\"}");
    assertThat(e.serverMessage()).isEqualTo("custom_data must be flat");
    assertThat(e.errorCode()).contains("Bad Request");
  }

  @Test
  void nestJsMessageArray() {
    ApiException e = fail(400, "{\"statusCode\":400,\"message\":[\"channel must be a string\",\"contact_id "
        + "should not be empty\"],\"error\":\"Bad Request\"}");
    assertThat(e.serverMessage()).isEqualTo("channel must be a string; contact_id should not be empty");
    assertThat(((InvalidRequestException) e).details()).hasSize(2);
  }

  @Test
  void onyxErrorCodeAndDetail() {
    ApiException e = fail(404, "{\"error_code\":\"SESSION_NOT_FOUND\",\"detail\":\"Chat session 42 not found\"}");
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(e.serverMessage()).isEqualTo("Chat session 42 not found");
    assertThat(e.errorCode()).contains("SESSION_NOT_FOUND");
  }

  @Test
  void onyxValidationShape() {
    ApiException e = fail(422, "{\"status_code\":422,\"message\":\"1 validation error for CreateChatMessageRequest"
        + "\\nmessage\\n  Field required\",\"data\":null}");
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(e.serverMessage()).startsWith("1 validation error for CreateChatMessageRequest");
  }

  @Test
  void onyxForbiddenWithCode() {
    ApiException e = fail(403, "{\"error_code\":\"INSUFFICIENT_PERMISSIONS\",\"detail\":\"admin only\"}");
    assertThat(e).isInstanceOf(PermissionDeniedException.class);
    assertThat(e.errorCode()).contains("INSUFFICIENT_PERMISSIONS");
  }

  @Test
  void osviSingleError() {
    ApiException e = fail(401, "{\"success\":false,\"error\":\"Invalid API key\"}");
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.serverMessage()).isEqualTo("Invalid API key");
  }

  @Test
  void osviErrorList() {
    ApiException e = fail(422, "{\"success\":false,\"errors\":[\"customer_id is required\"]}");
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(e.serverMessage()).isEqualTo("customer_id is required");
  }

  @Test
  void htmlErrorPageGivesItsText() {
    ApiException e = fail(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
        .setBody("<html><head><style>h1{color:red}</style></head><body><h1>502 Bad Gateway</h1>"
            + "<hr><center>nginx</center></body></html>"));
    assertThat(e).isInstanceOf(ServerException.class);
    assertThat(e.serverMessage()).isEqualTo("502 Bad Gateway nginx");
    assertThat(e.rawBody()).contains("<h1>502 Bad Gateway</h1>");
  }

  @Test
  void emptyBody() {
    ApiException e = fail(new MockResponse().setResponseCode(404));
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(e.serverMessage()).isEmpty();
    assertThat(e.rawBody()).isEmpty();
    assertThat(e.getMessage()).isEqualTo("test returned HTTP 404");
  }

  @Test
  void jsonStringBody() {
    ApiException e = fail(500, "\"internal failure\"");
    assertThat(e.serverMessage()).isEqualTo("internal failure");
  }

  @ParameterizedTest
  @CsvSource({
      "400, dev.chatbridge.InvalidRequestException",
      "401, dev.chatbridge.AuthenticationException",
      "403, dev.chatbridge.PermissionDeniedException",
      "404, dev.chatbridge.NotFoundException",
      "409, dev.chatbridge.ApiException",
      "413, dev.chatbridge.InvalidRequestException",
      "422, dev.chatbridge.InvalidRequestException",
      "429, dev.chatbridge.RateLimitException",
      "500, dev.chatbridge.ServerException",
      "502, dev.chatbridge.ServerException",
      "503, dev.chatbridge.ServerException",
      "504, dev.chatbridge.ServerException",
      "418, dev.chatbridge.ApiException"
  })
  void statusMapsToItsExceptionClass(int status, String className) throws ClassNotFoundException {
    ApiException e = fail(status, "{\"detail\":\"nope\"}");
    assertThat(e.getClass()).isEqualTo(Class.forName(className));
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.vendor()).isEqualTo("test");
  }

  @Test
  void requestIdAndRawBodyAreKept() {
    String body = "{\"detail\":\"boom\",\"trace\":\"abc\"}";
    ApiException e = fail(new MockResponse().setResponseCode(500).setHeader("x-request-id", "req-123")
        .setBody(body));
    assertThat(e.requestId()).contains("req-123");
    assertThat(e.rawBody()).isEqualTo(body);
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    ApiException e = fail(new MockResponse().setResponseCode(429).setHeader("Retry-After", "9")
        .setBody("{\"detail\":\"slow\"}"));
    assertThat(((RateLimitException) e).retryAfter()).contains(Duration.ofSeconds(9));
  }

  @Test
  void everyApiExceptionCarriesTheResponseHeadersScrubbedAndWithoutCookies() {
    ApiException e = fail(new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
        .setHeader("X-Request-Id", "req-9").setHeader("X-Echo", "key sk-map-secret here")
        .setHeader("Set-Cookie", "session=abc").setHeader("Retry-After", "30")
        .setBody("{\"detail\":\"slow down\"}"));
    assertThat(e).isInstanceOf(RateLimitException.class);
    assertThat(e.headers()).containsEntry("x-request-id", List.of("req-9"));
    assertThat(e.headers().get("X-REQUEST-ID")).containsExactly("req-9"); // any case
    assertThat(e.headers().get("x-echo")).containsExactly("key [redacted] here");
    assertThat(e.headers()).doesNotContainKey("set-cookie");
    assertThat(e.error().statusCode()).isEqualTo(429);
    assertThat(((RateLimitException) e).retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void aMapperChangesOneFieldOfTheErrorAndKeepsTheRest() {
    transport.close();
    transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
            .maxRetries(0).build())
        .errorMapper(ctx -> new NotFoundException(ctx.error().toBuilder().serverMessage("gone: " + ctx.body().message)
            .build()))
        .build();
    ApiException e = fail(new MockResponse().setResponseCode(401).setHeader("x-request-id", "r-1")
        .setBody("{\"detail\":\"NOT_FOUND\",\"code\":\"c1\"}"));
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(e.getMessage()).isEqualTo("test returned HTTP 401: gone: NOT_FOUND [c1]");
    assertThat(e.requestId()).contains("r-1");
    assertThat(e.errorCode()).contains("c1");
    assertThat(e.rawBody()).contains("NOT_FOUND");
  }

  @Test
  void vendorErrorMapperOverridesThenDefers() throws IOException {
    transport.close();
    transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
            .maxRetries(0).build())
        .errorMapper(ctx -> ctx.status() == 403 && ctx.body().message.contains("not authenticated")
            ? new AuthenticationException(ctx.error())
            : null)
        .build();
    assertThat(fail(403, "{\"detail\":\"Access denied. User is not authenticated.\"}"))
        .isInstanceOf(AuthenticationException.class);
    assertThat(fail(403, "{\"detail\":\"Access denied\"}")).isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void nonJsonSuccessBodyIsAResponseFormatExceptionKeepingTheBody() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>login page</html>"));
    ResponseFormatException e = catchThrowableOfType(ResponseFormatException.class,
        () -> transport.json(ApiRequest.get(server.url("/x"))));
    assertThat(e.body()).isEqualTo("<html>login page</html>");
    assertThat(e.getMessage()).contains("not JSON", "text/html");
  }
}
