package dev.chatbridge.spring;

import static dev.chatbridge.spring.EmulatorProperties.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatListener;
import dev.chatbridge.ChatSession;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.micrometer.ObservationChatListener;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import dev.chatbridge.testkit.Fault;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The auto-configuration in an {@link ApplicationContextRunner} against the testkit emulators: each vendor by
 * properties alone, relaxed binding (environment variables, command line), durations, back-off, named clients and
 * the primary, customizers, listeners, the application's OkHttpClient, the Micrometer listener.
 */
class ChatBridgeAutoConfigurationTest {
  private final List<Emulator> emulators = new ArrayList<>();
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ChatBridgeAutoConfiguration.class));

  @AfterEach
  void stopEmulators() {
    emulators.forEach(Emulator::close);
  }

  private Emulator emulator(String vendor) {
    Emulator e = Emulators.create(vendor).start();
    emulators.add(e);
    return e;
  }

  @ParameterizedTest
  @ValueSource(strings = {"onyx", "opencx", "openwebui", "osvi"})
  void eachVendorIsOneChatClientBeanByPropertiesAlone(String vendor) {
    Emulator e = emulator(vendor);
    runner.withPropertyValues(properties("chatbridge", e)).run(context -> {
      assertThat(context).hasSingleBean(ChatClient.class).hasBean("chatClient");
      ChatClient client = context.getBean(ChatClient.class);
      assertThat(client.vendor()).isEqualTo(vendor);
      ChatSession session = client.createSession(e.sessionOptions(0));
      assertThat(session.send("hello").text()).contains("hello");
    });
  }

  @Test
  void environmentVariablesBindWithRelaxedNamesVendorOptionsIncluded() {
    Emulator e = emulator("osvi"); // osvi needs its agent-uuid option: the client fails without it
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("CHATBRIDGE_VENDOR", "osvi");
    env.put("CHATBRIDGE_BASE_URL", e.baseUrl());
    env.put("CHATBRIDGE_API_KEY", e.apiKey());
    env.put("CHATBRIDGE_TIMEOUT", "45");
    e.clientOptions().forEach((k, v) -> env.put(ChatConfig.environmentName("chatbridge.osvi." + k), v));
    AtomicReference<ChatConfig> seen = new AtomicReference<>();
    runner.withInitializer(c -> c.getEnvironment().getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource("env", env)))
        .withBean(ChatConfigCustomizer.class, () -> (name, b) -> seen.set(b.build()))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(ChatClient.class).createSession(e.sessionOptions(0)).send("hi").text())
              .contains("hi");
          assertThat(seen.get().callTimeout()).isEqualTo(Duration.ofSeconds(45));
          assertThat(seen.get().options()).containsAllEntriesOf(e.clientOptions());
        });
  }

  @Test
  void commandLineArgumentsBind() {
    Emulator e = emulator("onyx");
    String[] args = {"--chatbridge.vendor=onyx", "--chatbridge.base-url=" + e.baseUrl(),
        "--chatbridge.api-key=" + e.apiKey(), "--chatbridge.onyx.persona-id=7"};
    AtomicReference<ChatConfig> seen = new AtomicReference<>();
    runner.withInitializer(c -> c.getEnvironment().getPropertySources()
            .addFirst(new SimpleCommandLinePropertySource(args)))
        .withBean(ChatConfigCustomizer.class, () -> (name, b) -> seen.set(b.build()))
        .run(context -> {
          assertThat(context.getBean(ChatClient.class).vendor()).isEqualTo("onyx");
          assertThat(seen.get().option("persona-id")).contains("7");
          assertThat(seen.get().baseUrl()).contains(e.baseUrl());
        });
  }

  @Test
  void durationsInChatBridgesFormsAndSpringBootsAndEveryTopLevelKeyReachChatConfig() {
    Emulator e = emulator("onyx");
    AtomicReference<ChatConfig> seen = new AtomicReference<>();
    runner.withPropertyValues(properties("chatbridge", e))
        .withPropertyValues("chatbridge.timeout=45", "chatbridge.connect-timeout=1500us",
            "chatbridge.stream-idle-timeout=PT2M", "chatbridge.stream-total-timeout=1d",
            "chatbridge.max-retries=5", "chatbridge.max-reply-chars=1000", "chatbridge.allow-insecure-http=true")
        .withBean(ChatConfigCustomizer.class, () -> (name, b) -> seen.set(b.build()))
        .run(context -> {
          assertThat(context).hasNotFailed();
          ChatConfig c = seen.get();
          assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(45)); // a bare number is seconds, as ever
          assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(2)); // 1.5 ms rounded up
          assertThat(c.streamIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
          assertThat(c.streamTotalTimeout()).contains(Duration.ofDays(1));
          assertThat(c.maxRetries()).isEqualTo(5);
          assertThat(c.maxReplyChars()).isEqualTo(1000);
          assertThat(c.allowInsecureHttp()).isTrue();
          assertThat(c.apiKey()).contains(e.apiKey());
        });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnChatClient() {
    Emulator e = emulator("onyx");
    ChatClient own = dev.chatbridge.ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(e.baseUrl())
        .apiKey(e.apiKey()).build());
    // no chatbridge.vendor at all: the starter would fail if it tried to build a client
    runner.withBean("mine", ChatClient.class, () -> own).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(ChatClient.class).hasBean("mine");
      assertThat(context.getBean(ChatClient.class)).isSameAs(own);
    });
    own.close();
  }

  @Test
  void namedClientsAreOneBeanEachTheFirstPrimary() {
    Emulator onyx = emulator("onyx");
    Emulator owu = emulator("openwebui");
    runner.withPropertyValues(properties("chatbridge.clients.support", onyx))
        .withPropertyValues(properties("chatbridge.clients.docs", owu))
        .withUserConfiguration(NeedsOneChatClient.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBeansOfType(ChatClient.class)).containsOnlyKeys("support", "docs");
          assertThat(context.getBean("support", ChatClient.class).vendor()).isEqualTo("onyx");
          assertThat(context.getBean("docs", ChatClient.class).vendor()).isEqualTo("openwebui");
          assertThat(context.getBean(ChatClient.class).vendor()).isEqualTo("onyx");
          assertThat(context.getBean(NeedsOneChatClient.class).client.vendor()).isEqualTo("onyx");
          assertThat(context.getBean("docs", ChatClient.class).createSession().send("hi").text()).contains("hi");
        });
  }

  @Test
  void chatbridgePrimaryChoosesThePrimaryNamedClient() {
    Emulator onyx = emulator("onyx");
    Emulator owu = emulator("openwebui");
    runner.withPropertyValues(properties("chatbridge.clients.support", onyx))
        .withPropertyValues(properties("chatbridge.clients.docs", owu))
        .withPropertyValues("chatbridge.primary=docs")
        .run(context -> assertThat(context.getBean(ChatClient.class).vendor()).isEqualTo("openwebui"));
  }

  @Test
  void namedClientsAreClosedWithTheContext() {
    Emulator onyx = emulator("onyx");
    AtomicReference<ChatClient> client = new AtomicReference<>();
    runner.withPropertyValues(properties("chatbridge.clients.support", onyx))
        .run(context -> client.set(context.getBean(ChatClient.class)));
    assertThatThrownBy(() -> client.get().createSession())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theDefaultClientIsClosedWithTheContext() {
    Emulator onyx = emulator("onyx");
    AtomicReference<ChatClient> client = new AtomicReference<>();
    runner.withPropertyValues(properties("chatbridge", onyx))
        .run(context -> client.set(context.getBean(ChatClient.class)));
    assertThatThrownBy(() -> client.get().createSession())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void customizersAndListenerBeansApplyToEveryClientByName() {
    Emulator onyx = emulator("onyx");
    Emulator owu = emulator("openwebui");
    ChatListener listener = new ChatListener() {};
    Map<String, ChatConfig> seen = new LinkedHashMap<>();
    runner.withPropertyValues(properties("chatbridge.clients.support", onyx))
        .withPropertyValues(properties("chatbridge.clients.docs", owu))
        .withBean(ChatListener.class, () -> listener)
        .withBean(ChatConfigCustomizer.class, () -> (name, b) -> b.maxRetries(7))
        .withBean("recorder", ChatConfigCustomizer.class, () -> (name, b) -> seen.put(name, b.build()))
        .run(context -> {
          context.getBeansOfType(ChatClient.class); // creates both
          assertThat(seen).containsOnlyKeys("support", "docs");
          seen.values().forEach(c -> {
            assertThat(c.listeners()).containsExactly(listener);
            assertThat(c.maxRetries()).isEqualTo(7);
          });
        });
  }

  @Test
  void theApplicationsOkHttpClientIsUsedOnlyWhenAskedFor() {
    Emulator e = emulator("onyx");
    OkHttpClient own = new OkHttpClient();
    AtomicReference<ChatConfig> seen = new AtomicReference<>();
    ApplicationContextRunner withOkHttp = runner.withPropertyValues(properties("chatbridge", e))
        .withBean(OkHttpClient.class, () -> own)
        .withBean(ChatConfigCustomizer.class, () -> (name, b) -> seen.set(b.build()));
    withOkHttp.run(context -> {
      context.getBean(ChatClient.class);
      assertThat(seen.get().okHttpClient()).isEmpty();
    });
    withOkHttp.withPropertyValues("chatbridge.use-application-okhttp-client=true").run(context -> {
      assertThat(context.getBean(ChatClient.class).createSession().send("hi").text()).contains("hi");
      assertThat(seen.get().okHttpClient()).containsSame(own);
    });
  }

  @Test
  void withAnObservationRegistryBeanTheMicrometerListenerIsRegisteredOnTheClients() {
    Emulator e = emulator("onyx");
    AtomicReference<ChatConfig> seen = new AtomicReference<>();
    ApplicationContextRunner base = runner.withPropertyValues(properties("chatbridge", e))
        .withBean(ChatConfigCustomizer.class, () -> (name, b) -> seen.set(b.build()));
    base.run(context -> {
      assertThat(context).doesNotHaveBean(ObservationChatListener.class);
      context.getBean(ChatClient.class);
      assertThat(seen.get().listeners()).isEmpty();
    });
    base.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(context -> {
      assertThat(context).hasSingleBean(ObservationChatListener.class);
      context.getBean(ChatClient.class);
      assertThat(seen.get().listeners()).containsExactly(context.getBean(ObservationChatListener.class));
    });
  }

  @Test
  void operationsOfTheBeanAreObservedWithTheirKeysAndNeitherTextNorKey() {
    Emulator e = emulator("openwebui");
    TestObservationRegistry registry = TestObservationRegistry.create();
    runner.withPropertyValues(properties("chatbridge", e)).withPropertyValues("chatbridge.max-retries=0")
        .withBean(ObservationRegistry.class, () -> registry).run(context -> {
          ChatClient client = context.getBean(ChatClient.class);
          ChatSession session = client.createSession();
          session.send("zebra-quartz secret words");
          e.inject(Fault.status(404, e.errorBody(404, "gone")));
          assertThatThrownBy(session::history).isInstanceOf(NotFoundException.class);
          TestObservationRegistryAssert.assertThat(registry)
              .hasNumberOfObservationsWithNameEqualTo("chatbridge.operation", 3)
              .hasAnObservation(o -> o.hasLowCardinalityKeyValue("chatbridge.operation", "send")
                  .hasLowCardinalityKeyValue("chatbridge.vendor", "openwebui")
                  .hasLowCardinalityKeyValue("chatbridge.outcome", "success")
                  .doesNotHaveHighCardinalityKeyValueWithKey("chatbridge.session.id"))
              .hasAnObservation(o -> o.hasLowCardinalityKeyValue("chatbridge.operation", "history")
                  .hasLowCardinalityKeyValue("chatbridge.outcome", "error")
                  .hasLowCardinalityKeyValue("error.type", "NotFoundException")
                  .hasLowCardinalityKeyValue("chatbridge.http.status", "404"));
          TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts ->
              contexts.forEach(c -> c.getAllKeyValues().forEach(kv -> assertThat(kv.getKey() + "=" + kv.getValue())
                  .doesNotContain("zebra").doesNotContain("quartz").doesNotContain(e.apiKey()))));
        });
  }

  @Test
  void theSessionIdIsObservedOnlyWhenSwitchedOn() {
    Emulator e = emulator("onyx");
    TestObservationRegistry registry = TestObservationRegistry.create();
    runner.withPropertyValues(properties("chatbridge", e))
        .withPropertyValues("chatbridge.observations-include-session-id=true")
        .withBean(ObservationRegistry.class, () -> registry).run(context -> {
          ChatSession session = context.getBean(ChatClient.class).createSession();
          session.send("hi");
          TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o
              .hasLowCardinalityKeyValue("chatbridge.operation", "send")
              .hasHighCardinalityKeyValue("chatbridge.session.id", session.id()));
        });
  }

  /** An application bean that injects "the" ChatClient: no "2 were found" failure with named clients. */
  static class NeedsOneChatClient {
    final ChatClient client;

    NeedsOneChatClient(ChatClient client) {
      this.client = client;
    }
  }
}
