package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.ListenerConformanceTest;

/** The listener suite against the reference vendor: proves the suite before any real vendor runs it. */
class TinyListenerTest extends ListenerConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }
}
