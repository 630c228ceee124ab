package dev.chatbridge.testkit.faults;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.testkit.ClientReliabilityTest;
import dev.chatbridge.testkit.Emulator;

/** Concurrency, leaks, secrets and transport security on the tiny in-test vendor. */
class TinyClientReliabilityTest extends ClientReliabilityTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }

  @Override
  protected String sendPath(String sessionId) {
    return "/tiny/sessions/" + sessionId + "/messages";
  }

  @Override
  protected ChatClient createClient(ChatConfig config) {
    return ChatClient.of(new TinyProvider().create(config));
  }
}
