package dev.chatbridge.spring;

import dev.chatbridge.ConfigurationException;
import java.util.Objects;

/**
 * A ChatClient bean could not be created from the properties: which problem, which property and ChatBridge's own
 * message. {@link ChatBridgeFailureAnalyzer} turns it into Spring Boot's startup failure report. The message never
 * holds the API key (ChatBridge's messages never do).
 */
public final class ChatBridgeStartupException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Problem {
    /** No {@code vendor} set. */
    MISSING_VENDOR,
    /** A vendor name no ChatBridge module has. */
    UNKNOWN_VENDOR,
    /** A ChatBridge vendor whose module is not on the classpath. */
    VENDOR_MODULE_MISSING,
    /** The vendor needs an API key and none is set. */
    MISSING_API_KEY,
    /** A duration that cannot be read or is out of range. */
    BAD_DURATION,
    /** Any other value ChatBridge refused (a missing required option, a bad URL, a negative number, ...). */
    INVALID
  }

  private final Problem problem;
  private final String clientName;
  private final String property;

  ChatBridgeStartupException(Problem problem, String clientName, String property, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.clientName = clientName;
    this.property = property;
  }

  /** What is wrong. */
  public Problem problem() {
    return problem;
  }

  /** The client's bean name. */
  public String clientName() {
    return clientName;
  }

  /** The property to fix, e.g. {@code chatbridge.vendor} or {@code chatbridge.clients.support.timeout}. */
  public String property() {
    return property;
  }
}
