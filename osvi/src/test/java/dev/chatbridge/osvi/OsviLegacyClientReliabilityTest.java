package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.Map;

/** Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against the OsviLegacy emulator. */
class OsviLegacyClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator();
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/chat_messages/send_message";
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("agent-uuid", OsviEmulator.AGENT_UUID, "customer-id", "+15551230001", "api", "legacy");
  }
}
