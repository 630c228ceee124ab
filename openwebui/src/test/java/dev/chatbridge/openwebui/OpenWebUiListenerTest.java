package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.ListenerConformanceTest;
import dev.chatbridge.testkit.OpenWebUiEmulator;

/** The listener suite against the Open WebUI emulator (a send reads the chat, streams, writes it back). */
class OpenWebUiListenerTest extends ListenerConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.MESSAGE_MERGE);
  }
}
