package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator.Persistence;

/**
 * The connection-drop matrix (docs/RELIABILITY.md) against the Open WebUI emulator of servers up to v0.10 (a chat
 * update replaces the history): client-managed, the dropped POST is the unbound completion.
 */
class OpenWebUiReplacingConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(Persistence.SHALLOW_MERGE);
  }

  @Override
  protected String matrixName() {
    return "openwebui-replacing";
  }
}
