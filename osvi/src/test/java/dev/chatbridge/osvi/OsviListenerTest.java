package dev.chatbridge.osvi;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.ListenerConformanceTest;
import dev.chatbridge.testkit.OsviEmulator;

/** The listener suite against the OSVI emulator, speaking Chat v1. */
class OsviListenerTest extends ListenerConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.V1);
  }
}
