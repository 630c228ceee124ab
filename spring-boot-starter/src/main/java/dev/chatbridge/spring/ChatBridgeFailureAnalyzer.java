package dev.chatbridge.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ChatBridgeStartupException} into Spring Boot's startup failure report: what is wrong, with which
 * property, and how to fix it, instead of a stack trace.
 */
public final class ChatBridgeFailureAnalyzer extends AbstractFailureAnalyzer<ChatBridgeStartupException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ChatBridgeStartupException cause) {
    String property = cause.property();
    String description = "ChatBridge could not create the ChatClient '" + cause.clientName() + "': "
        + cause.getMessage() + ".\n\nProperty: " + property;
    String action = switch (cause.problem()) {
      case MISSING_VENDOR -> "Set " + property + " (environment variable " + env(property) + ") to onyx, opencx,"
          + " openwebui or osvi, and add that vendor's module (dev.chatbridge:chatbridge-<vendor>).";
      case UNKNOWN_VENDOR -> "Set " + property + " to one of the vendors on the classpath, or add the module of"
          + " the vendor you meant (dev.chatbridge:chatbridge-onyx, -opencx, -openwebui or -osvi).";
      case VENDOR_MODULE_MISSING -> "Add the dependency dev.chatbridge:chatbridge-" + vendorOf(cause)
          + " to the application, or set " + property + " to a vendor on the classpath.";
      case MISSING_API_KEY -> "Set " + property + " (environment variable " + env(property)
          + ") to the vendor's API key; keep it out of source control (environment or a secret store).";
      case BAD_DURATION -> "Set " + property + " to a duration from 1 ms to 24 h: 30 (seconds), 500ms, 30s, 2m,"
          + " 1h or PT30S.";
      case INVALID -> "Fix the value named above (" + property + ").";
    };
    return new FailureAnalysis(description, action, cause);
  }

  private static String env(String property) {
    return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String vendorOf(ChatBridgeStartupException cause) {
    String m = cause.getMessage();
    int start = m.indexOf("chatbridge-");
    int end = m.indexOf(' ', start);
    return start < 0 || end < 0 ? "<vendor>" : m.substring(start + "chatbridge-".length(), end);
  }
}
