package dev.chatbridge.osvi;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OsviEmulator;

/** The fault matrix (docs/RELIABILITY.md) against the OSVI (Chat v1) emulator. */
class OsviV1FaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.V1);
  }
}
