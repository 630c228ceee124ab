package dev.chatbridge;

/** The configuration is incomplete or contradictory: a missing option, an unknown vendor, an insecure URL. */
public class ConfigurationException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the setting that is wrong or missing. */
  public ConfigurationException(String message) {
    super(message);
  }

  /** An exception naming the setting that is wrong, with its cause. */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
