package dev.chatbridge.onyx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OnyxEmulator;

/** The fault matrix (docs/RELIABILITY.md) against the Onyx emulator. */
class OnyxFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }
}
