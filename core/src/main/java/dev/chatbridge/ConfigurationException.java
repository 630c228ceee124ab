package dev.chatbridge;

/** The configuration is incomplete or contradictory: a missing option, an unknown vendor, an insecure URL. */
public class ConfigurationException extends ChatException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
