package dev.chatbridge.onyx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * The {@code onyx} provider. Options: {@code persona-id} (the agent of new sessions, default 0) and
 * {@code project-id}; the base URL defaults to Onyx Cloud. Found through {@link java.util.ServiceLoader}.
 */
public final class OnyxProvider implements ChatProvider {
  /** The vendor name, {@code chatbridge.vendor=onyx}. */
  public static final String NAME = "onyx";

  static final String PERSONA_ID = "persona-id";
  static final String PROJECT_ID = "project-id";
  static final Set<Capability> CAPABILITIES = Set.of(Capability.STREAMING, Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION, Capability.CITATIONS,
      Capability.STOP_GENERATION, Capability.BRANCHING);

  /** For {@link java.util.ServiceLoader}. */
  public OnyxProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of(PERSONA_ID, PROJECT_ID);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    Options options = options(config); // before the client: a bad option must not leave its threads behind
    return new OnyxBackend(OnyxClient.create(config), options);
  }

  /** The options the backend reads: the persona and project of new sessions (null: the server's default). */
  record Options(Integer personaId, Integer projectId) {}

  /** The options of {@code config}; a value that is not a whole number is a ConfigurationException naming it. */
  static Options options(ChatConfig config) {
    return new Options(integer(config, PERSONA_ID), integer(config, PROJECT_ID));
  }

  private static Integer integer(ChatConfig config, String key) {
    String value = config.option(key).orElse(null);
    if (value == null) return null;
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw config.invalidOption(key, "a whole number");
    }
  }
}
