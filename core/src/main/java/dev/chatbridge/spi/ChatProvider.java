package dev.chatbridge.spi;

import dev.chatbridge.ChatConfig;
import java.util.Set;

/**
 * A vendor module's entry point, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.chatbridge.spi.ChatProvider}.
 */
public interface ChatProvider {
  /** The vendor name used in configuration ({@code chatbridge.vendor}), lower-case. */
  String name();

  /** Vendor option keys that must be set ({@code chatbridge.<vendor>.<key>}); checked before {@link #create}. */
  default Set<String> requiredOptions() {
    return Set.of();
  }

  /** Vendor option keys that may be set. */
  default Set<String> optionalOptions() {
    return Set.of();
  }

  /** Whether a base URL must be configured (no vendor cloud default). */
  default boolean requiresBaseUrl() {
    return false;
  }

  /** The capabilities clients of this provider have, without creating one. */
  Set<dev.chatbridge.Capability> capabilities();

  /** Creates a backend from a validated configuration. */
  ChatBackend create(ChatConfig config);
}
