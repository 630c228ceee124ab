package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.ChatProviderConformanceTest;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;

/**
 * The conformance suite against a v0.6.x server (top-level shallow merge of the posted chat); page size 1, so listing
 * really pages.
 */
class OpenWebUiShallowMergeConformanceTest extends ChatProviderConformanceTest {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.SHALLOW_MERGE).pageSize(1);
  }
}
