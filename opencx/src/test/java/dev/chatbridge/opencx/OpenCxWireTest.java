package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.Page;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.internal.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wire-level tests on MockWebServer with bodies shaped exactly like the OpenCX docs' examples. */
class OpenCxWireTest {
  private static final String KEY = "sk-opencx-test-123";
  private static final String SID = "3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a13";
  private static final String MSG = "9b2d4f6a-1c3e-4a5b-8d7f-0e2c4a6b8d10";

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private ChatConfig.Builder config() {
    return ChatConfig.builder().vendor("opencx").baseUrl(server.url("/").toString()).apiKey(KEY)
        .callTimeout(Duration.ofSeconds(10));
  }

  /** These tests script every poll's answer, so the send returns at the first reply (OpenCxWholeReplyTest: more). */
  private ChatClient chat() {
    return ChatClients.create(config().option(OpenCxProvider.OPTION_REPLY_QUIET_MS, "0").build());
  }

  private OpenCxClient typed() {
    return OpenCxClient.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build();
  }

  /** The history page the neutral send reads before it sends (the snapshot a lost answer is recovered from). */
  private void snapshot(String... items) {
    server.enqueue(json(200, "{\"items\":[" + String.join(",", items) + "],\"next\":null}"));
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return Json.parse(r.getBody().readUtf8());
  }

  private static JsonNode tree(String json) throws Exception {
    return Json.parse(json);
  }

  // ---- create

  @Test
  void createSendsTheDocumentedBodyWithBearerAuth() throws Exception {
    server.enqueue(json(200, "{\"id\":\"" + SID + "\"}"));
    try (OpenCxClient opencx = typed()) {
      String id = opencx.createSession(CreateSessionRequest.builder()
          .channel(ChannelType.WHATSAPP)
          .verified(true)
          .customData("order_id", "ord_123")
          .customData("cart_value", 149.99)
          .customData("priority", true)
          .contact(ContactInput.builder().email("ana@example.com").name("Ana").phoneNumber("+15550100")
              .customData("plan", "pro").build())
          .build());
      assertThat(id).isEqualTo(SID);
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/chat/sessions");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(body(r)).isEqualTo(tree("{\"channel\":{\"type\":\"whatsapp\"},\"verified\":true,"
        + "\"custom_data\":{\"order_id\":\"ord_123\",\"cart_value\":149.99,\"priority\":true},"
        + "\"contact\":{\"email\":\"ana@example.com\",\"name\":\"Ana\",\"phone_number\":\"+15550100\","
        + "\"custom_data\":{\"plan\":\"pro\"}}}"));
  }

