package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;

/** The whole conformance suite against the reference vendor: proves the suite before any real vendor runs it. */
class TinyConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }
}
