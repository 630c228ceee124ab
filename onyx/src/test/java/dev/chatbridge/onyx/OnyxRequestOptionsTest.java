package dev.chatbridge.onyx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OnyxEmulator;
import dev.chatbridge.testkit.RequestOptionsConformanceTest;

/** Per-call options and raw responses against the Onyx emulator. */
class OnyxRequestOptionsTest extends RequestOptionsConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }
}
