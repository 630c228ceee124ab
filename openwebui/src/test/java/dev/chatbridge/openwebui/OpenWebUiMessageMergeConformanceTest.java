package dev.chatbridge.openwebui;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;

/** The conformance suite against a v0.10/0.11 server (history messages merged key by key). */
class OpenWebUiMessageMergeConformanceTest extends OpenWebUiConformanceBase {
  @Override
  protected Emulator createEmulator() {
    return new OpenWebUiEmulator(OpenWebUiEmulator.Persistence.MESSAGE_MERGE).pageSize(1);
  }
}
