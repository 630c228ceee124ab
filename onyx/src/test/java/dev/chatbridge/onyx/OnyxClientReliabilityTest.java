package dev.chatbridge.onyx;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OnyxEmulator;

/** Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against the Onyx emulator. */
class OnyxClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }
}
