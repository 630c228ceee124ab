package dev.chatbridge.osvi;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OsviEmulator;
import dev.chatbridge.testkit.RequestOptionsConformanceTest;

/** Per-call options and raw responses against the OSVI emulator, speaking Chat v1. */
class OsviRequestOptionsTest extends RequestOptionsConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OsviEmulator(OsviEmulator.Api.V1);
  }
}
