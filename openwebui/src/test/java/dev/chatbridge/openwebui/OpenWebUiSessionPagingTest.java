package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.SessionPagingConformanceTest;

/** The session-paging suite against the Open WebUI emulator (numbered pages of 60, times in seconds). */
class OpenWebUiSessionPagingTest extends SessionPagingConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.MESSAGE_MERGE);
  }
}
