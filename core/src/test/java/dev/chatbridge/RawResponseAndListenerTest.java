package dev.chatbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw responses, per-call options and listeners on the real transport, against MockWebServer. */
class RawResponseAndListenerTest {
  private static final String KEY = "sk-raw-1a2b3c4d5e";
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private ChatConfig.Builder config() {
    return ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString()).apiKey(KEY).maxRetries(1);
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  @Test
  void rawResponseHasStatusRequestIdAndScrubbedHeadersWithoutCookies() {
    server.enqueue(json(201, "{\"id\":\"s-1\"}").setHeader("Request-Id", "create-7"));
    server.enqueue(json(200, "{\"text\":\"hello back\"}").setHeader("X-Request-Id", "req-42")
        .addHeader("Set-Cookie", "session=secret").setHeader("X-Echo", "you sent " + KEY));
    try (ChatClient client = ChatClient.of(new TestBackend("test", config().build()), config().build())) {
      RawResponse<ChatSession> created = client.withRawResponse().createSession();
      assertEquals(201, created.statusCode());
      assertEquals("create-7", created.requestId().orElseThrow(), "request-id when there is no x-request-id");
      RawResponse<ChatReply> raw = created.value().withRawResponse().send(MessageRequest.of("hello"));
      assertEquals("hello back", raw.value().text());
      assertEquals(200, raw.statusCode());
      assertEquals("req-42", raw.requestId().orElseThrow());
      assertEquals(List.of("req-42"), raw.headers().get("X-REQUEST-ID"), "looked up in any case");
      assertFalse(raw.headers().containsKey("set-cookie"), "cookies are left out: " + raw.headers());
      String echo = raw.headers().get("x-echo").get(0);
      assertFalse(echo.contains(KEY), echo);
      assertTrue(echo.contains("[redacted]"), echo);
    }
  }

  @Test
  void bodyFieldsMergeIntoTheMarkedRequestAndHeadersGoOnIt() throws Exception {
    server.enqueue(json(201, "{\"id\":\"s-1\"}"));
    server.enqueue(json(200, "{\"text\":\"ok\"}"));
    try (ChatClient client = ChatClient.of(new TestBackend("test", config().build()), config().build())) {
      ChatSession session = client.createSession();
      RequestOptions options = RequestOptions.builder().header("X-Trace", "t-9").bodyField("text", "overridden")
          .bodyField("temperature", 0.5).build();
      session.send(MessageRequest.of("original"), options);
    }
    RecordedRequest create = server.takeRequest();
    assertEquals(null, create.getHeader("X-Trace"), "the create had no options");
    RecordedRequest send = server.takeRequest();
    assertEquals("t-9", send.getHeader("X-Trace"));
    assertEquals("Bearer " + KEY, send.getHeader("Authorization"), "the configured key stays");
    assertEquals("{\"text\":\"overridden\",\"temperature\":0.5}", send.getBody().readUtf8());
  }

  /** A backend that marks no request primary cannot apply body fields: said once, not dropped without a word. */
  @Test
  void bodyFieldsNoRequestCarriedAreWarnedAboutOnce() {
    RequestOptions fields = RequestOptions.builder().bodyField("temperature", 0.5).build();
    List<String> warnings;
    try (Warnings w = new Warnings(); ChatClient client = new ScriptedBackend().client()) {
      warnings = w.messages;
      client.createSession(SessionOptions.defaults(), RequestOptions.builder().timeout(Duration.ofSeconds(5)).build());
      assertEquals(0, warnings.size(), "no body fields, nothing to say");
      client.createSession(SessionOptions.defaults(), fields);
      client.createSession(SessionOptions.defaults(), fields);
    }
    assertEquals(1, warnings.size(), "once per client: " + warnings);
    assertTrue(warnings.get(0).contains("bodyFields were not sent"), warnings.get(0));
  }

  @Test
  void credentialHeadersNeedConsent() {
    assertThrows(IllegalArgumentException.class,
        () -> RequestOptions.builder().header("authorization", "Bearer other").build());
    assertThrows(IllegalArgumentException.class, () -> RequestOptions.builder().header("Host", "evil").build());
    assertThrows(IllegalArgumentException.class, () -> RequestOptions.builder().header("Bad Name", "x").build());
    assertThrows(IllegalArgumentException.class, () -> RequestOptions.builder().header("X-A", "a\r\nb").build());
  }

  @Test
  void aThrowingListenerIsLoggedAndTheOthersAreStillTold() {
    Warnings warnings = new Warnings();
    List<ChatOperation> told = new CopyOnWriteArrayList<>();
    ChatConfig config = config()
        .listener(new ChatListener() {
          @Override
          public void onEnd(ChatOperation op) {
            throw new IllegalStateException("listener bug");
          }
        })
        .listener(new ChatListener() {
          @Override
          public void onEnd(ChatOperation op) {
            told.add(op);
          }
        })
        .build();
    server.enqueue(json(201, "{\"id\":\"s-1\"}"));
    server.enqueue(json(404, "{\"error\":\"gone\"}"));
    try (ChatClient client = ChatClient.of(new TestBackend("test", config), config)) {
      ChatSession session = client.createSession();
      assertEquals("s-1", session.id());
      NotFoundException e = assertThrows(NotFoundException.class, () -> session.send("x"));
      assertEquals(404, e.statusCode());
    } finally {
      warnings.close();
    }
    assertEquals(2, told.size());
    assertEquals(ChatOperation.Outcome.SUCCESS, told.get(0).outcome());
    assertEquals(ChatOperation.Outcome.ERROR, told.get(1).outcome());
    assertEquals("NotFoundException", told.get(1).errorType());
    assertEquals(2, warnings.records.size(), "each throw logged");
    assertTrue(warnings.messages.get(0).contains("onEnd"), warnings.messages.get(0));
    assertTrue(warnings.records.get(0).getThrown() instanceof IllegalStateException);
  }
}
