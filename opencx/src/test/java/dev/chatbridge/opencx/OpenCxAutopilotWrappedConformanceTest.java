package dev.chatbridge.opencx;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/**
 * The conformance suite against the OpenCX emulator answering with the wrapped autopilot send response
 * (<code>{success, data: {autopilotResponse, resolveArgs}}</code>), reply inline.
 */
class OpenCxAutopilotWrappedConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.AUTOPILOT_WRAPPED);
  }
}