  @Test
  void fromEnvReadsTheChatBridgeKeysWhateverTheVendorSays() throws Exception {
    server.enqueue(json(200, "{\"id\":\"" + SID + "\"}"));
    String[] keys = {"chatbridge.vendor", "chatbridge.base-url", "chatbridge.api-key"};
    String[] saved = new String[keys.length];
    for (int i = 0; i < keys.length; i++) saved[i] = System.getProperty(keys[i]);
    try {
      System.setProperty("chatbridge.vendor", "onyx");
      System.setProperty("chatbridge.base-url", server.url("/").toString());
      System.setProperty("chatbridge.api-key", KEY);
      try (OpenCxClient opencx = OpenCxClient.fromEnv()) {
        assertThat(opencx.createSession()).isEqualTo(SID);
      }
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (saved[i] == null) System.clearProperty(keys[i]);
        else System.setProperty(keys[i], saved[i]);
      }
    }
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void aMissingApiKeyFailsAtCreateNamingTheKey() {
    assertThatThrownBy(() -> ChatClients.create(ChatConfig.builder().vendor("opencx").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.api-key");
  }

  @Test
  void createAccepts201AsWellAs200() {
    server.enqueue(json(201, "{\"id\":\"" + SID + "\"}"));
    try (OpenCxClient opencx = typed()) {
      assertThat(opencx.createSession()).isEqualTo(SID);
    }
  }

  @Test
  void neutralCreateMapsContactIdMetadataAndChannelOption() throws Exception {
    server.enqueue(json(200, "{\"id\":\"" + SID + "\"}"));
    String contact = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    try (ChatClient client = ChatClients.create(config().option("channel", "web").build())) {
      ChatSession s = client.createSession(SessionOptions.builder().title("ignored by OpenCX").contactId(contact)
          .metadata("order_id", "ord_123").metadata("cart_value", 149.99).build());
      assertThat(s.id()).isEqualTo(SID);
    }
    assertThat(body(server.takeRequest())).isEqualTo(tree("{\"contact_id\":\"" + contact + "\","
        + "\"channel\":{\"type\":\"web\"},\"custom_data\":{\"order_id\":\"ord_123\",\"cart_value\":149.99}}"));
  }

  @Test
  void channelDefaultsToApi() throws Exception {
    server.enqueue(json(200, "{\"id\":\"" + SID + "\"}"));
    try (ChatClient client = chat()) {
      client.createSession();
    }
    assertThat(body(server.takeRequest())).isEqualTo(tree("{\"channel\":{\"type\":\"api\"}}"));
  }

  @Test
  void nestedCustomDataIsRefusedBeforeAnythingIsSent() {
    try (OpenCxClient opencx = typed()) {
      assertThatThrownBy(() -> opencx.createSession(CreateSessionRequest.builder()
          .customData("order_id", "ord_123")
          .customData("shipping", Map.of("city", "Lisbon"))
          .build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.statusCode()).isZero();
            assertThat(e.getMessage()).contains("'shipping'").contains("nested");
          });
      assertThatThrownBy(() -> opencx.send(SID, SendMessageRequest.fromContact("hi")
          .customData("tags", List.of("a", "b")).build()))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'tags'");
      assertThatThrownBy(() -> opencx.createSession(CreateSessionRequest.builder()
          .contact(ContactInput.builder().customData(Map.of("age", 42)).build()).build()))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("contact.custom_data 'age'");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- send: every documented response shape

  @Test
  void sendReadsThe2024AiResponseShape() throws Exception {
    snapshot();
    server.enqueue(json(201, "{\"ai_response\":{\"text\":\"Your order ships tomorrow.\"}}"));
    try (ChatClient client = chat()) {
      ChatReply reply = client.session(SID).send("Where is my order?");
      assertThat(reply.text()).isEqualTo("Your order ships tomorrow.");
      assertThat(reply.message().role()).isEqualTo(Role.ASSISTANT);
      assertThat(reply.message().vendorData()).containsEntry("response_shape", "ai_response");
    }
    assertThat(server.takeRequest().getPath()).as("the snapshot").isEqualTo("/chat/sessions/" + SID + "/history");
    RecordedRequest r = server.takeRequest();
    assertThat(r.getPath()).isEqualTo("/chat/sessions/" + SID + "/send");
    assertThat(body(r)).isEqualTo(tree(
        "{\"sender\":\"contact\",\"message\":{\"type\":\"text\",\"text\":\"Where is my order?\"}}"));
    assertThat(server.getRequestCount()).as("inline reply: no polling, only the snapshot").isEqualTo(2);
  }

  private static final String AUTOPILOT = "{\"success\":true,\"code\":null,"
      + "\"autopilotResponse\":{\"type\":\"text\",\"value\":{\"error\":false,\"content\":\"It ships tomorrow.\"},"
      + "\"id\":\"ap-77\",\"mightSolveUserIssue\":true,\"completelyAndFullyCoveredUserIssue\":false,"
      + "\"debugInfo\":{\"tokens\":12},\"mode\":{\"id\":\"m1\",\"name\":\"Orders\",\"slug\":\"orders\"},"
      + "\"didExitMode\":false},"
      + "\"uiResponse\":{\"type\":\"ui\",\"value\":{\"type\":\"ui_component\",\"name\":\"order_card\","
      + "\"content\":\"ord_123\",\"request_response\":{}},\"mightSolveUserIssue\":true},"
      + "\"sessionIsHandedOff\":false}";

  @Test
  void sendReadsTheAutopilotShape() {
    snapshot();
    server.enqueue(json(201, AUTOPILOT));
    try (ChatClient client = chat()) {
      ChatReply reply = client.session(SID).send("Where is my order?");
      assertThat(reply.text()).isEqualTo("It ships tomorrow.");
      assertThat(reply.message().id()).isEqualTo("ap-77");
      assertThat(reply.message().vendorData()).containsEntry("response_shape", "autopilot")
          .containsKeys("autopilotResponse", "uiResponse");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void sendReadsTheWrappedAutopilotShapeWithResolveArgs() {
    String inner = AUTOPILOT.substring(1, AUTOPILOT.length() - 1).replace("\"success\":true,", "");
    server.enqueue(json(200, "{\"success\":true,\"data\":{" + inner
        + ",\"resolveArgs\":{\"summary\":\"Order status\",\"sentiment\":\"happy\"},"
        + "\"toolCallResultsQuickReplySuggestions\":[{\"tool_name\":\"track\",\"suggestions\":[\"Track it\"]}]}}"));
    try (OpenCxClient opencx = typed()) {
      SendMessageResponse r = opencx.send(SID, "Where is my order?");
      assertThat(r.shape()).isEqualTo(SendMessageResponse.Shape.AUTOPILOT_WRAPPED);
      assertThat(r.replyText()).contains("It ships tomorrow.");
      assertThat(r.replyId()).contains("ap-77");
      assertThat(r.resolveArgs()).containsEntry("summary", "Order status").containsEntry("sentiment", "happy");
      assertThat(r.uiResponse()).containsEntry("type", "ui");
      assertThat(r.raw()).containsKey("data");
    }
  }

  @Test
  void messageIdOnlySendPollsTheHistoryUntilTheAiReplyAppears() throws Exception {
    String ours = historyItem(MSG, "2025-03-01T10:00:00.000Z", "contact", "Ana", "Where is my order?");
    String older = historyItem("a0", "2025-03-01T09:00:00.000Z", "ai", "AI", "Earlier answer");
    snapshot(older);
    server.enqueue(json(200, "{\"success\":true,\"data\":{\"message\":{\"id\":\"" + MSG + "\"}}}"));
    server.enqueue(json(200, "{\"items\":[" + older + "," + ours + "],\"next\":null}"));
    server.enqueue(json(200, "{\"items\":[" + older + "," + ours + ","
        + historyItem("a1", "2025-03-01T10:00:02.000Z", "ai", "AI", "It ships tomorrow.") + "],\"next\":null}"));
    try (ChatClient client = chat()) {
      ChatReply reply = client.session(SID).send("Where is my order?");
      assertThat(reply.text()).isEqualTo("It ships tomorrow.");
      assertThat(reply.message().id()).isEqualTo("a1");
      assertThat(reply.message().role()).isEqualTo(Role.ASSISTANT);
      assertThat(reply.userMessageId()).contains(MSG);
      assertThat(reply.message().createdAt()).contains(Instant.parse("2025-03-01T10:00:02Z"));
    }
    assertThat(server.takeRequest().getPath()).isEqualTo("/chat/sessions/" + SID + "/history");
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
    assertThat(server.takeRequest().getPath()).isEqualTo("/chat/sessions/" + SID + "/history");
    assertThat(server.takeRequest().getPath()).isEqualTo("/chat/sessions/" + SID + "/history");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aFailedPollIsPolledAgainWithinTheDeadline() throws Exception {
    String ours = historyItem(MSG, "2025-03-01T10:00:00.000Z", "contact", "Ana", "hi");
    snapshot();
    server.enqueue(json(200, "{\"success\":true,\"data\":{\"message\":{\"id\":\"" + MSG + "\"}}}"));
    server.enqueue(json(502, "{\"statusCode\":502,\"message\":\"Bad Gateway\"}"));
    server.enqueue(json(200, "{\"items\":[" + ours + ","
        + historyItem("a1", "2025-03-01T10:00:02.000Z", "ai", "AI", "Hello!") + "],\"next\":null}"));
    try (ChatClient client = chat()) {
      assertThat(client.session(SID).send("hi").text()).isEqualTo("Hello!");
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aiResponseErrorIsAnApiExceptionWithTheVendorText() {
    snapshot();
    server.enqueue(json(201, "{\"ai_response\":{\"text\":\"\",\"error\":{\"message\":\"Model overloaded\"}}}"));
    try (ChatClient client = chat()) {
      assertThatThrownBy(() -> client.session(SID).send("hi"))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.serverMessage()).contains("Model overloaded");
            assertThat(e.errorCode()).contains("ai_error");
            assertThat(e.vendor()).isEqualTo("opencx");
          });
    }
    assertThat(server.getRequestCount()).as("an AI error is not waited on").isEqualTo(2);
  }

  @Test
  void autopilotErrorFlagIsAnApiExceptionWithTheVendorText() {
    snapshot();
    server.enqueue(json(201, AUTOPILOT.replace("\"error\":false,\"content\":\"It ships tomorrow.\"",
        "\"error\":true,\"content\":\"I could not reach the order system\"")));
    try (ChatClient client = chat()) {
      assertThatThrownBy(() -> client.session(SID).send("hi"))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("I could not reach the order system");
    }
  }

  @Test
  void handedOffSendWaitsForTheHumanAgentReply() throws Exception {
    snapshot();
    server.enqueue(json(201, "{\"success\":true,\"code\":\"session_assigned_to_human_agent\","
        + "\"autopilotResponse\":null,\"uiResponse\":null,\"sessionIsHandedOff\":true}"));
    String ours = historyItem(MSG, "2025-03-01T10:00:00.000Z", "contact", "Ana", "Can a person help?");
    server.enqueue(json(200, "{\"items\":[" + ours + ","
        + historyItem("h1", "2025-03-01T10:01:00.000Z", "human_agent", "Dana", "Hi, Dana here.") + "],"
        + "\"next\":null}"));
    try (ChatClient client = chat()) {
      ChatReply reply = client.session(SID).send("Can a person help?");
      assertThat(reply.text()).isEqualTo("Hi, Dana here.");
      assertThat(reply.message().role()).isEqualTo(Role.AGENT);
      assertThat(reply.message().vendorData()).containsEntry("sender", Map.of("type", "human_agent", "name", "Dana"));
    }
  }

  @Test
  void noReplyCodeReturnsAnEmptyReplyAtOnce() {
    snapshot();
    server.enqueue(json(201, "{\"success\":true,\"code\":\"duplicate_message_ignored\",\"autopilotResponse\":null,"
        + "\"uiResponse\":null,\"sessionIsHandedOff\":false}"));
    try (ChatClient client = chat()) {
      ChatReply reply = client.session(SID).send("hi");
      assertThat(reply.text()).isEmpty();
      assertThat(reply.finishReason()).contains("duplicate_message_ignored");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void pollTimeoutIsATimeoutExceptionNamingTheSession() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getMethod().equals("POST")) {
          return json(200, "{\"success\":true,\"data\":{\"message\":{\"id\":\"" + MSG + "\"}}}");
        }
        return json(200, "{\"items\":[" + historyItem(MSG, "2025-03-01T10:00:00.000Z", "contact", null, "hello")
            + "],\"next\":null}");
      }
    });
    try (ChatClient client = ChatClients.create(config().callTimeout(Duration.ofMillis(900)).build())) {
      assertThatThrownBy(() -> client.session(SID).send("hello"))
          .isInstanceOf(ChatTimeoutException.class)
          .hasMessageContaining(SID)
          .hasMessageContaining("not re-sent");
    }
    int posts = 0;
    int gets = 0;
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest r = takeNow();
      if (r.getMethod().equals("POST")) posts++;
      else gets++;
    }
    assertThat(posts).as("the message is sent once").isEqualTo(1);
    assertThat(gets).as("the snapshot, then polled with backoff: at once, +250 ms, +500 ms").isBetween(3, 5);
  }

  @Test
  void historyReadThatHangsPastTheDeadlineIsATimeoutNamingTheSession() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getMethod().equals("POST")) {
          return json(200, "{\"success\":true,\"data\":{\"message\":{\"id\":\"" + MSG + "\"}}}");
        }
        return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
      }
    });
    try (ChatClient client = ChatClients.create(config().callTimeout(Duration.ofMillis(600)).maxRetries(0).build())) {
      assertThatThrownBy(() -> client.session(SID).send("hello"))
          .isInstanceOf(ChatTimeoutException.class)
          .hasMessageContaining(SID);
    }
  }

  @Test
  void aHistoryThatKeepsPagingCannotStretchThePollPastTheDeadline() {
    java.util.concurrent.atomic.AtomicInteger page = new java.util.concurrent.atomic.AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getMethod().equals("POST")) {
          return json(200, "{\"success\":true,\"data\":{\"message\":{\"id\":\"" + MSG + "\"}}}");
        }
        // every page points at a new one: only the deadline ends the walk
        return json(200, "{\"items\":[],\"next\":\"cursor-" + page.incrementAndGet() + "\"}")
            .setBodyDelay(50, TimeUnit.MILLISECONDS);
      }
    });
    try (ChatClient client = ChatClients.create(config().callTimeout(Duration.ofMillis(800)).maxRetries(0).build())) {
      assertThatThrownBy(() -> client.session(SID).send("hello"))
          .isInstanceOf(ChatTimeoutException.class)
          .hasMessageContaining(SID)
          .hasMessageContaining("not re-sent");
    }
    assertThat(page.get()).as("pages read before the deadline").isLessThan(100);
  }

  @Test
  void aReadThatHangsIsATimeoutNotACancel() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    try (ChatClient client = ChatClients.create(config().callTimeout(Duration.ofMillis(500)).maxRetries(0).build())) {
      assertThatThrownBy(() -> client.getSession(SID)).isInstanceOf(ChatTimeoutException.class);
    }
  }

  private RecordedRequest takeNow() {
    try {
      return server.takeRequest(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void streamYieldsTheWholeReplyAsOneDelta() {
    snapshot();
    server.enqueue(json(201, "{\"ai_response\":{\"text\":\"All done.\"}}"));
    try (ChatClient client = chat()) {
      assertThat(client.capabilities()).doesNotContain(Capability.STREAMING);
      List<ChatEvent> events = new ArrayList<>();
      try (ChatStream stream = client.session(SID).stream("go")) {
        stream.forEach(events::add);
      }
      assertThat(events).hasSize(2);
      assertThat(((ChatEvent.TextDelta) events.get(0)).text()).isEqualTo("All done.");
      assertThat(events.get(1)).isInstanceOf(ChatEvent.Completed.class);
    }
  }

  @Test
  void agentSendWithTakeoverSendsTheAgentFields() throws Exception {
    server.enqueue(json(200, "{\"success\":true,\"data\":{\"message\":{\"id\":\"" + MSG + "\"}}}"));
    try (OpenCxClient opencx = typed()) {
      SendMessageResponse r = opencx.send(SID, SendMessageRequest
          .fromAgent(SendMessageRequest.Agent.of(42, "Dana", "https://cdn.example.com/dana.png"), "I'm here")
          .takeOverFromAi(true)
          .attachment(SendMessageRequest.FileInput.ofUrl("label.pdf", "https://example.com/l.pdf", "application/pdf"))
          .build());
      assertThat(r.shape()).isEqualTo(SendMessageResponse.Shape.MESSAGE_ID);
      assertThat(r.messageId()).contains(MSG);
      assertThat(r.hasInlineReply()).isFalse();
    }
    assertThat(body(server.takeRequest())).isEqualTo(tree("{\"sender\":\"agent\",\"message\":{\"type\":\"text\","
        + "\"text\":\"I'm here\",\"attachments\":[{\"name\":\"label.pdf\",\"url\":\"https://example.com/l.pdf\","
        + "\"mime_type\":\"application/pdf\"}]},\"agent\":{\"id\":42,\"name\":\"Dana\","
        + "\"avatar_url\":\"https://cdn.example.com/dana.png\"},\"should_take_over_session_from_ai\":true}"));
  }

  // ---- history, get, list

  private static String historyItem(String id, String at, String sender, String name, String text) {
    return "{\"id\":\"" + id + "\",\"created_at\":\"" + at + "\",\"event\":{\"type\":\"message\","
        + "\"sender\":{\"type\":\"" + sender + "\",\"name\":" + (name == null ? "null" : "\"" + name + "\"") + "},"
        + "\"content\":{\"type\":\"text\",\"text\":\"" + text + "\"},\"attachments\":[],\"context\":{}}}";
  }

  @Test
  void historyMapsSendersAndKeepsOtherEventsAsSystemMessages() throws Exception {
    server.enqueue(json(200, "{\"items\":["
        + historyItem("e1", "2025-03-01T10:00:00.000Z", "contact", "Ana", "I need help")
        + "," + historyItem("e2", "2025-03-01T10:00:01.000Z", "ai", "AI", "Sure, with what?")
        + ",{\"id\":\"e3\",\"created_at\":\"2025-03-01T10:00:02.000Z\",\"event\":{\"type\":\"handoff\","
        + "\"integration\":{\"type\":\"zendesk\"}}}],\"next\":\"cur-2\"}"));
    server.enqueue(json(200, "{\"items\":["
        + "{\"id\":\"e4\",\"created_at\":\"2025-03-01T10:01:00.000Z\",\"event\":{\"type\":\"human_agent_joined\","
        + "\"human_agent_id\":7}},"
        + "{\"id\":\"e5\",\"created_at\":\"2025-03-01T10:01:05.000Z\",\"event\":{\"type\":\"message\","
        + "\"sender\":{\"type\":\"human_agent\",\"name\":\"Dana\"},\"content\":{\"type\":\"text\",\"text\":\"Hi Ana\"},"
        + "\"attachments\":[{\"id\":\"f1\",\"name\":\"guide.pdf\",\"size\":1024,\"type\":\"application/pdf\","
        + "\"url\":\"https://files.example.com/guide.pdf\"}],\"context\":{}}}],\"next\":null}"));
    try (ChatClient client = chat()) {
      List<Message> history = client.session(SID).history();
      assertThat(history).extracting(Message::id).containsExactly("e1", "e2", "e3", "e4", "e5");
      assertThat(history).extracting(Message::role)
          .containsExactly(Role.USER, Role.ASSISTANT, Role.SYSTEM, Role.SYSTEM, Role.AGENT);
      assertThat(history.get(0).text()).isEqualTo("I need help");
      assertThat(history.get(2).vendorData()).containsEntry("event_type", "handoff")
          .containsEntry("integration", Map.of("type", "zendesk"));
      assertThat(history.get(3).vendorData()).containsEntry("event_type", "human_agent_joined")
          .containsEntry("human_agent_id", 7L);
      Message agent = history.get(4);
      assertThat(agent.attachments()).hasSize(1);
      assertThat(agent.attachments().get(0).name()).contains("guide.pdf");
      assertThat(agent.attachments().get(0).url()).contains("https://files.example.com/guide.pdf");
      assertThat(agent.attachments().get(0).mimeType()).contains("application/pdf");
      assertThat(agent.sessionId()).isEqualTo(SID);
    }
    assertThat(server.takeRequest().getPath()).isEqualTo("/chat/sessions/" + SID + "/history");
    assertThat(server.takeRequest().getPath()).isEqualTo("/chat/sessions/" + SID + "/history?cursor=cur-2");
  }

  @Test
  void historyInDescendingOrderIsReturnedOldestFirst() {
    server.enqueue(json(200, "{\"items\":["
        + historyItem("e2", "2025-03-01T10:00:01.000Z", "ai", "AI", "Second") + ","
        + historyItem("e1", "2025-03-01T10:00:00.000Z", "contact", "Ana", "First") + "],\"next\":null}"));
    try (ChatClient client = chat()) {
      assertThat(client.session(SID).history()).extracting(Message::text).containsExactly("First", "Second");
    }
  }

  private static final String SESSION = "{\"id\":\"" + SID + "\",\"status\":\"open\",\"ai_closure_type\":null,"
      + "\"sentiment\":\"neutral\",\"channel\":{\"type\":\"api\"},\"ticket_number\":1042,\"assist_mode\":false,"
      + "\"created_at\":\"2025-03-01T10:00:00.000Z\",\"updated_at\":\"2025-03-01T10:05:00.000Z\","
      + "\"contact\":{\"id\":\"c-1\",\"email\":null,\"phone_number\":null,\"name\":\"Ana\",\"custom_data\":{},"
      + "\"non_verified_name\":null,\"non_verified_email\":null,\"non_verified_custom_data\":{}},"
      + "\"language\":\"en\",\"assignee_id\":null,\"custom_data\":{\"order_id\":\"ord_123\"},"
      + "\"team\":{\"id\":\"t-1\",\"name\":\"Support\",\"description\":null},"
      + "\"ticketing_system\":{\"name\":\"dynamics365\",\"external_id\":\"X-1\",\"id_type\":\"case_id\"},"
      + "\"brand_new_field\":\"kept\"}";

  @Test
  void getSessionReadsTheModelAndKeepsUnknownFields() {
    server.enqueue(json(200, SESSION.replace("\"channel\":{\"type\":\"api\"}", "\"channel\":{\"type\":\"telegram\"}")
        .replace("\"status\":\"open\"", "\"status\":\"snoozed\"")));
    try (OpenCxClient opencx = typed()) {
      OpenCxSession s = opencx.getSession(SID);
      assertThat(s.id()).isEqualTo(SID);
      assertThat(s.status().value()).isEqualTo("snoozed");
      assertThat(s.status().isKnown()).isFalse();
      assertThat(s.channel()).isEqualTo(ChannelType.of("telegram"));
      assertThat(s.ticketNumber()).isEqualTo(1042L);
      assertThat(s.contact().name()).isEqualTo("Ana");
      assertThat(s.customData()).containsEntry("order_id", "ord_123");
      assertThat(s.ticketingSystem()).containsEntry("name", "dynamics365");
      assertThat(s.additionalProperties()).containsEntry("brand_new_field", "kept");
      assertThat(s.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    }
  }

  @Test
  void neutralGetSessionCombinesSessionAndHistory() {
    server.enqueue(json(200, SESSION));
    server.enqueue(json(200, "{\"items\":[" + historyItem("e1", "2025-03-01T10:00:00.000Z", "contact", "Ana", "hi")
        + "],\"next\":null}"));
    try (ChatClient client = chat()) {
      SessionDetails d = client.getSession(SID);
      assertThat(d.summary().status()).contains("open");
      assertThat(d.summary().updatedAt()).contains(Instant.parse("2025-03-01T10:05:00Z"));
      assertThat(d.summary().vendorData()).containsEntry("brand_new_field", "kept").containsKey("custom_data");
      assertThat(d.messages()).extracting(Message::text).containsExactly("hi");
    }
  }

  @Test
  void listFollowsTheCursorAndSendsTheFilters() throws Exception {
    String second = SESSION.replace(SID, "b7e1c0de-0000-4000-8000-000000000002");
    server.enqueue(json(200, "{\"items\":[" + SESSION + "],\"next\":\"eyJvZmZzZXQiOjF9\"}"));
    server.enqueue(json(200, "{\"items\":[" + second + "],\"next\":null}"));
    try (OpenCxClient opencx = typed()) {
      List<String> ids = new ArrayList<>();
      opencx.listSessions(ListSessionsParams.builder().status(SessionStatus.OPEN).handedOff(false)
              .channelType(ChannelType.API).createdAfter(Instant.parse("2025-01-01T00:00:00Z")).build())
          .autoPaging().forEach(s -> ids.add(s.id()));
      assertThat(ids).containsExactly(SID, "b7e1c0de-0000-4000-8000-000000000002");
    }
    RecordedRequest first = server.takeRequest();
    assertThat(first.getRequestUrl().queryParameter("status")).isEqualTo("open");
    assertThat(first.getRequestUrl().queryParameter("handed_off")).isEqualTo("false");
    assertThat(first.getRequestUrl().queryParameter("channel_type")).isEqualTo("api");
    assertThat(first.getRequestUrl().queryParameter("created_after")).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(first.getRequestUrl().queryParameter("cursor")).isNull();
    RecordedRequest next = server.takeRequest();
    assertThat(next.getRequestUrl().queryParameter("cursor")).isEqualTo("eyJvZmZzZXQiOjF9");
    assertThat(next.getRequestUrl().queryParameter("status")).isEqualTo("open");
  }

  @Test
  void neutralListMapsSummaries() {
    server.enqueue(json(200, "{\"items\":[" + SESSION + "],\"next\":null}"));
    try (ChatClient client = chat()) {
      Page<SessionSummary> page = client.listSessions();
      assertThat(page.items()).hasSize(1);
      assertThat(page.items().get(0).id()).isEqualTo(SID);
      assertThat(page.items().get(0).status()).contains("open");
      assertThat(page.hasNext()).isFalse();
    }
  }

  @Test
  void filterPostsThePageRequestAndReadsTheDataEnvelope() throws Exception {
    server.enqueue(json(200, "{\"data\":[" + SESSION + "],\"page\":2,\"limit\":10,\"has_next\":true,"
        + "\"has_previous\":true}"));
    try (OpenCxClient opencx = typed()) {
      FilterSessionsResult r = opencx.filterSessions(FilterSessionsRequest.builder()
          .filter("status", List.of("open")).filter("language", "en")
          .sortBy("created_at").sortOrder("asc").page(2).limit(10).build());
      assertThat(r.sessions()).extracting(OpenCxSession::id).containsExactly(SID);
      assertThat(r.page()).isEqualTo(2);
      assertThat(r.hasNext()).isTrue();
      assertThat(r.hasPrevious()).isTrue();
    }
    RecordedRequest req = server.takeRequest();
    assertThat(req.getPath()).isEqualTo("/chat/sessions/filter");
    assertThat(body(req)).isEqualTo(tree("{\"filters\":{\"status\":[\"open\"],\"language\":\"en\"},"
        + "\"sort_by\":\"created_at\",\"sort_order\":\"asc\",\"page\":2,\"limit\":10}"));
  }

  @Test
  void searchSendsQAndReadsContactsAndMessages() throws Exception {
    server.enqueue(json(200, "{\"contacts\":[{\"id\":\"c-1\",\"name\":\"Ana\",\"email\":\"ana@example.com\","
        + "\"phone\":null}],\"messages\":[{\"id\":\"e1\",\"session_id\":\"" + SID + "\","
        + "\"message\":\"refund please\",\"type\":\"contact\"}]}"));
    try (OpenCxClient opencx = typed()) {
      SearchResult r = opencx.searchSessions("refund & more");
      assertThat(r.contacts()).extracting(SearchResult.ContactHit::email).containsExactly("ana@example.com");
      assertThat(r.messages()).extracting(SearchResult.MessageHit::sessionId).containsExactly(SID);
      assertThat(r.messages().get(0).message()).isEqualTo("refund please");
    }
    assertThat(server.takeRequest().getRequestUrl().queryParameter("q")).isEqualTo("refund & more");
  }

  // ---- update, end, delete, redaction

  @Test
  void endPatchesStatusClosedResolvedAndAcceptsAnEmptyBody() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(200));
    server.enqueue(new MockResponse().setResponseCode(204));
    try (ChatClient client = chat()) {
      client.session(SID).end();
      client.unwrap(OpenCxClient.class).updateSession(SID, UpdateSessionRequest.status(SessionStatus.CLOSED_UNRESOLVED)
          .generateSummaryAndSentimentOnResolve(true).reflectStatusChangeForIntegration(false).build());
    }
    RecordedRequest end = server.takeRequest();
    assertThat(end.getMethod()).isEqualTo("PATCH");
    assertThat(end.getPath()).isEqualTo("/chat/sessions/" + SID);
    assertThat(body(end)).isEqualTo(tree("{\"status\":\"closed_resolved\"}"));
    assertThat(body(server.takeRequest())).isEqualTo(tree("{\"status\":\"closed_unresolved\","
        + "\"generate_summary_and_sentiment_on_resolve\":true,\"reflect_status_change_for_integration\":false}"));
  }

  @Test
  void deleteIsUnsupportedAndSaysHowToClose() {
    try (ChatClient client = chat()) {
      assertThat(client.capabilities()).containsExactlyInAnyOrder(Capability.GET_SESSION, Capability.LIST_SESSIONS,
          Capability.HISTORY, Capability.END_SESSION, Capability.HUMAN_HANDOFF);
      assertThatThrownBy(() -> client.deleteSession(SID))
          .isInstanceOfSatisfying(UnsupportedCapabilityException.class, e -> {
            assertThat(e.capability()).isEqualTo(Capability.DELETE_SESSION);
            assertThat(e.getMessage()).contains("no delete endpoint").contains("end()");
          });
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void redactionSendsCamelCaseBodies() throws Exception {
    server.enqueue(json(201, "{\"success\":true,\"message\":\"Message redacted successfully\",\"itemId\":\"" + MSG
        + "\",\"redactionType\":\"message\",\"affectedCount\":1}"));
    server.enqueue(json(200, "{\"success\":true,\"message\":\"Session redacted successfully\",\"itemId\":\"" + SID
        + "\",\"redactionType\":\"session\",\"affectedCount\":4,\"messagesRedacted\":4}"));
    try (OpenCxClient opencx = typed()) {
      RedactionResult m = opencx.redactMessage(MSG, "GDPR request");
      assertThat(m.redactionType()).isEqualTo("message");
      assertThat(m.affectedCount()).isEqualTo(1L);
      RedactionResult s = opencx.redactSession(SID, null);
      assertThat(s.messagesRedacted()).isEqualTo(4L);
      assertThat(s.itemId()).isEqualTo(SID);
    }
    RecordedRequest rm = server.takeRequest();
    assertThat(rm.getPath()).isEqualTo("/redaction/message");
    assertThat(body(rm)).isEqualTo(tree("{\"messageId\":\"" + MSG + "\",\"reason\":\"GDPR request\"}"));
    RecordedRequest rs = server.takeRequest();
    assertThat(rs.getPath()).isEqualTo("/redaction/session");
    assertThat(body(rs)).isEqualTo(tree("{\"sessionId\":\"" + SID + "\"}"));
  }

  // ---- errors

  @Test
  void errorDtoIsMappedByStatus() {
    server.enqueue(json(404, "{\"statusCode\":404,\"message\":\"Chat session not found\",\"error\":\"Not Found\"}"));
    server.enqueue(json(401, "{\"statusCode\":401,\"message\":\"Unauthorized\"}"));
    try (ChatClient client = chat()) {
      assertThatThrownBy(() -> client.getSession(SID)).isInstanceOfSatisfying(NotFoundException.class, e -> {
        assertThat(e.serverMessage()).isEqualTo("Chat session not found");
        assertThat(e.errorCode()).contains("Not Found");
        assertThat(e.getMessage()).contains("404").contains("Chat session not found");
      });
      assertThatThrownBy(() -> client.listSessions()).isInstanceOf(AuthenticationException.class)
          .hasMessageNotContaining(KEY);
    }
  }

  @Test
  void validationErrorWithMessageArrayKeepsEveryProblem() {
    server.enqueue(json(400, "{\"statusCode\":400,\"message\":[\"custom_data.shipping must be a string, number or "
        + "boolean\",\"channel.type must be one of web, api\"],\"error\":\"Bad Request\"}"));
    try (OpenCxClient opencx = typed()) {
      assertThatThrownBy(() -> opencx.createSession())
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.details()).containsExactly("custom_data.shipping must be a string, number or boolean",
                "channel.type must be one of web, api");
            assertThat(e.getMessage()).contains("custom_data.shipping");
          });
    }
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    snapshot();
    server.enqueue(json(429, "{\"statusCode\":429,\"message\":\"ThrottlerException: Too Many Requests\"}")
        .setHeader("Retry-After", "7"));
    try (ChatClient client = ChatClients.create(config().maxRetries(0).build())) {
      assertThatThrownBy(() -> client.session(SID).send("hi"))
          .isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.serverMessage()).contains("Too Many Requests");
          });
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void blankOrNullSessionIdsAreRefusedBeforeSending() {
    try (OpenCxClient opencx = typed()) {
      for (String bad : new String[] {null, "", "  "}) {
        assertThatThrownBy(() -> opencx.getSession(bad)).isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("session id must not be blank");
        assertThatThrownBy(() -> opencx.send(bad, "hi")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> opencx.closeSession(bad)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> opencx.redactSession(bad, null)).isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("sessionId must not be blank");
      }
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void toStringNamesTheServerNeverTheKey() {
    try (OpenCxClient opencx = typed(); ChatClient client = chat()) {
      assertThat(opencx.toString()).contains("opencx").contains(server.url("/").toString()).doesNotContain(KEY);
      assertThat(client.toString()).doesNotContain(KEY);
    }
  }

  @Test
  void aSessionWithoutIdIsAResponseFormatErrorNotANullPointer() {
    server.enqueue(json(200, "{\"status\":\"open\",\"channel\":{\"type\":\"api\"}}"));
    server.enqueue(json(200, "{\"items\":[{\"status\":\"open\"}],\"next\":null}"));
    try (ChatClient client = chat()) {
      assertThatThrownBy(() -> client.getSession(SID)).isInstanceOf(dev.chatbridge.ResponseFormatException.class)
          .hasMessageContaining("without an 'id'");
      assertThatThrownBy(client::listSessions).isInstanceOf(dev.chatbridge.ResponseFormatException.class);
    }
  }
}
