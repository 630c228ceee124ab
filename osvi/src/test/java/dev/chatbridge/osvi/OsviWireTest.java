package dev.chatbridge.osvi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The typed client against MockWebServer fixtures shaped like OSVI's documented responses. */
class OsviWireTest {
  static final String KEY = "AbCdEfGh12345678";
  static final String AGENT = "agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og";
  static final String LEGACY_ID = "4718a326-417b-4dda-90d0-21fd65a11cb8";
  static final String V1_ID = "9b2f6c3e-1d4a-4c55-8a0e-3f1f0c1b7d21";

  static final String SEED_START = "{\"success\":true,\"data\":{\"session_id\":\"" + LEGACY_ID + "\","
      + "\"agent_name\":\"Support Agent\",\"started_at\":\"2025-12-31T11:40:25.690486\","
      + "\"welcome_message\":\"Hi! How can I help you today?\"}}";

  static final String V1_SESSION = "{\"id\":\"" + V1_ID + "\",\"chat_agent_id\":42,\"account_id\":7,"
      + "\"customer_id\":\"+15551234567\",\"mode\":\"ai\",\"help_requested\":false,\"status\":\"active\","
      + "\"current_state\":null,\"metadata\":{\"input_fields\":{\"plan\":\"gold\"},\"state_fields\":{},"
      + "\"context\":[\"VIP customer\"]},\"active_human\":null,\"created_at\":\"2026-01-15T10:00:00Z\","
      + "\"updated_at\":\"2026-01-15T10:05:30Z\"}";

  MockWebServer server;
  OsviClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = OsviClient.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  void enqueue(int status, String body) {
    server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody(body));
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  static JsonNode json(RecordedRequest r) throws Exception {
    return Json.parse(r.getBody().readUtf8());
  }

  // ------------------------------------------------------------------ legacy

  @Test
  void startChatSessionSendsAgentAndMetadataAndReadsTheSeedResponse() throws Exception {
    enqueue(200, SEED_START);
    LegacyChatSession s = client.startChatSession(AGENT, Map.of("person_name", "Jane Smith"));

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/chat_sessions");
    assertThat(r.getHeader("API-Token")).isEqualTo(KEY);
    assertThat(r.getHeader("Authorization")).isNull();
    assertThat(json(r)).isEqualTo(Json.parse(
        "{\"agent_uuid\":\"" + AGENT + "\",\"metadata\":{\"person_name\":\"Jane Smith\"}}"));

    assertThat(s.sessionId()).isEqualTo(LEGACY_ID);
    assertThat(s.agentName()).contains("Support Agent");
    assertThat(s.welcomeMessage()).contains("Hi! How can I help you today?");
    // zone-less started_at is read as UTC
    assertThat(s.startedAt()).contains(Instant.parse("2025-12-31T11:40:25.690486Z"));
    assertThat(s.additionalProperties()).isEmpty();
  }

