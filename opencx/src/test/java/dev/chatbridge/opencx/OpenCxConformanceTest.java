package dev.chatbridge.opencx;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;

/**
 * The conformance suite against the OpenCX emulator answering with the newest send response: only the stored message
 * id, so every reply is read by polling the history.
 */
class OpenCxConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator(OpenCxEmulator.Generation.MESSAGE_ID_ONLY);
  }
}
