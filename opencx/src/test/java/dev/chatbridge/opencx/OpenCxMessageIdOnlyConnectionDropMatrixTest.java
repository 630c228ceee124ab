package dev.chatbridge.opencx;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/** The connection-drop matrix (docs/RELIABILITY.md) against the OpenCX emulator, MESSAGE_ID_ONLY send answers. */
class OpenCxMessageIdOnlyConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.MESSAGE_ID_ONLY);
  }

  @Override
  protected String matrixName() {
    return "opencx-message-id-only";
  }
}
