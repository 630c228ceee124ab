package dev.chatbridge.onyx;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OnyxEmulator;

/**
 * The connection-drop matrix (docs/RELIABILITY.md) against the Onyx emulator: the send's answer is the emulator's
 * whole run, so a client rejoining it finds the run over (resume 404) and reads the reply from
 * {@code get-chat-session}; the row "resume refused" refuses every {@code resume-stream} with a 503.
 */
class OnyxConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OnyxEmulator();
  }

  @Override
  protected String resumePath(String sessionId) {
    return "/api/chat/chat-session/" + sessionId + "/resume-stream";
  }

  @Override
  protected String matrixName() {
    return "onyx";
  }
}
