package dev.chatbridge.opencx;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/** The connection-drop matrix (docs/RELIABILITY.md) against the OpenCX emulator, AUTOPILOT send answers. */
class OpenCxAutopilotConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.AUTOPILOT);
  }

  @Override
  protected String matrixName() {
    return "opencx-autopilot";
  }
}
