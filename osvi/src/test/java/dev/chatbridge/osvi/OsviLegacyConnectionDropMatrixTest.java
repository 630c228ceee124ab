package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;

/** The connection-drop matrix (docs/RELIABILITY.md) against the OSVI (legacy API) emulator. */
class OsviLegacyConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.LEGACY);
  }
}
