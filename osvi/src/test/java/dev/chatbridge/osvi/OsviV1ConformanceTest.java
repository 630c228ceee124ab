package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.Map;

/** The conformance suite against the OSVI emulator, speaking Chat v1. */
class OsviV1ConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("agent-uuid", OsviEmulator.AGENT_UUID, "customer-id", "+15551230001", "api", "v1");
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/v1/chat/inbound";
  }

  @Override
  protected String readPath(String sessionId) {
    return null;
  }
}
