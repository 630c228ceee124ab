package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator.Persistence;

/**
 * The connection-drop matrix (docs/RELIABILITY.md) against the Open WebUI emulator of v0.11 servers with the
 * default {@code history=auto}, which detects them as server-managed: the dropped POST is the chat-bound
 * completion, which stores the turn before it answers.
 */
class OpenWebUiServerManagedConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(Persistence.MESSAGE_MERGE);
  }

  @Override
  protected String matrixName() {
    return "openwebui-server-managed";
  }
}
