package dev.chatbridge.opencx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;
import dev.chatbridge.testkit.RequestOptionsConformanceTest;

/** Per-call options and raw responses against the OpenCX emulator (a send polls the history). */
class OpenCxRequestOptionsTest extends RequestOptionsConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.MESSAGE_ID_ONLY);
  }
}
