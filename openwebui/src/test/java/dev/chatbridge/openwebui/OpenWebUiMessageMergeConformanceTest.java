package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import java.util.HashMap;
import java.util.Map;

/**
 * The conformance suite against a v0.11 server (history merged per message) on the server-managed path, configured
 * ({@code history=server}, so the client claims STOP_GENERATION and the suite checks that cancel stops the server's
 * task; detection by version is {@code OpenWebUiServerManagedTest}'s); page size 1, so listing really pages.
 */
class OpenWebUiMessageMergeConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.MESSAGE_MERGE).pageSize(1);
  }

  @Override
  protected Map<String, String> options() {
    Map<String, String> options = new HashMap<>(super.options());
    options.put("history", "server");
    return options;
  }
}
