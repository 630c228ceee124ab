package dev.chatbridge.osvi;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OsviEmulator;

/** The fault matrix (docs/RELIABILITY.md) against the OSVI (legacy API) emulator. */
class OsviLegacyFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.LEGACY);
  }
}
