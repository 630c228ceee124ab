package dev.chatbridge.openwebui;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * The {@code openwebui} provider. Needs a base URL (self-hosted, no default); option {@code model} is needed to
 * send (not to create, list or read chats); option {@code page-size} only for a server whose chat-list page is not
 * 60.
 */
public final class OpenWebUiProvider implements ChatProvider {
  static final Set<Capability> CAPABILITIES = Set.of(Capability.STREAMING, Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION, Capability.END_SESSION,
      Capability.CITATIONS, Capability.BRANCHING);

  /** For {@link java.util.ServiceLoader}. */
  public OpenWebUiProvider() {}

  @Override
  public String name() {
    return OpenWebUiClient.VENDOR;
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of("model", "page-size");
  }

  @Override
  public boolean requiresBaseUrl() {
    return true;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    return new OpenWebUiBackend(OpenWebUiClient.create(config));
  }
}
