package dev.chatbridge.onyx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OnyxEmulator;

/** The fault matrix (docs/RELIABILITY.md) against the Onyx emulator. */
class OnyxFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }

  @Override
  protected String createPath() {
    return "/api/chat/create-chat-session";
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
