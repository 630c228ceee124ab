package dev.chatbridge.osvi;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;

/** The conformance suite against the OSVI emulator, speaking the legacy chat-session API. */
class OsviLegacyConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.LEGACY);
  }
}
