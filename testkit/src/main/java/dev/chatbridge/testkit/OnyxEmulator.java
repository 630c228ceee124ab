package dev.chatbridge.testkit;

import java.io.IOException;

/** An in-process Onyx server. PLACEHOLDER: replaced by the Onyx module's work. */
public final class OnyxEmulator extends Emulator {
  public OnyxEmulator() {
    super("onyx", "test-key-onyx");
  }

  @Override
  public String errorBody(int status, String message) {
    return "{\"detail\":\"" + message.replace("\"", "'") + "\"}";
  }

  @Override
  protected void handle(Exchange exchange) throws IOException {
    exchange.json(501, errorBody(501, "not emulated yet"));
  }
}
