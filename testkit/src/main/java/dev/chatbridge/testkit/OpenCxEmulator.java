package dev.chatbridge.testkit;

import java.io.IOException;

/** An in-process OpenCX server. PLACEHOLDER: replaced by the OpenCX module's work. */
public final class OpenCxEmulator extends Emulator {
  public OpenCxEmulator() {
    super("opencx", "test-key-opencx");
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
