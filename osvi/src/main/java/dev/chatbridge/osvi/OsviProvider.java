package dev.chatbridge.osvi;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
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
  /** The vendor name, {@code chatbridge.vendor=osvi}. */
  public static final String NAME = "osvi";

  static final String AGENT_UUID = "agent-uuid";
  static final String API = "api";
  static final String CUSTOMER_ID = "customer-id";
  static final String PERSON_NAME = "person-name";
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
    return NAME;
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of(AGENT_UUID);
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of(API, CUSTOMER_ID, PERSON_NAME);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    Options options = options(config); // before the client: a bad option must not leave its threads behind
    return new OsviBackend(OsviClient.create(config), options);
  }

  /**
   * The options the backend reads: the API generation, the agent, the default customer (v1, may be null) and the
   * person name (legacy, may be null).
   */
  record Options(Api api, String agentUuid, String customerId, String personName) {}

  /** The options of {@code config}; a missing agent or an unknown API generation is a ConfigurationException. */
  static Options options(ChatConfig config) {
    String agentUuid = config.requireOption(AGENT_UUID);
    Api api = switch (config.option(API).orElse("v1").toLowerCase(Locale.ROOT)) {
      case "v1" -> Api.V1;
      case "legacy" -> Api.LEGACY;
      default -> throw config.invalidOption(API, "'v1' or 'legacy'");
    };
    return new Options(api, agentUuid, config.option(CUSTOMER_ID).orElse(null),
        config.option(PERSON_NAME).orElse(null));
  }
}
