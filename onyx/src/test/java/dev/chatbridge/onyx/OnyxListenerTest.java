package dev.chatbridge.onyx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.ListenerConformanceTest;
import dev.chatbridge.testkit.OnyxEmulator;

/** The listener suite against the Onyx emulator (a blocking send streams underneath). */
class OnyxListenerTest extends ListenerConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }
}
