package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import java.util.Map;

/** The conformance suite's Open WebUI paths and options; page size 1 so listing really pages. */
abstract class OpenWebUiConformanceBase extends ChatProviderConformanceTest {
  @Override
  protected String sendPath(String sessionId) {
    return "/api/chat/completions";
  }

  @Override
  protected String readPath(String sessionId) {
    return "/api/v1/chats/" + sessionId;
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("model", "llama3.2:latest", "page-size", "1");
  }
}
