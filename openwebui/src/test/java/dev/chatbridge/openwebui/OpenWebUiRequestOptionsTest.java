package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.RequestOptionsConformanceTest;

/** Per-call options and raw responses against the Open WebUI emulator (a send reads, completes, writes back). */
class OpenWebUiRequestOptionsTest extends RequestOptionsConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.MESSAGE_MERGE);
  }
}
