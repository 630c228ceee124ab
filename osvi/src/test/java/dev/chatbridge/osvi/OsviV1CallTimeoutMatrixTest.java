package dev.chatbridge.osvi;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;

/** Every blocking operation ends within the call timeout (docs/RELIABILITY.md), against OSVI Chat v1. */
class OsviV1CallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.V1);
  }
}
