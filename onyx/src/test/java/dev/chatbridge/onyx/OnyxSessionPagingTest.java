package dev.chatbridge.onyx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OnyxEmulator;
import dev.chatbridge.testkit.SessionPagingConformanceTest;

/** The session-paging suite against the Onyx emulator (pages by time, page size honoured up to 100). */
class OnyxSessionPagingTest extends SessionPagingConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }
}
