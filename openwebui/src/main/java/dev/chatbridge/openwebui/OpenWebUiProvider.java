package dev.chatbridge.openwebui;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * The {@code openwebui} provider. Needs a base URL (self-hosted, no default); option {@code model} is needed to
 * send (not to create, list or read chats); option {@code page-size} only for a server whose chat-list page is not
 * 60; option {@code write-settle} (a duration, default 100ms; 0 turns the check off) is how long a send waits after writing its exchange
 * back before it reads the chat again to check the write survived other writers (README, "Open WebUI server
 * generations"); option {@code history} ({@code auto}, {@code client}, {@code server}) chooses who keeps the chat's
 * history, {@code poll-interval} how often the server-managed path reads a running reply.
 *
 * <p>{@link #capabilities()} is what every client has; a client built with {@code history=server} also claims
 * {@link Capability#STOP_GENERATION} ({@code cancel()} calls {@code POST /api/tasks/chat/{id}/stop}). With
 * {@code auto} the path is known only after the first send reads the server's version, so it is not claimed,
 * though {@code cancel()} still stops the server's task, best effort, once the server was detected as
 * server-managed.
 */
public final class OpenWebUiProvider implements ChatProvider {
  /** The vendor name, {@code chatbridge.vendor=openwebui}. */
  public static final String NAME = "openwebui";

  static final String MODEL = "model";
  static final String PAGE_SIZE = "page-size";
  static final String WRITE_SETTLE = "write-settle";
  static final String HISTORY = "history";
  static final String POLL_INTERVAL = "poll-interval";
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
    return Set.of(MODEL, PAGE_SIZE, WRITE_SETTLE, HISTORY, POLL_INTERVAL);
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
  record Options(String model, int pageSize, java.time.Duration writeSettle, String history,
      java.time.Duration pollInterval) {}

  /** The options of {@code config}; a page size that is not a positive whole number is a ConfigurationException. */
  static Options options(ChatConfig config) {
    return new Options(config.option(MODEL).orElse(null),
        config.option(PAGE_SIZE).map(value -> pageSize(config, value)).orElse(OpenWebUiClient.DEFAULT_PAGE_SIZE),
        config.option(WRITE_SETTLE).map(OpenWebUiProvider::writeSettle).orElse(OpenWebUiClient.DEFAULT_WRITE_SETTLE),
        config.option(HISTORY).map(value -> history(config, value)).orElse("auto"),
        config.option(POLL_INTERVAL).map(value -> ChatConfig.parseDuration(
            "chatbridge." + NAME + "." + POLL_INTERVAL, value))
            .orElse(OpenWebUiClient.DEFAULT_POLL_INTERVAL));
  }

  /** A duration, or {@code 0} (any unit): no check after the write-back, for a chat with a single writer. */
  private static java.time.Duration writeSettle(String value) {
    if (value.trim().matches("0+(ms|s|m|h)?")) return java.time.Duration.ZERO;
    return ChatConfig.parseDuration("chatbridge." + NAME + "." + WRITE_SETTLE, value);
  }

  private static String history(ChatConfig config, String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("auto") || v.equals("client") || v.equals("server")) return v;
    throw config.invalidOption(HISTORY, "auto, client or server");
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
