package dev.chatbridge.onyx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * The {@code onyx} provider. Options: {@code persona-id} (the agent of new sessions, default 0),
 * {@code project-id}, and {@code resume-attempts} (how often a reply whose connection broke is rejoined through
 * {@code resume-stream}, default 2; 0 turns reply recovery off); the base URL defaults to Onyx Cloud. Found through
 * {@link java.util.ServiceLoader}.
 */
public final class OnyxProvider implements ChatProvider {
  /** The vendor name, {@code chatbridge.vendor=onyx}. */
  public static final String NAME = "onyx";

  static final String PERSONA_ID = "persona-id";
  static final String PROJECT_ID = "project-id";
  static final String RESUME_ATTEMPTS = "resume-attempts";
  static final int DEFAULT_RESUME_ATTEMPTS = 2;
  static final int MAX_RESUME_ATTEMPTS = 10;
  static final Set<Capability> CAPABILITIES = Set.of(Capability.STREAMING, Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION, Capability.CITATIONS,
      Capability.STOP_GENERATION, Capability.BRANCHING, Capability.RESUMABLE_STREAMS);

  /** For {@link java.util.ServiceLoader}. */
  public OnyxProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of(PERSONA_ID, PROJECT_ID, RESUME_ATTEMPTS);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    Options options = options(config); // before the client: a bad option must not leave its threads behind
    return new OnyxBackend(OnyxClient.create(config), options, new OnyxResume(config, options.resumeAttempts()));
  }

  /**
   * The options the backend reads: the persona and project of new sessions (null: the server's default), and how
   * many times a broken reply is rejoined.
   */
  record Options(Integer personaId, Integer projectId, int resumeAttempts) {}

  /** The options of {@code config}; a value that is not a whole number is a ConfigurationException naming it. */
  static Options options(ChatConfig config) {
    Integer attempts = integer(config, RESUME_ATTEMPTS);
    if (attempts != null && (attempts < 0 || attempts > MAX_RESUME_ATTEMPTS)) {
      throw config.invalidOption(RESUME_ATTEMPTS, "a whole number from 0 to " + MAX_RESUME_ATTEMPTS);
    }
    return new Options(integer(config, PERSONA_ID), integer(config, PROJECT_ID),
        attempts == null ? DEFAULT_RESUME_ATTEMPTS : attempts);
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
