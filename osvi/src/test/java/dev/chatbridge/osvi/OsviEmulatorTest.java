package dev.chatbridge.osvi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.testkit.OsviEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OSVI emulator's behaviour beyond the conformance suite, through the typed client and raw HTTP. */
class OsviEmulatorTest {
  static final String AGENT = OsviEmulator.AGENT_UUID;
  static final String CUSTOMER = "+15551234567";

  OsviEmulator emulator;
  OsviClient client;

  @BeforeEach
  void start() {
    emulator = new OsviEmulator();
    emulator.start();
    client = OsviClient.builder().apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  InboundReply say(String text, String sessionId) {
    return client.sendInbound(InboundMessage.builder().agentUuid(AGENT).customerId(CUSTOMER).content(text)
        .sessionId(sessionId).build());
  }

  JsonNode raw(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("API-Token", token);
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = Json.parse(r.body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("_status", r.statusCode());
    return json;
  }

  @Test
  void legacyStartIsShapedLikeTheSeed() throws Exception {
    JsonNode r = raw("POST", "/chat_sessions", "{\"agent_uuid\":\"" + AGENT + "\",\"metadata\":{\"person_name\":"
        + "\"Jane Smith\"}}", emulator.apiKey());
    assertThat(r.get("_status").asInt()).isEqualTo(200);
    assertThat(r.get("success").asBoolean()).isTrue();
    JsonNode data = r.get("data");
    assertThat(data.get("session_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(data.get("agent_name").asText()).isEqualTo(OsviEmulator.AGENT_NAME);
    assertThat(data.get("welcome_message").asText()).isEqualTo(OsviEmulator.WELCOME_MESSAGE);
    // zone-less, microseconds, like 2025-12-31T11:40:25.690486
    assertThat(data.get("started_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
  }

  @Test
  void wrongTokenGetsBothErrorShapes() throws Exception {
    JsonNode legacy = raw("POST", "/chat_sessions", "{\"agent_uuid\":\"" + AGENT + "\"}", "wrong");
    assertThat(legacy.get("_status").asInt()).isEqualTo(401);
    assertThat(legacy.get("error").asText()).isEqualTo("Invalid API token");
    JsonNode v1 = raw("GET", "/v1/chat/session/active?customer_id=x", null, null);
    assertThat(v1.get("_status").asInt()).isEqualTo(401);
    assertThat(v1.get("errors").get(0).asText()).isEqualTo("Invalid API token");

    try (OsviClient bad = OsviClient.builder().apiKey("wrong-token-0000").baseUrl(emulator.baseUrl()).build()) {
      assertThatThrownBy(() -> bad.activeSessions(CUSTOMER)).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("Invalid API token");
    }
  }

  @Test
  void missingFieldsGet422ListingEachOne() throws Exception {
    JsonNode r = raw("POST", "/v1/chat/inbound", "{}", emulator.apiKey());
    assertThat(r.get("_status").asInt()).isEqualTo(422);
    assertThat(r.get("success").asBoolean()).isFalse();
    assertThat(Json.toPlain(r.get("errors")))
        .isEqualTo(java.util.List.of("agent_uuid is required", "customer_id is required", "content is required"));
  }

  @Test
  void creatingASessionClosesTheCustomersPreviousOneWithTheAgent() {
    OsviSession first = client.createSession(CreateSessionRequest.builder().agentUuid(AGENT).customerId(CUSTOMER)
        .inputField("plan", "gold").build());
    OsviSession second = client.createSession(
        CreateSessionRequest.builder().agentUuid(AGENT).customerId(CUSTOMER).build());
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(first.metadata().inputFields()).containsExactly(Map.entry("plan", "gold"));

    assertThat(client.activeSession(CUSTOMER, AGENT)).map(OsviSession::id).contains(second.id());
    assertThat(client.activeSessions(CUSTOMER)).containsOnlyKeys(AGENT);

    // the closed session is not continued: OSVI answers on the active one
    InboundReply reply = say("still there?", first.id());
    assertThat(reply.sessionId()).isEqualTo(second.id());
    assertThat(reply.reply()).contains("Echo: still there?");
  }

  @Test
  void activeLookupIsEmptyWithoutASessionAndKeyedByAgentWithoutAgent() {
    assertThat(client.activeSession(CUSTOMER, AGENT)).isEmpty();
    assertThat(client.activeSessions(CUSTOMER)).isEmpty();
    InboundReply reply = say("hi", null); // inbound creates one
    String other = "agent_Other0000000000000000000";
    client.createSession(CreateSessionRequest.builder().agentUuid(other).customerId(CUSTOMER).build());
    Map<String, OsviSession> byAgent = client.activeSessions(CUSTOMER);
    assertThat(byAgent).containsOnlyKeys(AGENT, other);
    assertThat(byAgent.get(AGENT).id()).isEqualTo(reply.sessionId());
    assertThat(byAgent.get(AGENT).status()).contains(SessionStatus.ACTIVE);
  }

  @Test
  void takeoverSilencesTheAgentUntilSupportEnds() {
    String id = say("hello", null).sessionId();
    assertThatThrownBy(() -> client.sendOperatorMessage(id, "hi from a human"))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.details()).containsExactly("session is not in support mode"));

    SupportResult takeover = client.takeover(id, null);
    assertThat(takeover.activeHuman()).contains(OsviEmulator.OPERATOR);
    InboundReply silent = say("are you human?", id);
    assertThat(silent.reply()).isEmpty();
    assertThat(silent.mode()).contains(SessionMode.SUPPORT);
    assertThat(client.sendOperatorMessage(id, "yes, I am").state()).contains("ok");
    assertThat(client.tell(id, "offer a voucher").reply()).contains("Echo: offer a voucher");
    assertThat(client.whisper(id, "be kind").reply()).isEmpty();

    client.endSupport(id);
    assertThat(say("back to AI?", id).reply()).contains("Echo: back to AI?");

    client.closeSession(id);
    assertThat(client.activeSession(CUSTOMER, AGENT)).isEmpty();
    assertThatThrownBy(() -> client.tell(id, "too late")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void injectedContextKeepsTheLastFive() {
    String id = client.createSession(CreateSessionRequest.builder().agentUuid(AGENT).customerId(CUSTOMER)
        .context("c1").context("").build()).id();
    ContextResult result = null;
    for (int i = 2; i <= 7; i++) result = client.injectContext(id, "c" + i);
    assertThat(result.context()).containsExactly("c3", "c4", "c5", "c6", "c7");
  }

  @Test
  void legacyCloseReturnsASummaryAndClosedSessionsRefuseMessages() {
    LegacyChatSession s = client.startChatSession(AGENT, Map.of("person_name", "Jane Smith"));
    assertThat(client.sendChatMessage(AGENT, s.sessionId(), "hi").response()).isEqualTo("Echo: hi");
    assertThat(client.closeChatSession(s.sessionId(), AGENT).summary())
        .contains("The customer sent 1 message(s) as Jane Smith.");
    assertThatThrownBy(() -> client.sendChatMessage(AGENT, s.sessionId(), "again"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
