package dev.chatbridge.opencx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OpenCxEmulator;

/** The fault matrix (docs/RELIABILITY.md) against the OpenCX emulator. */
class OpenCxFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator();
  }
}
