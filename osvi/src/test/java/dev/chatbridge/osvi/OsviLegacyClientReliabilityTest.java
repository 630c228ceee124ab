package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;

/** Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against the OSVI legacy API. */
class OsviLegacyClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.LEGACY);
  }
}
