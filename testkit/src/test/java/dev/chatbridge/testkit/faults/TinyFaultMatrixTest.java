package dev.chatbridge.testkit.faults;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.FaultMatrixTest;

/** The fault matrix on the tiny in-test vendor: core transport and NDJSON reading alone. */
class TinyFaultMatrixTest extends FaultMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }

  @Override
  protected String createPath() {
    return "/tiny/sessions";
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/tiny/sessions/" + sessionId + "/messages";
  }

  @Override
  protected String readPath(String sessionId) {
    return "/tiny/sessions/" + sessionId + "/messages";
  }

  @Override
  protected ChatClient createClient(ChatConfig config) {
    return ChatClient.of(new TinyProvider().create(config));
  }
}
