package dev.chatbridge.osvi;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;

/** Every blocking operation ends within the call timeout (docs/RELIABILITY.md), against the OSVI legacy API. */
class OsviLegacyCallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.LEGACY);
  }
}
