package dev.chatbridge.osvi;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code osvi} provider. Options ({@code chatbridge.osvi.<key>} / {@code CHATBRIDGE_OSVI_<KEY>}):
 * {@code agent-uuid} (required), {@code api} ({@code v1}, the default, or {@code legacy}), {@code customer-id}
 * (v1: the default customer; {@code SessionOptions.contactId} overrides it per session) and {@code person-name}
 * (legacy: {@code metadata.person_name}).
 */
public final class OsviProvider implements ChatProvider {
  static final Set<Capability> CAPABILITIES = Set.of(Capability.END_SESSION, Capability.HUMAN_HANDOFF);
  /** Which OSVI API generation the neutral API speaks. */
  enum Api {
    V1,
    LEGACY
  }

  /** Public for {@link java.util.ServiceLoader}. */
  public OsviProvider() {}

  @Override
  public String name() {
    return Wire.VENDOR;
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of("agent-uuid");
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of("api", "customer-id", "person-name");
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    String agentUuid = config.requireOption("agent-uuid");
    Api api = api(config);
    return new OsviBackend(new OsviClient(config), api, agentUuid, config.option("customer-id").orElse(null),
        config.option("person-name").orElse(null));
  }

  static Api api(ChatConfig config) {
    String value = config.option("api").orElse("v1");
    switch (value.toLowerCase(Locale.ROOT)) {
      case "v1":
        return Api.V1;
      case "legacy":
        return Api.LEGACY;
      default:
        throw new ConfigurationException("chatbridge.osvi.api (CHATBRIDGE_OSVI_API) must be 'v1' or 'legacy', not '"
            + value + "'");
    }
  }
}
