package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.spi.ChatProvider;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code opencx} provider: registration, options, and the typed client built from a configuration. */
class OpenCxProviderTest {
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
    return ChatConfig.builder().vendor(OpenCxProvider.NAME).baseUrl(server.url("/").toString()).apiKey("cx-key")
        .maxRetries(0);
  }

  @Test
  void providerIsFoundWithItsOptionsAndCapabilities() {
    ChatProvider p = ChatClients.provider("opencx");
    assertThat(p).isInstanceOf(OpenCxProvider.class);
    assertThat(p.name()).isEqualTo("opencx").isEqualTo(OpenCxProvider.NAME);
    assertThat(p.requiredOptions()).isEmpty();
    assertThat(p.optionalOptions()).containsExactlyInAnyOrder("channel", "reply-quiet-ms");
    assertThat(p.capabilities()).containsExactlyInAnyOrder(Capability.GET_SESSION, Capability.LIST_SESSIONS,
        Capability.HISTORY, Capability.END_SESSION, Capability.HUMAN_HANDOFF);
  }

  @Test
  void anUnlistedChannelIsKeptVerbatim() {
    assertThat(OpenCxProvider.options(config().option("channel", " Telegram ").build()).channel())
        .isEqualTo(ChannelType.of("Telegram"));
    assertThat(OpenCxProvider.options(config().option("channel", "WEB").build()).channel()).isSameAs(ChannelType.WEB);
    assertThat(OpenCxProvider.options(config().build()).channel()).isSameAs(ChannelType.API);
  }

  /** OpenCX conversations are linear: the neutral layer refuses a parent before anything is sent. */
  @Test
  void aParentIsRefusedBeforeAnythingIsSent() {
    try (ChatClient client = ChatClients.create(config().build())) {
      MessageRequest withParent = MessageRequest.builder().text("Hi").parentId("m-1").build();
      assertThatThrownBy(() -> client.session("s-1").send(withParent))
          .isInstanceOfSatisfying(UnsupportedCapabilityException.class, e -> {
            assertThat(e.capability()).isEqualTo(Capability.BRANCHING);
            assertThat(e.getMessage()).isEqualTo("opencx conversations are linear: a message cannot name a parent");
          });
      assertThatThrownBy(() -> client.session("s-1").stream(withParent))
          .isInstanceOf(UnsupportedCapabilityException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void createBuildsTheTypedClientFromAConfigurationAndNeedsAKey() throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\":\"s-9\"}"));
    try (OpenCxClient opencx = OpenCxClient.create(config().build())) {
      assertThat(opencx.createSession()).isEqualTo("s-9");
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getPath()).isEqualTo("/chat/sessions");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer cx-key");
    assertThatThrownBy(() -> OpenCxClient.create(ChatConfig.builder().vendor(OpenCxProvider.NAME).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.api-key")
        .satisfies(e -> assertThat(((ConfigurationException) e).setting()).contains(ChatConfig.API_KEY));
  }
}
