package dev.chatbridge.testkit;

import java.io.IOException;

/** An in-process OSVI server. PLACEHOLDER: replaced by the OSVI module's work. */
public final class OsviEmulator extends Emulator {
  public OsviEmulator() {
    super("osvi", "test-key-osvi");
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
