package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OpenWebUiEmulator;

/** The fault matrix (docs/RELIABILITY.md) against the Open WebUI emulator. */
class OpenWebUiFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator();
  }
}
