package dev.chatbridge.spring.health;

import static dev.chatbridge.spring.EmulatorProperties.properties;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.spring.ChatBridgeAutoConfiguration;
import dev.chatbridge.spring.ChatBridgeHealthAutoConfiguration;
import dev.chatbridge.spring.ChatBridgeHealthIndicator;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import dev.chatbridge.testkit.Fault;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health indicator (Boot 4's health module) against the emulators: UP through one read-only call (never a send
 * or a create), DOWN with the typed error and never the key when the server fails, the key is refused or the call
 * outlives the client's timeout; OSVI (no session list) through the configured customer's active sessions, else
 * UNKNOWN with the reason.
 */
class ChatBridgeHealthIndicatorTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
      AutoConfigurations.of(ChatBridgeAutoConfiguration.class, ChatBridgeHealthAutoConfiguration.class));

  @Test
  void upThroughOneReadOnlyCall() {
    try (Emulator e = Emulators.create("onyx").start()) {
      runner.withPropertyValues(properties("chatbridge", e)).run(context -> {
        Health health = context.getBean(ChatBridgeHealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        Health client = (Health) health.getDetails().get("chatClient");
        assertThat(client.getStatus()).isEqualTo(Status.UP);
        assertThat(client.getDetails()).containsEntry("vendor", "onyx");
        assertThat(e.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(e.requestCount("POST", e.createPath())).isZero();
      });
    }
  }

  @Test
  void downWithTheTypedErrorWhenTheServerFails() {
    try (Emulator e = Emulators.create("openwebui").start()) {
      runner.withPropertyValues(properties("chatbridge", e)).withPropertyValues("chatbridge.max-retries=0")
          .run(context -> {
            e.inject(Fault.status(503, e.errorBody(503, "maintenance")));
            Health health = context.getBean(ChatBridgeHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            Map<String, Object> details = ((Health) health.getDetails().get("chatClient")).getDetails();
            assertThat(details).containsEntry("vendor", "openwebui").containsEntry("status", 503)
                .containsEntry("error", "dev.chatbridge.ServerException");
            assertThat(details.toString()).doesNotContain(e.apiKey());
          });
    }
  }

  @Test
  void downWithoutTheKeyWhenTheKeyIsRefused() {
    String wrongKey = "sk-wrong-key-31337";
    try (Emulator e = Emulators.create("onyx").start()) {
      runner.withPropertyValues(properties("chatbridge", e)).withPropertyValues("chatbridge.api-key=" + wrongKey)
          .run(context -> {
            Health health = context.getBean(ChatBridgeHealthIndicator.class).health();
            Map<String, Object> details = ((Health) health.getDetails().get("chatClient")).getDetails();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(details).containsEntry("error", "dev.chatbridge.AuthenticationException");
            assertThat(health.toString()).doesNotContain(wrongKey);
          });
    }
  }

  @Test
  void boundedByTheClientsTimeout() {
    try (Emulator e = Emulators.create("onyx").start()) {
      runner.withPropertyValues(properties("chatbridge", e))
          .withPropertyValues("chatbridge.timeout=300ms", "chatbridge.max-retries=0").run(context -> {
            e.inject(Fault.delay(Duration.ofSeconds(5)));
            Health health = context.getBean(ChatBridgeHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(((Health) health.getDetails().get("chatClient")).getDetails())
                .containsEntry("error", "dev.chatbridge.ChatTimeoutException");
          });
    }
  }

  @Test
  void boundedByTheHealthTimeoutWhenSetWithoutRetry() {
    try (Emulator e = Emulators.create("onyx").start()) {
      runner.withPropertyValues(properties("chatbridge", e))
          .withPropertyValues("chatbridge.timeout=60s", "management.health.chatbridge.timeout=300ms").run(context -> {
            e.inject(Fault.delay(Duration.ofSeconds(5)).times(5));
            Health health = context.getBean(ChatBridgeHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(((Health) health.getDetails().get("chatClient")).getDetails())
                .containsEntry("error", "dev.chatbridge.ChatTimeoutException");
            assertThat(e.requests()).hasSize(1);
          });
    }
  }

  @Test
  void osviReadsTheConfiguredCustomersActiveSessions() {
    try (Emulator osvi = Emulators.create("osvi").start()) {
      runner.withPropertyValues(properties("chatbridge", osvi)).run(context -> {
        Health health = context.getBean(ChatBridgeHealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(((Health) health.getDetails().get("chatClient")).getDetails().get("check").toString())
            .contains("active sessions");
        assertThat(osvi.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
      });
    }
  }

  @Test
  void unknownWithTheReasonForOsviWithoutACustomerAndNoRequest() {
    try (Emulator osvi = Emulators.create("osvi").start(); Emulator onyx = Emulators.create("onyx").start()) {
      String[] withoutCustomer = java.util.Arrays.stream(properties("chatbridge.clients.voice", osvi))
          .filter(p -> !p.contains("customer-id")).toArray(String[]::new);
      runner.withPropertyValues(withoutCustomer)
          .withPropertyValues(properties("chatbridge.clients.docs", onyx)).run(context -> {
            Health health = context.getBean(ChatBridgeHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            Health voice = (Health) health.getDetails().get("voice");
            assertThat(voice.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(voice.getDetails().get("reason").toString()).contains("no session list")
                .contains("chatbridge.osvi.customer-id");
            assertThat(osvi.requests()).isEmpty();
            assertThat(((Health) health.getDetails().get("docs")).getStatus()).isEqualTo(Status.UP);
          });
    }
  }

  @Test
  void offByProperty() {
    try (Emulator e = Emulators.create("onyx").start()) {
      runner.withPropertyValues(properties("chatbridge", e))
          .withPropertyValues("management.health.chatbridge.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean(ChatBridgeHealthIndicator.class));
    }
  }
}
