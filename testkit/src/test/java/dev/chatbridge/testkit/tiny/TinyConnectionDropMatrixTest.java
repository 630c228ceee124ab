package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;

/** The connection-drop matrix on the reference vendor. */
class TinyConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }
}
