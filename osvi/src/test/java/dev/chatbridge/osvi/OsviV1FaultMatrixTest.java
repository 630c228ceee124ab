package dev.chatbridge.osvi;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.Map;

/** The fault matrix (docs/RELIABILITY.md) against the OSVI (Chat v1) emulator. */
class OsviV1FaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator();
  }

  @Override
  protected String createPath() {
    return "/v1/chat/session";
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/v1/chat/inbound";
  }

  @Override
  protected String readPath(String sessionId) {
    return null;
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("agent-uuid", OsviEmulator.AGENT_UUID, "customer-id", "+15551230001", "api", "v1");
  }

  @Override
  protected String matrixName() {
    return "osvi-v1";
  }
}
