package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;

/** Every blocking operation ends within the call timeout (docs/RELIABILITY.md), against the Open WebUI emulator. */
class OpenWebUiCallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator();
  }
}
