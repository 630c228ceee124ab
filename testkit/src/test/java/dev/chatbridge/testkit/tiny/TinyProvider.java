package dev.chatbridge.testkit.tiny;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * {@code tiny}, the testkit's reference vendor: a few lines over core's transport and NDJSON reader with nothing
 * vendor-specific on top, so what the suites prove for it (its tables in docs/RELIABILITY.md) is core's own
 * behaviour, and every suite is proved before a real vendor runs it. Registered through {@code META-INF/services}
 * exactly as a real vendor module is.
 */
public final class TinyProvider implements ChatProvider {
  /** The vendor name. */
  public static final String NAME = "tiny";
  static final Set<Capability> CAPABILITIES = Set.of(Capability.STREAMING, Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION);

  @Override
  public String name() {
    return NAME;
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
