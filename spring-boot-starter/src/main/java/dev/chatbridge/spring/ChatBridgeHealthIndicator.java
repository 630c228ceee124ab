package dev.chatbridge.spring;

import dev.chatbridge.ApiException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.PageRequest;
import dev.chatbridge.RequestOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Actuator health of every ChatClient bean: one cheap read-only call each (the first session of the session list,
 * {@code limit 1}, no retry), bounded by {@code management.health.chatbridge.timeout} when set, else by the client's
 * own call timeout ({@code chatbridge.timeout}). It never sends a message
 * and never creates a session; a vendor without a session list (OSVI) is {@code UNKNOWN} with the reason. A failure
 * is {@code DOWN} with the exception type, HTTP status, vendor and ChatBridge's message, which never holds the key.
 * The overall status is {@code DOWN} if any client is down, else {@code UP} if any is up, else {@code UNKNOWN}.
 */
public final class ChatBridgeHealthIndicator implements HealthIndicator {
  private final Map<String, ChatClient> clients;
  private final RequestOptions options;

  /** The health of {@code clients}, by bean name; {@code timeout} null for each client's own call timeout. */
  public ChatBridgeHealthIndicator(Map<String, ChatClient> clients, Duration timeout) {
    this.clients = Map.copyOf(clients);
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
      Health health = check(e.getValue(), options);
      details.put(e.getKey(), health);
      anyDown |= Status.DOWN.equals(health.getStatus());
      anyUp |= Status.UP.equals(health.getStatus());
    }
    Health.Builder overall = anyDown ? Health.down() : anyUp ? Health.up() : Health.unknown();
    return overall.withDetails(details).build();
  }

  /** One client's health. */
  static Health check(ChatClient client, RequestOptions options) {
    if (!client.capabilities().contains(Capability.LIST_SESSIONS)) {
      return Health.unknown().withDetail("vendor", client.vendor())
          .withDetail("reason", client.vendor() + " has no read-only call that needs no session: no session list,"
              + " and a health check never creates a session")
          .build();
    }
    try {
      client.listSessions(PageRequest.of(1, null), options);
      return Health.up().withDetail("vendor", client.vendor()).withDetail("check", "list sessions, limit 1").build();
    } catch (RuntimeException e) {
      Health.Builder down = Health.down().withDetail("vendor", client.vendor())
          .withDetail("check", "list sessions, limit 1")
          .withDetail("error", e.getClass().getName())
          .withDetail("message", String.valueOf(e.getMessage()));
      if (e instanceof ApiException api) down.withDetail("status", api.statusCode());
      return down.build();
    }
  }
}
