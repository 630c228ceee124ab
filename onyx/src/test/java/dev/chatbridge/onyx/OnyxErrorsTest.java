package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PermissionDeniedException;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.ServerException;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error body shape Onyx sends (README, "Errors") and its quirks, mapped to typed exceptions. */
class OnyxErrorsTest {
  static final String SESSION = "9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6";

  MockWebServer server;
  ChatClient client;
  OnyxClient onyx;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api").toString())
        .apiKey("on_secret_key_123").maxRetries(0).build());
    onyx = client.unwrap(OnyxClient.class);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  void reply(int status, String body) {
    server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody(body));
  }

  <T extends Throwable> T failure(Class<T> type, Runnable call) {
    T e = catchThrowableOfType(type, call::run);
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    return e;
  }

  @Test
  void forbiddenForAMissingOrUnknownKeyIsAuthentication() {
    reply(403, "{\"detail\":\"Access denied. User is not authenticated.\"}");
    AuthenticationException e = failure(AuthenticationException.class, () -> client.createSession());
    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.serverMessage()).isEqualTo("Access denied. User is not authenticated.");
    assertThat(e.getMessage()).doesNotContain("on_secret_key_123");
  }

  @Test
  void unauthorizedIsAuthentication() {
    reply(401, "{\"error_code\":\"UNAUTHENTICATED\",\"detail\":\"Invalid API key\"}");
    AuthenticationException e = failure(AuthenticationException.class, () -> client.getSession(SESSION));
    assertThat(e.errorCode()).contains("UNAUTHENTICATED");
  }

  @Test
  void otherForbiddenBodiesArePermissionDenied() {
    reply(403, "{\"detail\":\"User does not have access to persona\"}");
    PermissionDeniedException e = failure(PermissionDeniedException.class, () -> client.createSession());
    assertThat(e.serverMessage()).isEqualTo("User does not have access to persona");

    reply(403, "{\"error_code\":\"INSUFFICIENT_PERMISSIONS\",\"detail\":\"Missing permission read:chat\"}");
    PermissionDeniedException p = failure(PermissionDeniedException.class, () -> client.getSession(SESSION));
    assertThat(p.errorCode()).contains("INSUFFICIENT_PERMISSIONS");
    assertThat(p.getMessage()).contains("Missing permission read:chat");
  }

  @Test
  void onyxErrorShapeKeepsCodeAndDetail() {
    reply(404, "{\"error_code\":\"SESSION_NOT_FOUND\",\"detail\":\"Chat session not found\"}");
    NotFoundException e = failure(NotFoundException.class, () -> onyx.stopChatSession(SESSION));
    assertThat(e.errorCode()).contains("SESSION_NOT_FOUND");
    assertThat(e.serverMessage()).isEqualTo("Chat session not found");
  }

  @Test
  void detailShape() {
    reply(404, "{\"detail\":\"Chat session has been deleted\"}");
    NotFoundException e = failure(NotFoundException.class, () -> client.getSession(SESSION));
    assertThat(e.serverMessage()).isEqualTo("Chat session has been deleted");
    assertThat(e.rawBody()).isEqualTo("{\"detail\":\"Chat session has been deleted\"}");
  }

  @Test
  void messageShapeFromValueError() {
    reply(400, "{\"message\":\"Invalid Chat Session ID provided\"}");
    InvalidRequestException e = failure(InvalidRequestException.class, () -> onyx.renameChatSession(SESSION, "x"));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.serverMessage()).isEqualTo("Invalid Chat Session ID provided");
  }

  @Test
  void validationShapeWithStatusCodeMessageAndData() {
    reply(422, "{\"status_code\":422,\"message\":\"1 validation error for SendMessageRequest\\nmessage\\n  "
        + "Field required\",\"data\":null}");
    InvalidRequestException e = failure(InvalidRequestException.class,
        () -> onyx.sendChatMessage(SendMessageRequest.of(SESSION, "")));
    assertThat(e.statusCode()).isEqualTo(422);
    assertThat(e.serverMessage()).contains("validation error for SendMessageRequest").contains("Field required");
  }

  @Test
  void openApiValidationShapeIsAlsoRead() {
    // The docs' OpenAPI declares FastAPI's default shape; real servers send the one above, but accept both.
    reply(422, "{\"detail\":[{\"loc\":[\"body\",\"message\"],\"msg\":\"Field required\","
        + "\"type\":\"missing\"}]}");
    InvalidRequestException e = failure(InvalidRequestException.class,
        () -> onyx.sendChatMessage(SendMessageRequest.of(SESSION, "")));
    assertThat(e.details()).containsExactly("body.message: Field required");
  }

  @Test
  void badBeforeCursorIsInvalidRequest() {
    reply(422, "{\"detail\":\"Invalid 'before' timestamp format\"}");
    InvalidRequestException e = failure(InvalidRequestException.class,
        () -> onyx.listChatSessions(ListChatSessionsRequest.builder().before("yesterday").build()));
    assertThat(e.serverMessage()).isEqualTo("Invalid 'before' timestamp format");
  }

  @Test
  void rateLimitExtrasGiveRetryAfterWhenTheHeaderIsMissing() {
    reply(429, "{\"error_code\":\"RATE_LIMITED\",\"detail\":\"Token budget exceeded\",\"scope\":\"user\","
        + "\"reset_at\":\"2026-08-20T11:00:00Z\",\"retry_after_seconds\":30}");
    RateLimitException e = failure(RateLimitException.class, () -> client.createSession());
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(e.errorCode()).contains("RATE_LIMITED");
    assertThat(e.rawBody()).contains("\"scope\":\"user\"");
  }

  @Test
  void rateLimitHeaderWinsOverTheBody() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7")
        .setBody("{\"error_code\":\"RATE_LIMITED\",\"detail\":\"slow down\",\"retry_after_seconds\":30}"));
    RateLimitException e = failure(RateLimitException.class, () -> client.createSession());
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void messageIdIsRequiredExplainsTheHiddenCause() {
    reply(400, "{\"message\":\"Message ID is required\"}");
    InvalidRequestException e = failure(InvalidRequestException.class,
        () -> onyx.sendChatMessage(SendMessageRequest.of(SESSION, "hello")));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("Message ID is required").contains("hides the real cause")
        .contains("stream");
  }

  @Test
  void serviceErrorsAreServerExceptions() {
    reply(502, "{\"error_code\":\"LLM_PROVIDER_ERROR\",\"detail\":\"Upstream model failed\"}");
    ServerException e = failure(ServerException.class, () -> client.createSession());
    assertThat(e.errorCode()).contains("LLM_PROVIDER_ERROR");
    assertThat(e.vendor()).isEqualTo("onyx");
  }

  @Test
  void featureNotAvailableIsAnApiExceptionWithItsCode() {
    reply(402, "{\"error_code\":\"FEATURE_NOT_AVAILABLE\",\"detail\":\"Incognito chats are not available\"}");
    ApiException e = failure(ApiException.class,
        () -> onyx.createChatSession(CreateChatSessionRequest.builder().incognito(true).build()));
    assertThat(e.statusCode()).isEqualTo(402);
    assertThat(e.errorCode()).contains("FEATURE_NOT_AVAILABLE");
  }
}
