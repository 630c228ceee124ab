package dev.chatbridge.spring;

import dev.chatbridge.ApiException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.PageRequest;
import dev.chatbridge.RequestOptions;
import dev.chatbridge.osvi.OsviClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.ClassUtils;

/**
 * Actuator health of every ChatClient bean: one cheap read-only call each (the first session of the session list,
 * {@code limit 1}, no retry), bounded by {@code management.health.chatbridge.timeout} when set, else by the client's
 * own call timeout ({@code chatbridge.timeout}). It never sends a message
 * and never creates a session. OSVI has no session list: its check reads the active sessions of the configured
 * customer ({@code chatbridge.osvi.customer-id}; the client's own timeout), and without one it is {@code UNKNOWN}
 * with the reason. A failure
 * is {@code DOWN} with the exception type, HTTP status, vendor and ChatBridge's message, which never holds the key.
 * The overall status is {@code DOWN} if any client is down, else {@code UP} if any is up, else {@code UNKNOWN}.
 */
public final class ChatBridgeHealthIndicator implements HealthIndicator {
  private final Map<String, ChatClient> clients;
  private final RequestOptions options;
  private final Map<String, ChatConfig> configs;
  private static final boolean OSVI = ClassUtils.isPresent("dev.chatbridge.osvi.OsviClient",
      ChatBridgeHealthIndicator.class.getClassLoader());

  /** The health of {@code clients}, by bean name; {@code timeout} null for each client's own call timeout. */
  public ChatBridgeHealthIndicator(Map<String, ChatClient> clients, Duration timeout) {
    this(clients, timeout, Map.of());
  }

  /** As above, with the configurations the clients were built from (the OSVI check reads its customer id). */
  ChatBridgeHealthIndicator(Map<String, ChatClient> clients, Duration timeout, Map<String, ChatConfig> configs) {
    this.clients = Map.copyOf(clients);
    this.configs = configs;
    RequestOptions.Builder b = RequestOptions.builder().maxRetries(0);
    if (timeout != null) b.timeout(timeout);
    this.options = b.build();
  }

  @Override
  public Health health() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean anyDown = false;
    boolean anyUp = false;
    for (Map.Entry<String, ChatClient> e : new TreeMap<>(clients).entrySet()) {
      Health health = check(e.getValue(), options, configs.get(e.getKey()));
      details.put(e.getKey(), health);
      anyDown |= Status.DOWN.equals(health.getStatus());
      anyUp |= Status.UP.equals(health.getStatus());
    }
    Health.Builder overall = anyDown ? Health.down() : anyUp ? Health.up() : Health.unknown();
    return overall.withDetails(details).build();
  }

  /** One client's health. */
  static Health check(ChatClient client, RequestOptions options, ChatConfig config) {
    String customer = config == null ? null : config.option("customer-id").orElse(null);
    if (OSVI && client.vendor().equals("osvi") && customer != null) {
      String check = "active sessions of the configured customer (chatbridge.osvi.customer-id)";
      try {
        OsviCheck.activeSessions(client, customer);
        return Health.up().withDetail("vendor", client.vendor()).withDetail("check", check).build();
      } catch (RuntimeException e) {
        return down(client, check, e);
      }
    }
    if (!client.capabilities().contains(Capability.LIST_SESSIONS)) {
      return Health.unknown().withDetail("vendor", client.vendor())
          .withDetail("reason", client.vendor() + " has no session list and no customer id is configured"
              + " (chatbridge.osvi.customer-id) to read active sessions; a health check never creates a session")
          .build();
    }
    try {
      client.listSessions(PageRequest.of(1, null), options);
      return Health.up().withDetail("vendor", client.vendor()).withDetail("check", "list sessions, limit 1").build();
    } catch (RuntimeException e) {
      return down(client, "list sessions, limit 1", e);
    }
  }

  private static Health down(ChatClient client, String check, RuntimeException e) {
    Health.Builder down = Health.down().withDetail("vendor", client.vendor()).withDetail("check", check)
        .withDetail("error", e.getClass().getName())
        .withDetail("message", String.valueOf(e.getMessage()));
    if (e instanceof ApiException api) down.withDetail("status", api.statusCode());
    return down.build();
  }

  /** Loaded only when chatbridge-osvi is on the classpath. */
  private static final class OsviCheck {
    static void activeSessions(ChatClient client, String customerId) {
      client.unwrap(OsviClient.class).activeSessions(customerId);
    }
  }
}
