package dev.chatbridge.osvi;

import dev.chatbridge.SessionOptions;
import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.Map;

/** Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against the OsviV1 emulator. */
class OsviV1ClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator();
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/v1/chat/inbound";
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("agent-uuid", OsviEmulator.AGENT_UUID, "customer-id", "+15551230001", "api", "v1");
  }

  /** Chat v1 keeps one active session per customer and agent: each concurrent session is its own customer. */
  @Override
  protected SessionOptions sessionOptions(int i) {
    return SessionOptions.builder().contactId(String.format("+1555200%04d", i)).build();
  }
}
