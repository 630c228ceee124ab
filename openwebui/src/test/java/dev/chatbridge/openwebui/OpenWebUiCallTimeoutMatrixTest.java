package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import java.util.HashMap;
import java.util.Map;

/** Every blocking operation ends within the call timeout (docs/RELIABILITY.md), against the Open WebUI emulator. */
class OpenWebUiCallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator();
  }

  /** The client-managed path, whose table docs/RELIABILITY.md keeps (the v0.11 emulator would pick the server one). */
  @Override
  protected Map<String, String> options() {
    Map<String, String> options = new HashMap<>(super.options());
    options.put("history", "client");
    return options;
  }
}
