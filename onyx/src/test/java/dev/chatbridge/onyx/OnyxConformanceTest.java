package dev.chatbridge.onyx;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OnyxEmulator;

/** The shared conformance suite against the Onyx emulator. */
class OnyxConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }
}
