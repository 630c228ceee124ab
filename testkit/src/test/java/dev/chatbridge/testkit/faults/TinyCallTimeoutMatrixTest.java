package dev.chatbridge.testkit.faults;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.testkit.CallTimeoutMatrixTest;
import dev.chatbridge.testkit.Emulator;

/** Every blocking operation ends within the call timeout, on the tiny in-test vendor: core's own behaviour. */
class TinyCallTimeoutMatrixTest extends CallTimeoutMatrixTest {
  @Override
  protected Emulator createEmulator() {
    return new TinyEmulator();
  }

  @Override
  protected ChatClient createClient(ChatConfig config) {
    return ChatClient.of(new TinyProvider().create(config));
  }
}
