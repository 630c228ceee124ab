package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.spi.ChatProvider;
import org.junit.jupiter.api.Test;

/** The provider and its configuration: registration, required base URL, fromEnv, options. */
class OpenWebUiProviderTest {
  @Test
  void providerIsRegisteredWithItsCapabilities() {
    ChatProvider p = ChatClients.provider("openwebui");
    assertThat(p.requiresBaseUrl()).isTrue();
    assertThat(p.requiredOptions()).isEmpty();
    assertThat(p.optionalOptions()).contains("model");
    assertThat(p.capabilities()).containsExactlyInAnyOrder(Capability.STREAMING, Capability.GET_SESSION,
        Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION, Capability.END_SESSION,
        Capability.CITATIONS, Capability.BRANCHING);
  }

  @Test
  void thereIsNoDefaultBaseUrl() {
    assertThatThrownBy(() -> ChatClients.create(ChatConfig.builder().vendor("openwebui").apiKey("sk-x").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chatbridge.base-url");
    assertThatThrownBy(() -> OpenWebUiClient.builder().apiKey("sk-x").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("self-hosted");
  }

  @Test
  void aClientWithoutModelCanBeCreatedAndMakesNoCallAtConstruction() {
    try (ChatClient c = ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl("http://127.0.0.1:9")
        .apiKey("sk-x").build())) {
      assertThat(c.unwrap(OpenWebUiClient.class).defaultModel()).isEmpty();
      assertThat(c.unwrap(OpenWebUiClient.class).pageSize()).isEqualTo(60);
    }
  }

  @Test
  void fromEnvReadsTheChatBridgeKeysWithTheVendorImplied() {
    System.setProperty("chatbridge.base-url", "http://127.0.0.1:9");
    System.setProperty("chatbridge.api-key", "sk-secret-key-000");
    System.setProperty("chatbridge.openwebui.model", "gpt-4o");
    try (OpenWebUiClient c = OpenWebUiClient.fromEnv()) {
      assertThat(c.defaultModel()).contains("gpt-4o");
      assertThat(c.toString()).doesNotContain("sk-secret-key-000");
    } finally {
      System.clearProperty("chatbridge.base-url");
      System.clearProperty("chatbridge.api-key");
      System.clearProperty("chatbridge.openwebui.model");
    }
  }

  @Test
  void badPageSizeIsAConfigurationError() {
    assertThatThrownBy(() -> ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl("http://127.0.0.1:9")
        .option("page-size", "lots").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("page-size");
  }
}
