package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;

/** The connection-drop matrix (docs/RELIABILITY.md) against the OSVI (Chat v1) emulator. */
class OsviV1ConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.V1);
  }
}
