package dev.chatbridge.spring;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link ChatBridgeHealthIndicator} (health component {@code chatBridge}) when Spring Boot's health module (Actuator,
 * Boot 4) is present and there are ChatClient beans. Off with {@code management.health.chatbridge.enabled=false};
 * {@code management.health.chatbridge.timeout} (ChatBridge's duration forms) bounds each check.
 */
@AutoConfiguration(after = ChatBridgeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(ChatClient.class)
@ConditionalOnProperty(name = "management.health.chatbridge.enabled", matchIfMissing = true)
public class ChatBridgeHealthAutoConfiguration {
  /** The indicator over every ChatClient bean. */
  @Bean
  @ConditionalOnMissingBean
  ChatBridgeHealthIndicator chatBridgeHealthIndicator(Map<String, ChatClient> clients, Environment environment,
      ChatBridgeAutoConfiguration.ClientConfigs configs) {
    String timeout = environment.getProperty("management.health.chatbridge.timeout");
    return new ChatBridgeHealthIndicator(clients, timeout == null ? null
        : ChatConfig.parseDuration("management.health.chatbridge.timeout", timeout), configs.byName());
  }
}
