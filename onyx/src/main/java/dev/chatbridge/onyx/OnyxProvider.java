package dev.chatbridge.onyx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code onyx} provider. Options: {@code persona-id} (the agent of new sessions, default 0) and
 * {@code project-id}; the base URL defaults to Onyx Cloud. Found through {@link java.util.ServiceLoader}.
 */
public final class OnyxProvider implements ChatProvider {
  static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
      Capability.STREAMING,
      Capability.GET_SESSION,
      Capability.LIST_SESSIONS,
      Capability.HISTORY,
      Capability.DELETE_SESSION,
      Capability.CITATIONS,
      Capability.STOP_GENERATION,
      Capability.BRANCHING));

  /** For {@link java.util.ServiceLoader}. */
  public OnyxProvider() {}

  @Override
  public String name() {
    return "onyx";
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of(OnyxBackend.PERSONA_ID, OnyxBackend.PROJECT_ID);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    return new OnyxBackend(config);
  }
}
