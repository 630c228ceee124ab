package dev.chatbridge.osvi;

import static dev.chatbridge.osvi.OsviWireTest.AGENT;
import static dev.chatbridge.osvi.OsviWireTest.KEY;
import static dev.chatbridge.osvi.OsviWireTest.LEGACY_ID;
import static dev.chatbridge.osvi.OsviWireTest.SEED_START;
import static dev.chatbridge.osvi.OsviWireTest.V1_ID;
import static dev.chatbridge.osvi.OsviWireTest.V1_SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import okhttp3.mockwebserver.SocketPolicy;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code osvi} provider behind the neutral API, against OSVI-shaped fixtures. */
class OsviProviderTest {
  MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  ChatConfig.Builder config(String... options) {
    ChatConfig.Builder b = ChatConfig.builder().vendor("osvi").apiKey(KEY).baseUrl(server.url("/").toString());
    for (int i = 0; i < options.length; i += 2) b.option(options[i], options[i + 1]);
    return b;
  }

  void enqueue(String body) {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(body));
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r;
  }

  static String inbound(String sessionId, String reply, String mode) {
    return "{\"success\":true,\"data\":{\"session_id\":\"" + sessionId + "\",\"reply\":"
        + (reply == null ? "null" : "\"" + reply + "\"") + ",\"state\":\"default\",\"mode\":\"" + mode
        + "\",\"help_requested\":false}}";
  }

  // ------------------------------------------------------------------ configuration

  @Test
  void providerIsFoundWithItsOptionsAndCapabilities() {
    var provider = ChatClients.provider("osvi");
    assertThat(provider).isInstanceOf(OsviProvider.class);
    assertThat(provider.requiredOptions()).containsExactly("agent-uuid");
    assertThat(provider.optionalOptions()).containsExactlyInAnyOrder("api", "customer-id", "person-name");
    assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.END_SESSION, Capability.HUMAN_HANDOFF);
  }

  @Test
  void missingAgentUuidNamesThePropertyAndTheEnvironmentVariable() {
    assertThatThrownBy(() -> ChatClients.create(config().build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.osvi.agent-uuid")
        .hasMessageContaining("CHATBRIDGE_OSVI_AGENT_UUID");
    // the provider checks too, when called directly
    assertThatThrownBy(() -> new OsviProvider().create(config().build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.osvi.agent-uuid");
  }

  @Test
  void agentUuidFromPropertiesFile() {
    Properties p = new Properties();
    p.setProperty("chatbridge.vendor", "osvi");
    p.setProperty("chatbridge.api-key", KEY);
    p.setProperty("chatbridge.base-url", server.url("/").toString());
    p.setProperty("chatbridge.osvi.agent-uuid", AGENT);
    p.setProperty("chatbridge.osvi.api", "legacy");
    try (ChatClient client = ChatClients.create(ChatConfig.fromProperties(p))) {
      assertThat(client.vendor()).isEqualTo("osvi");
      assertThat(client.unwrap(OsviClient.class)).isNotNull();
    }
  }

  @Test
  void createBuildsTheTypedClientFromAConfigurationAndNeedsAToken() throws Exception {
    enqueue(SEED_START);
    try (OsviClient osvi = OsviClient.create(config().build())) {
      assertThat(osvi.startChatSession(AGENT).sessionId()).isEqualTo(LEGACY_ID);
    }
    RecordedRequest r = take();
    assertThat(r.getPath()).isEqualTo("/chat_sessions");
    assertThat(r.getHeader("API-Token")).isEqualTo(KEY);
    assertThatThrownBy(() -> OsviClient.create(ChatConfig.builder().vendor(OsviProvider.NAME).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.api-key")
        .satisfies(e -> assertThat(((ConfigurationException) e).setting()).contains(ChatConfig.API_KEY));
  }

  @Test
  void unknownApiValueNamesTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> ChatClients.create(config("agent-uuid", AGENT, "api", "v2").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.osvi.api")
        .hasMessageContaining("'v1'")
        .hasMessageContaining("'legacy'")
        .hasMessageContaining("v2");
  }

  @Test
  void v1WithoutAnyCustomerIdNamesBothWaysToGiveOne() {
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT).build())) {
      assertThatThrownBy(client::createSession)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("SessionOptions.contactId")
          .hasMessageContaining("chatbridge.osvi.customer-id")
          .hasMessageContaining("CHATBRIDGE_OSVI_CUSTOMER_ID");
      assertThatThrownBy(() -> client.session(V1_ID).send("hi"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("chatbridge.osvi.customer-id");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  // ------------------------------------------------------------------ legacy

  @Test
  void legacyCreateSurfacesTheWelcomeMessageAsTheFirstAssistantMessage() throws Exception {
    enqueue(SEED_START);
    try (ChatClient client = ChatClients.create(
        config("agent-uuid", AGENT, "api", "legacy", "person-name", "Jane Smith").build())) {
      ChatSession session = client.createSession(SessionOptions.builder().metadata("plan", "gold").build());

      assertThat(session.id()).isEqualTo(LEGACY_ID);
      assertThat(session.initialMessages()).hasSize(1);
      Message welcome = session.initialMessages().get(0);
      assertThat(welcome.role()).isEqualTo(Role.ASSISTANT);
      assertThat(welcome.text()).isEqualTo("Hi! How can I help you today?");
      assertThat(welcome.sessionId()).isEqualTo(LEGACY_ID);
      assertThat(welcome.createdAt()).contains(Instant.parse("2025-12-31T11:40:25.690486Z"));

      RecordedRequest r = take();
      assertThat(r.getPath()).isEqualTo("/chat_sessions");
      assertThat(Json.parse(r.getBody().readUtf8())).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT + "\","
          + "\"metadata\":{\"plan\":\"gold\",\"person_name\":\"Jane Smith\"}}"));
    }
  }

  @Test
  void legacySessionWithoutWelcomeMessageHasNoInitialMessages() {
    enqueue("{\"success\":true,\"data\":{\"session_id\":\"" + LEGACY_ID + "\",\"agent_name\":\"Support Agent\","
        + "\"started_at\":\"2025-12-31T11:40:25.690486\",\"welcome_message\":\"\"}}");
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "api", "legacy").build())) {
      assertThat(client.createSession().initialMessages()).isEmpty();
    }
  }

  @Test
  void legacySendMapsTheResponseAndKeepsToolDataInVendorData() throws Exception {
    enqueue("{\"success\":true,\"data\":{\"session_id\":\"" + LEGACY_ID + "\",\"response\":\"It ships tomorrow.\","
        + "\"tool_calls\":[{\"name\":\"order_status\"}],\"tool_results\":[],\"current_state\":null}}");
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "api", "legacy").build())) {
      ChatReply reply = client.session(LEGACY_ID).send("Where is my order?");
      assertThat(reply.text()).isEqualTo("It ships tomorrow.");
      assertThat(reply.message().role()).isEqualTo(Role.ASSISTANT);
      assertThat(reply.message().sessionId()).isEqualTo(LEGACY_ID);
      assertThat(reply.message().vendorData())
          .containsEntry("tool_calls", List.of(Map.of("name", "order_status")))
          .containsEntry("tool_results", List.of())
          .containsEntry("current_state", null);
      assertThat(take().getPath()).isEqualTo("/chat_messages/send_message");
    }
  }

  @Test
  void legacyEndClosesTheSessionWithTheAgentUuid() throws Exception {
    enqueue("{\"success\":true,\"data\":{\"session_id\":\"" + LEGACY_ID + "\",\"summary\":\"Short chat.\"}}");
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "api", "legacy").build())) {
      client.session(LEGACY_ID).end();
      RecordedRequest r = take();
      assertThat(r.getPath()).isEqualTo("/chat_sessions/" + LEGACY_ID + "/close_session");
      assertThat(Json.parse(r.getBody().readUtf8())).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT + "\"}"));
    }
  }

  // ------------------------------------------------------------------ v1

  @Test
  void v1CreateUsesContactIdOverTheConfiguredCustomerAndMetadataAsInputFields() throws Exception {
    enqueue("{\"success\":true,\"data\":" + V1_SESSION + "}");
    enqueue(inbound(V1_ID, "Hello!", "ai"));
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+10000000000").build())) {
      ChatSession session = client.createSession(
          SessionOptions.builder().contactId("+15551234567").metadata("plan", "gold").build());
      assertThat(session.id()).isEqualTo(V1_ID);
      assertThat(session.initialMessages()).isEmpty();
      assertThat(Json.parse(take().getBody().readUtf8())).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT
          + "\",\"customer_id\":\"+15551234567\",\"input_fields\":{\"plan\":\"gold\"}}"));

      // the session remembers its customer for sends
      session.send("Hi");
      assertThat(Json.parse(take().getBody().readUtf8())).isEqualTo(Json.parse("{\"agent_uuid\":\"" + AGENT
          + "\",\"customer_id\":\"+15551234567\",\"content\":\"Hi\",\"session_id\":\"" + V1_ID + "\"}"));
    }
  }

  @Test
  void v1HandleSendsWithTheConfiguredCustomerOrAnExplicitOne() throws Exception {
    enqueue(inbound(V1_ID, "One", "ai"));
    enqueue(inbound(V1_ID, "Two", "ai"));
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+10000000000").build())) {
      client.session(V1_ID).send("a");
      assertThat(Json.parse(take().getBody().readUtf8()).get("customer_id").asText()).isEqualTo("+10000000000");
      client.session(V1_ID).send(dev.chatbridge.MessageRequest.builder().text("b")
          .extra("customer-id", "+19999999999").build());
      assertThat(Json.parse(take().getBody().readUtf8()).get("customer_id").asText()).isEqualTo("+19999999999");
    }
  }

  @Test
  void v1ReplyOnAnotherSessionCarriesThatSessionsIdAndKeepsMode() {
    String newId = "22222222-3333-4444-8555-666666666666";
    enqueue(inbound(newId, "Hello again", "ai"));
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+1555").build())) {
      ChatReply reply = client.session(V1_ID).send("Hi");
      assertThat(reply.text()).isEqualTo("Hello again");
      assertThat(reply.message().sessionId()).isEqualTo(newId);
      assertThat(reply.message().vendorData())
          .containsEntry("state", "default")
          .containsEntry("mode", "ai")
          .containsEntry("help_requested", false);
    }
  }

  @Test
  void v1SupportModeWithoutReplyIsAnEmptyReplyNeverInventedText() {
    enqueue(inbound(V1_ID, null, "support"));
    enqueue(inbound(V1_ID, null, "support"));
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+1555").build())) {
      ChatReply reply = client.session(V1_ID).send("Anyone there?");
      assertThat(reply.text()).isEmpty();
      assertThat(reply.message().vendorData()).containsEntry("mode", "support");

      List<ChatEvent> events = new ArrayList<>();
      try (ChatStream stream = client.session(V1_ID).stream("Hello?")) {
        stream.forEach(events::add);
        assertThat(stream.reply().text()).isEmpty();
      }
      assertThat(events).hasSize(1).first().isInstanceOf(ChatEvent.Completed.class);
    }
  }

  @Test
  void streamYieldsTheSynchronousReplyAsOneDeltaThenCompleted() {
    enqueue(inbound(V1_ID, "Your order ships tomorrow.", "ai"));
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+1555").build())) {
      List<ChatEvent> events = new ArrayList<>();
      try (ChatStream stream = client.session(V1_ID).stream("Where is my order?")) {
        stream.forEach(events::add);
      }
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).isEqualTo(new ChatEvent.TextDelta("Your order ships tomorrow."));
      assertThat(events.get(1)).isInstanceOf(ChatEvent.Completed.class);
    }
  }

  @Test
  void v1EndIsTheSupportCloseCommand() throws Exception {
    enqueue("{\"success\":true,\"data\":{\"state\":\"ok\",\"session_id\":\"" + V1_ID + "\",\"command\":\"close\"}}");
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+1555").build())) {
      client.session(V1_ID).end();
      RecordedRequest r = take();
      assertThat(r.getPath()).isEqualTo("/v1/chat/session/" + V1_ID + "/support");
      assertThat(Json.parse(r.getBody().readUtf8())).isEqualTo(Json.parse("{\"command\":\"close\"}"));
    }
  }

  @Test
  void v1SessionDetailsKeepStatusTimesAndVendorFields() {
    enqueue("{\"success\":true,\"data\":" + V1_SESSION + "}");
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+1555").build())) {
      ChatSession s = client.createSession();
      assertThat(s.id()).isEqualTo(V1_ID);
    }
    enqueue("{\"success\":true,\"data\":" + V1_SESSION + "}");
    try (OsviClient typed = OsviClient.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build()) {
      SessionDetails d = OsviMapping.v1Session(typed.createSession(
          CreateSessionRequest.builder().agentUuid(AGENT).customerId("+15551234567").build()));
      assertThat(d.summary().status()).contains("active");
      assertThat(d.summary().createdAt()).contains(Instant.parse("2026-01-15T10:00:00Z"));
      assertThat(d.summary().updatedAt()).contains(Instant.parse("2026-01-15T10:05:30Z"));
      assertThat(d.summary().vendorData())
          .containsEntry("customer_id", "+15551234567")
          .containsEntry("mode", "ai")
          .containsEntry("chat_agent_id", 42L)
          .containsKey("metadata");
    }
  }

  // ------------------------------------------------------------------ unsupported

  @Test
  void readsListsAndDeletesSayWhatOsviLacks() {
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "customer-id", "+1555").build())) {
      assertThatThrownBy(() -> client.session(V1_ID).history())
          .isInstanceOfSatisfying(UnsupportedCapabilityException.class, e -> {
            assertThat(e.capability()).isEqualTo(Capability.HISTORY);
            assertThat(e.vendor()).isEqualTo("osvi");
            assertThat(e.getMessage()).isEqualTo("osvi has no API to read a session's messages");
          });
      assertThatThrownBy(() -> client.getSession(V1_ID)).hasMessageContaining("osvi has no API to read a session");
      assertThatThrownBy(client::listSessions).hasMessageContaining("osvi has no API to list sessions");
      assertThatThrownBy(() -> client.deleteSession(V1_ID)).hasMessageContaining("osvi has no API to delete");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aParentIdIsRefusedBeforeSendingInBothGenerations() {
    for (String api : new String[] {"v1", "legacy"}) {
      try (ChatClient client = ChatClients.create(
          config("agent-uuid", AGENT, "customer-id", "+1555", "api", api).build())) {
        assertThatThrownBy(() -> client.session(V1_ID).send(dev.chatbridge.MessageRequest.builder().text("Hi")
            .parentId("earlier-message").build()))
            .isInstanceOfSatisfying(UnsupportedCapabilityException.class, e -> {
              assertThat(e.capability()).isEqualTo(Capability.BRANCHING);
              assertThat(e.vendor()).isEqualTo("osvi");
              assertThat(e.getMessage()).isEqualTo("osvi conversations are linear: a message cannot name a parent");
            });
      }
    }
    assertThat(server.getRequestCount()).isZero();
  }

  // ------------------------------------------------------------------ a connection that drops

  @ParameterizedTest
  @ValueSource(strings = {"legacy", "v1"})
  void aSendWhoseAnswerIsLostIsAnUnknownOutcomeAndIsNotResent(String api) {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    try (ChatClient client = ChatClients.create(
        config("agent-uuid", AGENT, "api", api, "customer-id", "+15551234567").build())) {
      String id = api.equals("legacy") ? LEGACY_ID : V1_ID;
      assertThatThrownBy(() -> client.session(id).send("Where is my order?"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(SendOutcomeUnknownException.MessageState.UNKNOWN);
            assertThat(e.sessionId()).isEqualTo(id);
            assertThat(e).hasCauseInstanceOf(ConnectionException.class)
                .hasMessageContaining("no API to read a session's messages");
          });
    }
    assertThat(server.getRequestCount()).as("the message is POSTed once").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"legacy", "v1"})
  void aSuccessWhoseBodyCannotBeReadSaysTheMessageWasTakenIn(String api) {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"response\": \"It sh"));
    try (ChatClient client = ChatClients.create(
        config("agent-uuid", AGENT, "api", api, "customer-id", "+15551234567").build())) {
      String id = api.equals("legacy") ? LEGACY_ID : V1_ID;
      assertThatThrownBy(() -> client.session(id).send("Where is my order?"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(SendOutcomeUnknownException.MessageState.STORED);
            assertThat(e).hasCauseInstanceOf(ResponseFormatException.class)
                .hasMessageContaining("sending it again would store it twice");
          });
    }
    assertThat(server.getRequestCount()).as("the message is POSTed once").isEqualTo(1);
  }

  @Test
  void aSendThatNeverConnectedIsAConnectionException() throws Exception {
    server.shutdown();
    try (ChatClient client = ChatClients.create(config("agent-uuid", AGENT, "api", "legacy").maxRetries(0).build())) {
      assertThatThrownBy(() -> client.session(LEGACY_ID).send("hi")).isExactlyInstanceOf(ConnectionException.class);
    }
  }
}
