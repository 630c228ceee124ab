package dev.chatbridge.testkit.tiny;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.EnumSet;
import java.util.Set;

/** Registers the tiny test vendor through {@code META-INF/services}, exactly as a real vendor module does. */
public final class TinyProvider implements ChatProvider {
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.STREAMING, Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION);

  @Override
  public String name() {
    return "tiny";
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
    return new TinyBackend(config);
  }
}
