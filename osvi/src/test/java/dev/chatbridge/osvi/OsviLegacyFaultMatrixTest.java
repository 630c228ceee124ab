package dev.chatbridge.osvi;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.Map;

/** The fault matrix (docs/RELIABILITY.md) against the OSVI (legacy API) emulator. */
class OsviLegacyFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator();
  }

  @Override
  protected String createPath() {
    return "/chat_sessions";
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/chat_messages/send_message";
  }

  @Override
  protected String readPath(String sessionId) {
    return null;
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("agent-uuid", OsviEmulator.AGENT_UUID, "customer-id", "+15551230001", "api", "legacy");
  }

  @Override
  protected String matrixName() {
    return "osvi-legacy";
  }
}
