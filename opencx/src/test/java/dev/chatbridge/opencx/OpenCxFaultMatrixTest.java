package dev.chatbridge.opencx;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;
import dev.chatbridge.testkit.OpenCxEmulator;

/** The fault matrix (docs/RELIABILITY.md) against the OpenCX emulator. */
class OpenCxFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenCxEmulator();
  }

  @Override
  protected String createPath() {
    return "/chat/sessions";
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/chat/sessions/" + sessionId + "/send";
  }

  @Override
  protected String readPath(String sessionId) {
    return "/chat/sessions/" + sessionId + "/history";
  }

}
