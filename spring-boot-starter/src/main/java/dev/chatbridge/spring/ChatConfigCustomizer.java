package dev.chatbridge.spring;

import dev.chatbridge.ChatConfig;

/**
 * Changes the {@link ChatConfig.Builder} of each ChatClient the starter creates, after the properties are applied
 * and before the configuration is built (and checked). Declare one or more as beans; they run in {@code @Order}.
 */
@FunctionalInterface
public interface ChatConfigCustomizer {
  /**
   * Customizes the builder of the client {@code clientName} ({@code chatClient} for the default client, else the
   * name under {@code chatbridge.clients}).
   */
  void customize(String clientName, ChatConfig.Builder builder);
}
