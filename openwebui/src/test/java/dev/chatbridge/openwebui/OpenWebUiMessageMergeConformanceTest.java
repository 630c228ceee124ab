package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;

/**
 * The conformance suite against a v0.11 server (history merged per message; reporting 0.11.3, so sends take the
 * server-managed path); page size 1, so listing really pages.
 */
class OpenWebUiMessageMergeConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.MESSAGE_MERGE).pageSize(1);
  }
}
