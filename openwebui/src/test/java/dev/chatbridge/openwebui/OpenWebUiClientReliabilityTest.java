package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import java.util.Map;

/** Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against the OpenWebUi emulator. */
class OpenWebUiClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator();
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/api/chat/completions";
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("model", "llama3.2:latest");
  }
}
