package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ConnectionDropMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator.Persistence;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection-drop matrix (docs/RELIABILITY.md) against the Open WebUI emulator of v0.11 servers (a chat update
 * merges the history per message) with {@code history=client}: client-managed, the dropped POST is the unbound
 * completion.
 */
class OpenWebUiMergingConnectionDropMatrixTest extends ConnectionDropMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(Persistence.MESSAGE_MERGE);
  }

  @Override
  protected Map<String, String> options() {
    Map<String, String> options = new LinkedHashMap<>(super.options());
    options.put("history", "client");
    return options;
  }

  @Override
  protected String matrixName() {
    return "openwebui-merging";
  }
}
