package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Open WebUI's error quirks that need no server (the status mappings are in OpenWebUiWireTest). */
class OpenWebUiErrorsTest {
  @Test
  void chatScopedRoutesAreRecognised() {
    assertThat(OpenWebUiErrors.isChatScoped("/api/v1/chats/abc")).isTrue();
    assertThat(OpenWebUiErrors.isChatScoped("/owui/api/v1/chats/abc/pin")).isTrue();
    assertThat(OpenWebUiErrors.isChatScoped("/api/v1/chats/share/tok")).isTrue();
    assertThat(OpenWebUiErrors.isChatScoped("/api/v1/chats/")).isFalse();
    assertThat(OpenWebUiErrors.isChatScoped("/api/v1/chats/new")).isFalse();
    assertThat(OpenWebUiErrors.isChatScoped("/api/v1/chats/pinned")).isFalse();
    assertThat(OpenWebUiErrors.isChatScoped("/api/chat/completions")).isFalse();
  }
}
