package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;

/** The fault matrix on the reference vendor: core transport and NDJSON reading alone. */
class TinyFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }
}
