package dev.chatbridge.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chatbridge.ChatClients;
import dev.chatbridge.spi.ChatProvider;
import dev.chatbridge.spring.ChatBridgeStartupException.Problem;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * Each way the properties can fail a start: the context fails with a {@link ChatBridgeStartupException} naming the
 * property, and {@link ChatBridgeFailureAnalyzer} turns it into a description and an action (the text Spring Boot
 * prints instead of a stack trace). No message holds the API key.
 */
class ChatBridgeFailureAnalyzerTest {
  private static final String KEY = "sk-secret-4711";
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ChatBridgeAutoConfiguration.class));

  private static FailureAnalysis analysis(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis = new ChatBridgeFailureAnalyzer().analyze(context.getStartupFailure());
    assertThat(analysis).as("analysed").isNotNull();
    assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(KEY);
    return analysis;
  }

  @Test
  void missingVendor() {
    runner.withPropertyValues("chatbridge.api-key=" + KEY).run(context -> {
      FailureAnalysis a = analysis(context);
      assertThat(a.getDescription()).contains("no vendor configured").contains("Property: chatbridge.vendor");
      assertThat(a.getAction()).contains("Set chatbridge.vendor (environment variable CHATBRIDGE_VENDOR)")
          .contains("onyx, opencx, openwebui or osvi");
    });
  }

  @Test
  void missingVendorOfANamedClientNamesItsProperty() {
    runner.withPropertyValues("chatbridge.clients.support.api-key=" + KEY).run(context -> {
      FailureAnalysis a = analysis(context);
      assertThat(a.getDescription()).contains("ChatClient 'support'")
          .contains("Property: chatbridge.clients.support.vendor");
      assertThat(a.getAction()).contains("CHATBRIDGE_CLIENTS_SUPPORT_VENDOR");
    });
  }

  @Test
  void unknownVendor() {
    runner.withPropertyValues("chatbridge.vendor=onix", "chatbridge.api-key=" + KEY).run(context -> {
      FailureAnalysis a = analysis(context);
      assertThat(a.getDescription()).contains("unknown vendor 'onix'")
          .contains("vendors on the classpath: onyx, opencx, openwebui, osvi").contains("Property: chatbridge.vendor");
      assertThat(a.getAction()).contains("Set chatbridge.vendor to one of the vendors on the classpath");
    });
  }

  @Test
  void vendorModuleNotOnTheClasspath() {
    // this test's classpath has every vendor: the check is run on the providers minus osvi
    Map<String, ChatProvider> withoutOsvi = new TreeMap<>(ChatClients.providers());
    withoutOsvi.remove("osvi");
    ChatBridgeStartupException e = catchThrowableOfType(ChatBridgeStartupException.class,
        () -> ChatClientFactory.provider("chatClient", "chatbridge", "osvi", withoutOsvi));
    assertThat(e.problem()).isEqualTo(Problem.VENDOR_MODULE_MISSING);
    FailureAnalysis a = new ChatBridgeFailureAnalyzer().analyze(new IllegalStateException("bean failed", e));
    assertThat(a.getDescription()).contains("chatbridge-osvi is not on the classpath")
        .contains("vendors on the classpath: onyx, opencx, openwebui").contains("Property: chatbridge.vendor");
    assertThat(a.getAction()).contains("Add the dependency dev.chatbridge:chatbridge-osvi");
  }

  @Test
  void missingApiKey() {
    runner.withPropertyValues("chatbridge.vendor=onyx", "chatbridge.base-url=http://localhost:1").run(context -> {
      FailureAnalysis a = analysis(context);
      assertThat(a.getDescription()).contains("needs an API key").contains("Property: chatbridge.api-key");
      assertThat(a.getAction()).contains("Set chatbridge.api-key (environment variable CHATBRIDGE_API_KEY)");
    });
  }

  /** A key that is set but unusable is not "missing": the property comes from the setting the exception names. */
  @Test
  void anUnusableApiKeyNamesItsProperty() {
    runner.withPropertyValues("chatbridge.vendor=onyx", "chatbridge.base-url=http://localhost:1",
        "chatbridge.api-key=sk-\u0007" + KEY).run(context -> {
          FailureAnalysis a = analysis(context);
          assertThat(a.getDescription()).contains("holds a control character").contains("Property: chatbridge.api-key");
          assertThat(a.getAction()).contains("Fix the value named above (chatbridge.api-key)");
        });
  }

  @Test
  void badDuration() {
    runner.withPropertyValues("chatbridge.vendor=onyx", "chatbridge.api-key=" + KEY, "chatbridge.timeout=soon")
        .run(context -> {
          FailureAnalysis a = analysis(context);
          assertThat(a.getDescription()).contains("chatbridge.timeout is not a duration: 'soon'")
              .contains("Property: chatbridge.timeout");
          assertThat(a.getAction()).contains("Set chatbridge.timeout to a duration from 1 ms to 24 h");
        });
  }

  @Test
  void outOfRangeDurationInSpringBootsForm() {
    runner.withPropertyValues("chatbridge.vendor=onyx", "chatbridge.api-key=" + KEY,
        "chatbridge.stream-total-timeout=2d").run(context -> {
          FailureAnalysis a = analysis(context);
          assertThat(a.getDescription()).contains("chatbridge.stream-total-timeout")
              .contains("is out of range");
        });
  }

  @Test
  void aMissingRequiredVendorOptionIsReportedWithChatBridgesMessage() {
    try (Emulator e = Emulators.create("osvi").start()) {
      runner.withPropertyValues("chatbridge.vendor=osvi", "chatbridge.base-url=" + e.baseUrl(),
          "chatbridge.api-key=" + KEY).run(context -> {
            FailureAnalysis a = analysis(context);
            assertThat(a.getDescription()).contains("chatbridge.osvi.agent-uuid");
            assertThat(a.getAction()).contains("Fix the value named above");
          });
    }
  }

  @Test
  void useApplicationOkHttpClientWithoutOne() {
    runner.withPropertyValues("chatbridge.vendor=onyx", "chatbridge.api-key=" + KEY,
        "chatbridge.use-application-okhttp-client=true").run(context -> {
          FailureAnalysis a = analysis(context);
          assertThat(a.getDescription()).contains("no single OkHttpClient bean");
        });
  }
}
