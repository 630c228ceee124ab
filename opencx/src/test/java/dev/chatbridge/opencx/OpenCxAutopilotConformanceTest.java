package dev.chatbridge.opencx;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/**
 * The conformance suite against the OpenCX emulator answering with the older autopilot send response (<code>{success,
 * code, autopilotResponse, …}</code>, HTTP 201), reply inline.
 */
class OpenCxAutopilotConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.AUTOPILOT);
  }
}