  @Test
  void startChatSessionWithoutMetadataSendsOnlyTheAgent() throws Exception {
    enqueue(200, SEED_START);
    client.startChatSession(AGENT);
    assertThat(json(take())).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT + "\"}"));
  }

  @Test
  void olderSnapshotWithNestedDataSuccessIsAccepted() {
    enqueue(200, "{\"success\":true,\"data\":{\"success\":true,\"session_id\":\"" + LEGACY_ID + "\","
        + "\"agent_name\":\"Support Agent\",\"started_at\":\"2025-12-31T11:40:25.690486\","
        + "\"welcome_message\":\"Hi! How can I help you today?\",\"channel\":\"web\"}}");
    LegacyChatSession s = client.startChatSession(AGENT);
    assertThat(s.sessionId()).isEqualTo(LEGACY_ID);
    assertThat(s.additionalProperties()).containsExactly(Map.entry("channel", "web"));
  }

  @Test
  void timestampsWithZoneAndUnreadableOnesAreHandledLeniently() {
    enqueue(200, "{\"success\":true,\"data\":{\"session_id\":\"s1\",\"started_at\":\"2025-12-31T11:40:25+02:00\"}}");
    assertThat(client.startChatSession(AGENT).startedAt()).contains(Instant.parse("2025-12-31T09:40:25Z"));

    enqueue(200, "{\"success\":true,\"data\":{\"session_id\":\"s2\",\"started_at\":\"yesterday\"}}");
    LegacyChatSession s = client.startChatSession(AGENT);
    assertThat(s.startedAt()).isEmpty();
    assertThat(s.additionalProperties()).containsEntry("started_at", "yesterday");
  }

  @Test
  void sendChatMessageSendsAllThreeFieldsAndKeepsToolData() throws Exception {
    enqueue(200, "{\"success\":true,\"data\":{\"session_id\":\"" + LEGACY_ID + "\","
        + "\"response\":\"Your order ships tomorrow.\",\"tool_calls\":[{\"name\":\"order_status\"}],"
        + "\"tool_results\":[{\"status\":\"shipped\"}],\"current_state\":\"order_lookup\"}}");
    LegacyMessageReply reply = client.sendChatMessage(AGENT, LEGACY_ID, "Where is my order?");

    RecordedRequest r = take();
    assertThat(r.getPath()).isEqualTo("/chat_messages/send_message");
    assertThat(json(r)).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT + "\",\"chat_session_id\":\""
        + LEGACY_ID + "\",\"message\":\"Where is my order?\"}"));
    assertThat(reply.sessionId()).isEqualTo(LEGACY_ID);
    assertThat(reply.response()).isEqualTo("Your order ships tomorrow.");
    assertThat(reply.toolCalls()).containsExactly(Map.of("name", "order_status"));
    assertThat(reply.toolResults()).containsExactly(Map.of("status", "shipped"));
    assertThat(reply.currentState()).contains("order_lookup");
  }

  @Test
  void sendChatMessageKeepsAnEmptyResponseAndNullState() {
    enqueue(200, "{\"success\":true,\"data\":{\"success\":true,\"session_id\":\"" + LEGACY_ID + "\","
        + "\"response\":\"\",\"tool_calls\":[],\"tool_results\":[],\"current_state\":null}}");
    LegacyMessageReply reply = client.sendChatMessage(AGENT, LEGACY_ID, "hello");
    assertThat(reply.response()).isEmpty();
    assertThat(reply.currentState()).isEmpty();
    assertThat(reply.toolCalls()).isEmpty();
  }

  @Test
  void closeChatSessionSendsAgentUuidAndKeepsTheSummary() throws Exception {
    enqueue(200, "{\"success\":true,\"data\":{\"session_id\":\"" + LEGACY_ID + "\","
        + "\"summary\":\"The customer asked about an order; the agent confirmed shipping.\"}}");
    LegacyCloseResult result = client.closeChatSession(LEGACY_ID, AGENT);

    RecordedRequest r = take();
    assertThat(r.getPath()).isEqualTo("/chat_sessions/" + LEGACY_ID + "/close_session");
    assertThat(json(r)).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT + "\"}"));
    assertThat(result.sessionId()).isEqualTo(LEGACY_ID);
    assertThat(result.summary()).contains("The customer asked about an order; the agent confirmed shipping.");
  }

  // ------------------------------------------------------------------ errors

  @Test
  void legacyUnauthorizedWithErrorStringIsAnAuthenticationError() {
    enqueue(401, "{\"success\":false,\"error\":\"Invalid API token\"}");
    assertThatThrownBy(() -> client.startChatSession(AGENT))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(401);
          assertThat(e.vendor()).isEqualTo("osvi");
          assertThat(e.serverMessage()).isEqualTo("Invalid API token");
          assertThat(e.getMessage()).contains("Invalid API token").doesNotContain(KEY);
        });
  }

  @Test
  void unauthorizedWithErrorsListIsAnAuthenticationError() {
    enqueue(401, "{\"success\":false,\"errors\":[\"Invalid API token\"]}");
    assertThatThrownBy(() -> client.sendInbound(InboundMessage.builder().agentUuid(AGENT).customerId("c")
        .content("hi").build()))
        .isInstanceOfSatisfying(AuthenticationException.class,
            e -> assertThat(e.serverMessage()).isEqualTo("Invalid API token"));
  }

  @Test
  void validationErrorsListKeepsEveryMessage() {
    enqueue(422, "{\"success\":false,\"errors\":[\"agent_uuid is required\",\"phone_number is invalid\"]}");
    assertThatThrownBy(() -> client.startChatSession(AGENT))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(422);
          assertThat(e.details()).containsExactly("agent_uuid is required", "phone_number is invalid");
          assertThat(e.getMessage()).contains("agent_uuid is required").contains("phone_number is invalid");
        });
  }

  @Test
  void successFalseInsideA200IsAnErrorWithItsMessages() {
    enqueue(200, "{\"success\":false,\"errors\":[\"agent is archived\"]}");
    assertThatThrownBy(() -> client.startChatSession(AGENT))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(200);
          assertThat(e.getMessage()).contains("agent is archived");
        });
    enqueue(200, "{\"success\":true,\"data\":{\"success\":false,\"error\":\"session expired\"}}");
    assertThatThrownBy(() -> client.sendChatMessage(AGENT, LEGACY_ID, "x")).hasMessageContaining("session expired");
  }

  @Test
  void responseWithoutSessionIdIsAFormatError() {
    enqueue(200, "{\"success\":true,\"data\":{\"agent_name\":\"Support Agent\"}}");
    assertThatThrownBy(() -> client.startChatSession(AGENT))
        .isInstanceOf(dev.chatbridge.ResponseFormatException.class)
        .hasMessageContaining("session_id");
  }

  @Test
  void missingRequiredFieldsAreRefusedBeforeSending() {
    assertThatThrownBy(() -> client.sendChatMessage(AGENT, LEGACY_ID, " "))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.statusCode()).isZero();
          assertThat(e.getMessage()).contains("message is required");
        });
    assertThatThrownBy(() -> client.createSession(CreateSessionRequest.builder().agentUuid(AGENT).build()))
        .hasMessageContaining("customer_id is required");
    assertThatThrownBy(() -> client.tell(V1_ID, null)).hasMessageContaining("message is required");
    assertThat(server.getRequestCount()).isZero();
  }

  // ------------------------------------------------------------------ Chat v1

  @Test
  void createSessionSendsCustomerInputFieldsAndContextAndReadsTheSession() throws Exception {
    enqueue(200, "{\"success\":true,\"data\":" + V1_SESSION + "}");
    OsviSession s = client.createSession(CreateSessionRequest.builder()
        .agentUuid(AGENT)
        .customerId("+15551234567")
        .inputField("plan", "gold")
        .context("VIP customer")
        .build());

    RecordedRequest r = take();
    assertThat(r.getPath()).isEqualTo("/v1/chat/session");
    assertThat(r.getHeader("API-Token")).isEqualTo(KEY);
    assertThat(json(r)).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT + "\",\"customer_id\":\"+15551234567\","
        + "\"input_fields\":{\"plan\":\"gold\"},\"context\":[\"VIP customer\"]}"));

    assertThat(s.id()).isEqualTo(V1_ID);
    assertThat(s.chatAgentId()).contains(42L);
    assertThat(s.accountId()).contains(7L);
    assertThat(s.customerId()).contains("+15551234567");
    assertThat(s.mode()).contains(SessionMode.AI);
    assertThat(s.status()).contains(SessionStatus.ACTIVE);
    assertThat(s.helpRequested()).isFalse();
    assertThat(s.currentState()).isEmpty();
    assertThat(s.activeHuman()).isEmpty();
    assertThat(s.metadata().inputFields()).containsExactly(Map.entry("plan", "gold"));
    assertThat(s.metadata().stateFields()).isEmpty();
    assertThat(s.metadata().context()).containsExactly("VIP customer");
    assertThat(s.createdAt()).contains(Instant.parse("2026-01-15T10:00:00Z"));
    assertThat(s.updatedAt()).contains(Instant.parse("2026-01-15T10:05:30Z"));
  }

  @Test
  void unknownEnumValuesAndFieldsAreKept() {
    enqueue(200, "{\"success\":true,\"data\":" + V1_SESSION.replace("\"mode\":\"ai\"", "\"mode\":\"hybrid\"")
        .replace("\"status\":\"active\"", "\"status\":\"archived\"")
        .replace("\"active_human\":null", "\"active_human\":null,\"channel\":\"whatsapp\"") + "}");
    OsviSession s = client.createSession(CreateSessionRequest.builder().agentUuid(AGENT).customerId("c").build());
    assertThat(s.mode().orElseThrow().value()).isEqualTo("hybrid");
    assertThat(s.mode().orElseThrow().isKnown()).isFalse();
    assertThat(s.status().orElseThrow()).isEqualTo(SessionStatus.of("archived"));
    assertThat(s.additionalProperties()).containsExactly(Map.entry("channel", "whatsapp"));
  }

  @Test
  void activeSessionWithAgentIsOneSession() throws Exception {
    enqueue(200, "{\"success\":true,\"data\":" + V1_SESSION + "}");
    Optional<OsviSession> s = client.activeSession("+15551234567", AGENT);

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getRequestUrl().encodedPath()).isEqualTo("/v1/chat/session/active");
    assertThat(r.getRequestUrl().queryParameter("customer_id")).isEqualTo("+15551234567");
    assertThat(r.getRequestUrl().queryParameter("agent_uuid")).isEqualTo(AGENT);
    assertThat(s).map(OsviSession::id).contains(V1_ID);
  }

  @Test
  void activeSessionIsEmptyWhenOsviAnswers404() {
    enqueue(404, "{\"success\":false,\"errors\":[\"No active session found\"]}");
    assertThat(client.activeSession("+15551234567", AGENT)).isEmpty();
  }

  @Test
  void activeSessionsWithoutAgentIsAMapKeyedByAgentUuid() throws Exception {
    String other = "agent_Other0000000000000000000";
    enqueue(200, "{\"success\":true,\"data\":{\"" + AGENT + "\":" + V1_SESSION + ",\"" + other + "\":"
        + V1_SESSION.replace(V1_ID, "11111111-2222-4333-8444-555555555555").replace("\"mode\":\"ai\"",
            "\"mode\":\"support\"") + "}}");
    Map<String, OsviSession> byAgent = client.activeSessions("+15551234567");

    RecordedRequest r = take();
    assertThat(r.getRequestUrl().queryParameter("agent_uuid")).isNull();
    assertThat(r.getRequestUrl().queryParameter("customer_id")).isEqualTo("+15551234567");
    assertThat(byAgent).containsOnlyKeys(AGENT, other);
    assertThat(byAgent.get(AGENT).id()).isEqualTo(V1_ID);
    assertThat(byAgent.get(other).mode()).contains(SessionMode.SUPPORT);
  }

  @Test
  void activeSessionsIsEmptyOn404() {
    enqueue(404, "{\"success\":false,\"errors\":[\"No active session found\"]}");
    assertThat(client.activeSessions("+15551234567")).isEmpty();
  }

  @Test
  void sendInboundSendsTheFourFieldsAndReadsBackTheSessionId() throws Exception {
    String newId = "22222222-3333-4444-8555-666666666666";
    enqueue(200, "{\"success\":true,\"data\":{\"session_id\":\"" + newId + "\",\"reply\":\"Hello! How can I help?\","
        + "\"state\":\"default\",\"mode\":\"ai\",\"help_requested\":false}}");
    InboundReply reply = client.sendInbound(InboundMessage.builder()
        .agentUuid(AGENT).customerId("+15551234567").content("Hi").sessionId(V1_ID).build());

    RecordedRequest r = take();
    assertThat(r.getPath()).isEqualTo("/v1/chat/inbound");
    assertThat(json(r)).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT + "\",\"customer_id\":\"+15551234567\","
        + "\"content\":\"Hi\",\"session_id\":\"" + V1_ID + "\"}"));
    assertThat(reply.sessionId()).isEqualTo(newId);
    assertThat(reply.reply()).contains("Hello! How can I help?");
    assertThat(reply.state()).contains("default");
    assertThat(reply.mode()).contains(SessionMode.AI);
    assertThat(reply.helpRequested()).isFalse();
  }

  @Test
  void sendInboundWithoutSessionIdOmitsIt() throws Exception {
    enqueue(200, "{\"success\":true,\"data\":{\"session_id\":\"" + V1_ID + "\",\"reply\":null,\"state\":\"default\","
        + "\"mode\":\"support\",\"help_requested\":true}}");
    InboundReply reply = client.sendInbound(InboundMessage.builder()
        .agentUuid(AGENT).customerId("+15551234567").content("I want a human").build());
    assertThat(json(take()).has("session_id")).isFalse();
    assertThat(reply.reply()).isEmpty();
    assertThat(reply.mode()).contains(SessionMode.SUPPORT);
    assertThat(reply.helpRequested()).isTrue();
  }

  @Test
  void supportCommandsSendTheirBodiesAndReadTheirResults() throws Exception {
    String path = "/v1/chat/session/" + V1_ID + "/support";

    enqueue(200, "{\"success\":true,\"data\":{\"state\":\"ok\",\"session_id\":\"" + V1_ID + "\","
        + "\"command\":\"takeover\",\"active_human\":\"jane@example.com\"}}");
    SupportResult takeover = client.takeover(V1_ID, "billing dispute");
    RecordedRequest r = take();
    assertThat(r.getPath()).isEqualTo(path);
    assertThat(json(r)).isEqualTo(Json.parse("{\"command\":\"takeover\",\"message\":\"billing dispute\"}"));
    assertThat(takeover.command()).contains(SupportCommand.TAKEOVER);
    assertThat(takeover.activeHuman()).contains("jane@example.com");
    assertThat(takeover.state()).contains("ok");

    enqueue(200, "{\"success\":true,\"data\":{\"state\":\"ok\",\"session_id\":\"" + V1_ID + "\","
        + "\"command\":\"tell\",\"reply\":\"I have applied a refund to your account.\"}}");
    SupportResult tell = client.tell(V1_ID, "Offer a refund");
    assertThat(json(take())).isEqualTo(Json.parse("{\"command\":\"tell\",\"message\":\"Offer a refund\"}"));
    assertThat(tell.reply()).contains("I have applied a refund to your account.");

    enqueue(200, "{\"success\":true,\"data\":{\"state\":\"ok\",\"session_id\":\"" + V1_ID + "\",\"command\":\"whisper\"}}");
    assertThat(client.whisper(V1_ID, "Be brief").command()).contains(SupportCommand.WHISPER);
    assertThat(json(take())).isEqualTo(Json.parse("{\"command\":\"whisper\",\"message\":\"Be brief\"}"));

    enqueue(200, "{\"success\":true,\"data\":{\"state\":\"ok\",\"session_id\":\"" + V1_ID + "\",\"command\":\"end\"}}");
    assertThat(client.endSupport(V1_ID).command()).contains(SupportCommand.END);
    assertThat(json(take())).isEqualTo(Json.parse("{\"command\":\"end\"}"));

    enqueue(200, "{\"success\":true,\"data\":{\"state\":\"ok\",\"session_id\":\"" + V1_ID + "\",\"command\":\"close\"}}");
    assertThat(client.closeSession(V1_ID).command()).contains(SupportCommand.CLOSE);
    assertThat(json(take())).isEqualTo(Json.parse("{\"command\":\"close\"}"));

    enqueue(200, "{\"success\":true,\"data\":{\"state\":\"ok\",\"session_id\":\"" + V1_ID + "\"}}");
    SupportResult plain = client.sendOperatorMessage(V1_ID, "Hi, this is Jane from billing.");
    RecordedRequest last = take();
    assertThat(last.getPath()).isEqualTo(path);
    assertThat(json(last)).isEqualTo(Json.parse("{\"message\":\"Hi, this is Jane from billing.\"}"));
    assertThat(plain.command()).isEmpty();
    assertThat(plain.sessionId()).isEqualTo(V1_ID);
  }

  @Test
  void disabledSupportCommandIsAnInvalidRequest() {
    enqueue(422, "{\"success\":false,\"errors\":[\"command whisper is disabled for this agent\"]}");
    assertThatThrownBy(() -> client.whisper(V1_ID, "psst"))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.details()).containsExactly("command whisper is disabled for this agent"));
  }

  @Test
  void injectContextSendsOneEntryAndReturnsTheBucket() throws Exception {
    enqueue(200, "{\"success\":true,\"data\":{\"session_id\":\"" + V1_ID + "\","
        + "\"context\":[\"VIP customer\",\"Order #123 delayed\"]}}");
    ContextResult result = client.injectContext(V1_ID, "Order #123 delayed");

    RecordedRequest r = take();
    assertThat(r.getPath()).isEqualTo("/v1/chat/session/" + V1_ID + "/inject_context");
    assertThat(json(r)).isEqualTo(Json.parse("{\"context\":\"Order #123 delayed\"}"));
    assertThat(result.context()).containsExactly("VIP customer", "Order #123 delayed");
  }

  @Test
  void unknownSessionIsNotFound() {
    enqueue(404, "{\"success\":false,\"error\":\"Session not found\"}");
    assertThatThrownBy(() -> client.closeSession(V1_ID))
        .isInstanceOfSatisfying(NotFoundException.class,
            e -> assertThat(e.serverMessage()).isEqualTo("Session not found"));
  }

  @Test
  void aClientNeedsAnApiToken() {
    assertThatThrownBy(() -> OsviClient.builder().baseUrl(server.url("/").toString()).build())
        .isInstanceOf(dev.chatbridge.ConfigurationException.class)
        .hasMessageContaining("CHATBRIDGE_API_KEY");
  }

  @Test
  void fromEnvReadsTheChatBridgeKeysSystemPropertiesFirst() throws Exception {
    System.setProperty("chatbridge.api-key", "FromSysProps1234");
    System.setProperty("chatbridge.base-url", server.url("/").toString());
    try (OsviClient fromEnv = OsviClient.fromEnv()) {
      enqueue(200, SEED_START);
      fromEnv.startChatSession(AGENT);
      assertThat(take().getHeader("API-Token")).isEqualTo("FromSysProps1234");
    } finally {
      System.clearProperty("chatbridge.api-key");
      System.clearProperty("chatbridge.base-url");
    }
  }

  @Test
  void defaultBaseUrlIsOsviCloud() {
    try (OsviClient cloud = OsviClient.builder().apiKey(KEY).build()) {
      assertThat(cloud.toString()).contains("https://api.osvi.ai");
    }
  }

  @Test
  void blankOrNullSessionIdsAreRefusedBeforeSending() {
    for (String bad : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> client.closeSession(bad)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("session id must not be blank");
      assertThatThrownBy(() -> client.injectContext(bad, "VIP")).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> client.closeChatSession(bad, AGENT)).isInstanceOf(InvalidRequestException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void toStringNamesTheServerNeverTheKey() {
    assertThat(client.toString()).contains("osvi").contains(server.url("/").toString()).doesNotContain(KEY);
  }

  @Test
  void openValueTypesMatchDocumentedValuesInAnyCaseAndKeepOthersAsSent() {
    assertThat(SessionStatus.of("ACTIVE")).isSameAs(SessionStatus.ACTIVE);
    assertThat(SessionMode.of("Support")).isSameAs(SessionMode.SUPPORT);
    assertThat(SupportCommand.of("TakeOver")).isSameAs(SupportCommand.TAKEOVER);
    SessionStatus archived = SessionStatus.of("Archived");
    assertThat(archived.isKnown()).isFalse();
    assertThat(archived.value()).isEqualTo("Archived");
  }
}
