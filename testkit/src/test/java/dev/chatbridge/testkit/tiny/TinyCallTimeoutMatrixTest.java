package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;

/** Every blocking operation ends within the call timeout, on the reference vendor: core's own behaviour. */
class TinyCallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }
}
