package dev.chatbridge.opencx;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/**
 * The conformance suite against the OpenCX emulator answering with the 2024 send response (<code>{ai_response:
 * {text}}</code>, HTTP 201), reply inline.
 */
class OpenCxAiResponse2024ConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.AI_RESPONSE_2024);
  }
}
