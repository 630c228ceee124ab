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

  @Override
  protected String sendPath(String sessionId) {
    return "/api/chat/send-chat-message";
  }

  @Override
  protected String readPath(String sessionId) {
    return "/api/chat/get-chat-session/" + sessionId;
  }
}
