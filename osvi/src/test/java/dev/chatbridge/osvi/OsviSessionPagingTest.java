package dev.chatbridge.osvi;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;
import dev.chatbridge.testkit.SessionPagingConformanceTest;

/** The session-paging suite against the OSVI emulator: OSVI cannot list, so listing is refused unsent. */
class OsviSessionPagingTest extends SessionPagingConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.V1);
  }
}
