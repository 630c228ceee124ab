package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.spi.ChatProvider;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code onyx} provider: registration, options, and the typed client built from a configuration. */
class OnyxProviderTest {
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

  ChatConfig.Builder config() {
    return ChatConfig.builder().vendor(OnyxProvider.NAME).baseUrl(server.url("/api").toString()).apiKey("on_key")
        .maxRetries(0);
  }

  @Test
  void providerIsFoundWithItsOptionsAndCapabilities() {
    ChatProvider p = ChatClients.provider("onyx");
    assertThat(p).isInstanceOf(OnyxProvider.class);
    assertThat(p.name()).isEqualTo("onyx").isEqualTo(OnyxProvider.NAME);
    assertThat(p.requiredOptions()).isEmpty();
    assertThat(p.optionalOptions()).containsExactlyInAnyOrder("persona-id", "project-id", "resume-attempts");
    assertThat(p.requiresBaseUrl()).isFalse();
    assertThat(p.capabilities()).containsExactlyInAnyOrder(Capability.STREAMING, Capability.GET_SESSION,
        Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION, Capability.CITATIONS,
        Capability.STOP_GENERATION, Capability.BRANCHING, Capability.RESUMABLE_STREAMS);
  }

  @Test
  void anOptionThatIsNotAWholeNumberNamesItsPropertyAndVariable() {
    assertThatThrownBy(() -> ChatClients.create(config().option("persona-id", "seven").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.onyx.persona-id")
        .hasMessageContaining("CHATBRIDGE_ONYX_PERSONA_ID")
        .hasMessageContaining("'seven'");
    assertThatThrownBy(() -> ChatClients.create(config().option("project-id", "1.5").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.onyx.project-id");
    assertThatThrownBy(() -> ChatClients.create(config().option("resume-attempts", "-1").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.onyx.resume-attempts")
        .hasMessageContaining("from 0 to 10");
  }

  @Test
  void theOptionsReachTheCreatedSession() throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"chat_session_id\": \"s-1\"}"));
    try (ChatClient client = ChatClients.create(config().option("persona-id", "7").option("project-id", "3")
        .build())) {
      assertThat(client.createSession().id()).isEqualTo("s-1");
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getBody().readUtf8()).contains("\"persona_id\":7").contains("\"project_id\":3");
  }

  /** The README's rule, now also on the neutral path: Onyx refuses to build a client without a key. */
  @Test
  void aClientWithoutAnApiKeyIsRefusedHoweverItIsBuilt() {
    ChatConfig noKey = ChatConfig.builder().vendor(OnyxProvider.NAME).baseUrl(server.url("/api").toString()).build();
    assertThatThrownBy(() -> ChatClients.create(noKey))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.api-key")
        .satisfies(e -> assertThat(((ConfigurationException) e).setting()).contains(ChatConfig.API_KEY));
    assertThatThrownBy(() -> OnyxClient.create(noKey))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("CHATBRIDGE_API_KEY");
    assertThatThrownBy(() -> OnyxClient.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.api-key");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void createBuildsTheTypedClientFromAConfiguration() throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"message\": \"Chat session stopped\"}"));
    try (OnyxClient onyx = OnyxClient.create(config().build())) {
      assertThat(onyx.stopChatSession("s-1")).isEqualTo("Chat session stopped");
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getPath()).isEqualTo("/api/chat/stop-chat-session/s-1");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer on_key");
  }
}
