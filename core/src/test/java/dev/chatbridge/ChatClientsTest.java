package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.internal.http.Transport;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

class ChatClientsTest {

  @Test
  void unknownVendorListsTheProvidersFound() {
    assertThatThrownBy(() -> ChatClients.create(ChatConfig.builder().vendor("nope").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("test");
  }

  @Test
  void providersAreFoundThroughServiceLoader() {
    assertThat(ChatClients.providers()).containsKey("test");
    assertThat(ChatClients.provider("test").requiredOptions()).containsExactly("model");
  }

  @Test
  void missingRequiredOptionNamesTheKey() {
    assertThatThrownBy(() -> ChatClients.create(ChatConfig.builder().vendor("test").baseUrl("https://x").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chatbridge.test.model")
        .hasMessageContaining("CHATBRIDGE_TEST_MODEL");
  }

  @Test
  void anOptionTheConfiguredVendorDoesNotKnowIsWarnedAboutOnceNotRefused() {
    try (Warnings w = new Warnings()) {
      ChatConfig config = ChatConfig.fromSources(new java.util.Properties(), java.util.Map.of(
          "CHATBRIDGE_VENDOR", "test", "CHATBRIDGE_BASE_URL", "https://api.example.com",
          "CHATBRIDGE_TEST_MODEL", "m1", "CHATBRIDGE_TEST_MODLE", "m2", "CHATBRIDGE_ONYX_NOSUCH", "other vendor's"));
      try (ChatClient client = ChatClients.create(config.toBuilder().option("temperature", "0.2")
          .option("nosuch", "1").build())) {
        assertThat(client.vendor()).isEqualTo("test");
      }
      assertThat(w.messages).hasSize(2);
      assertThat(w.messages.get(0)).contains("'modle'").contains("chatbridge.test.modle")
          .contains("CHATBRIDGE_TEST_MODLE").contains("model, temperature");
      assertThat(w.messages.get(1)).contains("'nosuch'").contains("chatbridge.test.nosuch");
    }
  }

  @Test
  void createsAClientThatTalksThroughTheProvider() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("{\"id\":\"s-1\"}"));
      server.enqueue(new MockResponse().setBody("{\"text\":\"Echo: hi\"}"));
      ChatConfig config = ChatConfig.fromSources(new java.util.Properties(), java.util.Map.of(
          "CHATBRIDGE_VENDOR", "test", "CHATBRIDGE_BASE_URL", server.url("/").toString(),
          "CHATBRIDGE_TEST_MODEL", "m1"));
      try (ChatClient client = ChatClients.create(config)) {
        assertThat(client.vendor()).isEqualTo("test");
        assertThat(client.capabilities()).containsExactly(Capability.STREAMING);
        ChatSession s = client.createSession();
        assertThat(s.id()).isEqualTo("s-1");
        assertThat(s.send("hi").text()).isEqualTo("Echo: hi");
        assertThat(client.unwrap(Transport.class)).isNotNull();
        assertThatThrownBy(() -> client.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("test");
        assertThatThrownBy(client::listSessions).isInstanceOf(UnsupportedCapabilityException.class)
            .hasMessageContaining("LIST_SESSIONS");
        int sent = server.getRequestCount();
        assertThatThrownBy(client::sessions).as("refused when asked, not when walked")
            .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("LIST_SESSIONS");
        assertThat(server.getRequestCount()).isEqualTo(sent);
        assertThatThrownBy(() -> client.session(" ")).isInstanceOf(InvalidRequestException.class);
      }
    }
  }

  @Test
  void aBrokenProviderOnTheClasspathDoesNotHideTheOthers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path services = dir.resolve("META-INF/services");
    java.nio.file.Files.createDirectories(services);
    java.nio.file.Files.writeString(services.resolve("dev.chatbridge.spi.ChatProvider"),
        "dev.chatbridge.NoSuchProvider\ndev.chatbridge.TestProvider\n");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
        ChatClientsTest.class.getClassLoader())) {
      thread.setContextClassLoader(loader);
      assertThat(ChatClients.providers()).containsKey("test");
      assertThat(ChatClients.provider("test").name()).isEqualTo("test");
      assertThatThrownBy(() -> ChatClients.provider("nope")).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("test").hasMessageContaining("failed to load")
          .hasMessageContaining("NoSuchProvider");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
