package dev.chatbridge.osvi;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.Map;

/** Every blocking operation ends within the call timeout (docs/RELIABILITY.md), against OSVI Chat v1. */
class OsviV1CallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator();
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
