package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;

/**
 * Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against OSVI Chat v1, each concurrent
 * session its own customer.
 */
class OsviV1ClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.V1);
  }
}
