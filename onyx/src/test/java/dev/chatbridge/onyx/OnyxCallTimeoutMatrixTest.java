package dev.chatbridge.onyx;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OnyxEmulator;

/** Every blocking operation ends within the call timeout (docs/RELIABILITY.md), against the Onyx emulator. */
class OnyxCallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }
}
