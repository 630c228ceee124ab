package dev.chatbridge.testkit;

import java.io.IOException;

/** An in-process Open WebUI server. PLACEHOLDER: replaced by the Open WebUI module's work. */
public final class OpenWebUiEmulator extends Emulator {
  public OpenWebUiEmulator() {
    super("openwebui", "test-key-openwebui");
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
