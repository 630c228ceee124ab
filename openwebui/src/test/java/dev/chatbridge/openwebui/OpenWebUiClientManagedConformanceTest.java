package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import java.util.HashMap;
import java.util.Map;

/** The conformance suite against a v0.11 server with the client-managed path forced ({@code history=client}). */
class OpenWebUiClientManagedConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.MESSAGE_MERGE).pageSize(1);
  }

  @Override
  protected Map<String, String> options() {
    Map<String, String> options = new HashMap<>(super.options());
    options.put("history", "client");
    return options;
  }
}
