package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;

/** Concurrency, leaks, secrets and transport security (docs/RELIABILITY.md) against the Open WebUI emulator. */
class OpenWebUiClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator();
  }
}
