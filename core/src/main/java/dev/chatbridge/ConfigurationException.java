package dev.chatbridge;

import java.util.Optional;

/** The configuration is incomplete or contradictory: a missing option, an unknown vendor, an insecure URL. */
public class ConfigurationException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** The configuration key of the setting that is wrong or missing, when one setting is to blame. */
  private final String setting;

  /** An exception naming the setting that is wrong or missing. */
  public ConfigurationException(String message) {
    this(message, (Throwable) null);
  }

  /** An exception naming the setting that is wrong, with its cause. */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
    this.setting = null;
  }

  private ConfigurationException(String setting, String message) {
    super(message);
    this.setting = setting;
  }

  /**
   * An exception about exactly one setting, named by its configuration key (e.g. {@code chatbridge.api-key}), so
   * that integrations can point at the property to fix without reading the message.
   */
  public static ConfigurationException forSetting(String setting, String message) {
    if (setting == null || setting.isBlank()) throw new IllegalArgumentException("setting must name a key");
    return new ConfigurationException(setting, message);
  }

  /** The configuration key to fix (e.g. {@code chatbridge.api-key}), when the exception is about one setting. */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }
}
