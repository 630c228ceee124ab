package dev.chatbridge.opencx;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/** Every blocking operation ends within the call timeout (docs/RELIABILITY.md), against the OpenCX emulator. */
class OpenCxCallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator();
  }
}
