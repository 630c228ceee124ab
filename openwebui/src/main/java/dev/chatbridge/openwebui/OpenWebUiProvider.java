package dev.chatbridge.openwebui;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * The {@code openwebui} provider. Needs a base URL (self-hosted, no default); option {@code model} is needed to
 * send (not to create, list or read chats); option {@code page-size} only for a server whose chat-list page is not
 * 60; option {@code write-settle} (a duration, default 100ms) is how long a send waits after writing its exchange
 * back before it reads the chat again to check the write survived other writers (README, "Open WebUI server
 * generations").
 */
public final class OpenWebUiProvider implements ChatProvider {
  /** The vendor name, {@code chatbridge.vendor=openwebui}. */
  public static final String NAME = "openwebui";

  static final String MODEL = "model";
  static final String PAGE_SIZE = "page-size";
  static final String WRITE_SETTLE = "write-settle";
  static final Set<Capability> CAPABILITIES = Set.of(Capability.STREAMING, Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION, Capability.END_SESSION,
      Capability.CITATIONS, Capability.BRANCHING);

  /** For {@link java.util.ServiceLoader}. */
  public OpenWebUiProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of(MODEL, PAGE_SIZE, WRITE_SETTLE);
  }

  @Override
  public boolean requiresBaseUrl() {
    return true;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** The backend over a client made from {@code config}; the client reads the options (its builder sets them). */
  @Override
  public ChatBackend create(ChatConfig config) {
    return new OpenWebUiBackend(OpenWebUiClient.create(config));
  }

  /**
   * The options, which the typed client reads ({@link OpenWebUiClient#defaultModel()},
   * {@link OpenWebUiClient#pageSize()}, {@link OpenWebUiClient#writeSettle()}): the default model (null: none),
   * the server's chat-list page size and the delay before a write-back is checked.
   */
  record Options(String model, int pageSize, java.time.Duration writeSettle) {}

  /** The options of {@code config}; a page size that is not a positive whole number is a ConfigurationException. */
  static Options options(ChatConfig config) {
    return new Options(config.option(MODEL).orElse(null),
        config.option(PAGE_SIZE).map(value -> pageSize(config, value)).orElse(OpenWebUiClient.DEFAULT_PAGE_SIZE),
        config.option(WRITE_SETTLE).map(value -> ChatConfig.parseDuration(
            "chatbridge." + NAME + "." + WRITE_SETTLE, value))
            .orElse(OpenWebUiClient.DEFAULT_WRITE_SETTLE));
  }

  private static int pageSize(ChatConfig config, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // refused below
    }
    throw config.invalidOption(PAGE_SIZE, "a positive whole number");
  }
}
