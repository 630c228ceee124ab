package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.Map;

/** The conformance suite against the OSVI emulator, speaking the legacy chat-session API. */
class OsviLegacyConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("agent-uuid", OsviEmulator.AGENT_UUID, "customer-id", "+15551230001", "api", "legacy");
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/chat_messages/send_message";
  }

  @Override
  protected String readPath(String sessionId) {
    return null;
  }
}
