package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.RequestOptionsConformanceTest;

/** The per-call options suite against the reference vendor: proves the suite before any real vendor runs it. */
class TinyRequestOptionsTest extends RequestOptionsConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }
}
