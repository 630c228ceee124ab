package dev.chatbridge.opencx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;
import dev.chatbridge.testkit.SessionPagingConformanceTest;

/** The session-paging suite against the OpenCX emulator (a page size of its own, here 25; offset cursors). */
class OpenCxSessionPagingTest extends SessionPagingConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.MESSAGE_ID_ONLY).listPageSize(25);
  }
}
