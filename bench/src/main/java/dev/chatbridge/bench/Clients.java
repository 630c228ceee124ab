package dev.chatbridge.bench;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;

/**
 * Builds the clients the benchmarks and mains drive: the vendor providers found through {@link ChatClients}
 * (ServiceLoader), exactly as an application would.
 */
final class Clients {
  static final String ONYX_KEY = "on_bench_key";
  static final String OPEN_WEBUI_KEY = "sk-0123456789abcdef0123456789abcdef";

  private Clients() {}

  static boolean hasProvider(String vendor) {
    return ChatClients.providers().containsKey(vendor);
  }

  static ChatConfig.Builder config(String vendor, String baseUrl) {
    ChatConfig.Builder b = ChatConfig.builder().vendor(vendor).baseUrl(baseUrl)
        .apiKey(vendor.equals("onyx") ? ONYX_KEY : OPEN_WEBUI_KEY);
    if (vendor.equals("openwebui")) {
      // the benchmarks' servers keep nothing and serve no version: the client-managed path, without the check
      // after the write-back (which would find the exchange missing); the re-read before it stays
      b.option("model", OpenWebUiScenario.MODEL).option("history", "client").option("write-settle", "0");
    }
    return b;
  }

  /** An Onyx client on {@code baseUrl} (which ends in {@code /api}). */
  static ChatClient onyx(String baseUrl) {
    return ChatClients.create(config("onyx", baseUrl).build());
  }

  /** An Open WebUI client on {@code baseUrl} (the server root); needs the openwebui module. */
  static ChatClient openWebUi(String baseUrl) {
    return ChatClients.create(config("openwebui", baseUrl).build());
  }

  /** Says which implementation {@link #onyx} uses, for reports. */
  static String onyxImplementation() {
    return hasProvider("onyx") ? "chatbridge-onyx provider" : "no onyx provider on the classpath";
  }
}
