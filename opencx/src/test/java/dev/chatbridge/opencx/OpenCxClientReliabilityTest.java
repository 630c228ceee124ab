package dev.chatbridge.opencx;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/** Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against the OpenCX emulator. */
class OpenCxClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator();
  }
}
