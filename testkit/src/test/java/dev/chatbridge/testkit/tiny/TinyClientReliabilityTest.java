package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;

/** Concurrency, leaks, secrets and transport security on the reference vendor. */
class TinyClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }
}
