package dev.chatbridge.opencx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.ListenerConformanceTest;
import dev.chatbridge.testkit.OpenCxEmulator;

/** The listener suite against the OpenCX emulator (a send polls the history: every poll counted). */
class OpenCxListenerTest extends ListenerConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.MESSAGE_ID_ONLY);
  }
}
