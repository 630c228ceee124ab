package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import java.util.Map;

/** The fault matrix (docs/RELIABILITY.md) against the Open WebUI emulator. */
class OpenWebUiFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator();
  }

  @Override
  protected String createPath() {
    return "/api/v1/chats/new";
  }

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
    return Map.of("model", "llama3.2:latest");
  }

}
