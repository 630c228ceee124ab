package dev.chatbridge.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ApiError;
import dev.chatbridge.ChatOperation.Kind;
import dev.chatbridge.ChatOperation.Outcome;
import dev.chatbridge.OperationDriver;
import dev.chatbridge.RateLimitException;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The listener against the documented life of an operation, driven by {@link OperationDriver} (no client): names,
 * every key, outcomes, the session-id switch, conventions, the first-event timer.
 */
class ObservationChatListenerTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();

  @Test
  void aSuccessfulSendIsOneStoppedObservationWithTheLowAndHighCardinalityKeys() {
    ObservationChatListener listener = ObservationChatListener.of(registry);
    OperationDriver.start(listener, "onyx", Kind.SEND, "s-1").attempt(503).attempt(200)
        .end(Outcome.SUCCESS, null);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasNameEqualTo("chatbridge.operation")
        .hasContextualNameEqualTo("chatbridge send")
        .hasBeenStarted()
        .hasBeenStopped()
        .doesNotHaveError()
        .hasLowCardinalityKeyValue("chatbridge.vendor", "onyx")
        .hasLowCardinalityKeyValue("chatbridge.operation", "send")
        .hasLowCardinalityKeyValue("chatbridge.outcome", "success")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasLowCardinalityKeyValue("chatbridge.http.status", "200")
        .hasHighCardinalityKeyValue("chatbridge.attempts", "2")
        .doesNotHaveHighCardinalityKeyValueWithKey("chatbridge.session.id")
        .doesNotHaveHighCardinalityKeyValueWithKey("chatbridge.stream.events")
        .doesNotHaveHighCardinalityKeyValueWithKey("chatbridge.finish.reason");
  }

  @Test
  void aFailureCarriesItsErrorTypeStatusAndException() {
    RateLimitException error = new RateLimitException(ApiError.builder("opencx", 429).serverMessage("slow down")
        .build());
    OperationDriver.start(ObservationChatListener.of(registry), "opencx", Kind.LIST_SESSIONS, null)
        .attempt(429).attempt(429).attempt(429).end(Outcome.ERROR, error);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasError(error)
        .hasLowCardinalityKeyValue("chatbridge.operation", "list_sessions")
        .hasLowCardinalityKeyValue("chatbridge.outcome", "error")
        .hasLowCardinalityKeyValue("error.type", "RateLimitException")
        .hasLowCardinalityKeyValue("chatbridge.http.status", "429")
        .hasHighCardinalityKeyValue("chatbridge.attempts", "3");
  }

  @Test
  void anOperationWithoutAResponseHasStatusNone() {
    OperationDriver.start(ObservationChatListener.of(registry), "osvi", Kind.CREATE_SESSION, null)
        .attemptWithoutResponse().end(Outcome.ERROR, new IllegalStateException("refused"));

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasLowCardinalityKeyValue("chatbridge.http.status", "none")
        .hasLowCardinalityKeyValue("error.type", "IllegalStateException");
  }

  @Test
  void aCancelledStreamHasItsEventsFirstEventAndFinishReasonButNoError() {
    OperationDriver.start(ObservationChatListener.of(registry), "onyx", Kind.STREAM, "s-2").attempt(200)
        .event().event().event().finishReason("user_cancelled").end(Outcome.CANCELLED, null);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .doesNotHaveError()
        .hasContextualNameEqualTo("chatbridge stream")
        .hasLowCardinalityKeyValue("chatbridge.outcome", "cancelled")
        .hasHighCardinalityKeyValue("chatbridge.stream.events", "3")
        .hasHighCardinalityKeyValueWithKey("chatbridge.stream.first-event.ms")
        .hasHighCardinalityKeyValue("chatbridge.finish.reason", "user_cancelled");
  }

  @Test
  void aFinishReasonIsCutTo64Characters() {
    OperationDriver.start(ObservationChatListener.of(registry), "openwebui", Kind.STREAM, "s").attempt(200)
        .event().finishReason("x".repeat(500)).end(Outcome.SUCCESS, null);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasHighCardinalityKeyValue("chatbridge.finish.reason", "x".repeat(64));
  }

  @Test
  void theSessionIdIsAHighCardinalityKeyOnlyWhenSwitchedOn() {
    OperationDriver.start(ObservationChatListener.builder(registry).includeSessionId(true).build(), "onyx",
        Kind.HISTORY, "session-42").attempt(200).end(Outcome.SUCCESS, null);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasHighCardinalityKeyValue("chatbridge.session.id", "session-42")
        .doesNotHaveLowCardinalityKeyValueWithKey("chatbridge.session.id");
  }

  @Test
  void aCustomConventionRenamesAndExtends() {
    ChatOperationObservationConvention custom = new DefaultChatOperationObservationConvention() {
      @Override
      public String getName() {
        return "myapp.chat";
      }

      @Override
      public KeyValues getLowCardinalityKeyValues(ChatOperationContext context) {
        return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
      }
    };
    OperationDriver.start(ObservationChatListener.builder(registry).convention(custom).build(), "onyx",
        Kind.GET_SESSION, "s").attempt(200).end(Outcome.SUCCESS, null);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasNameEqualTo("myapp.chat")
        .hasLowCardinalityKeyValue("tenant", "acme")
        .hasLowCardinalityKeyValue("chatbridge.vendor", "onyx");
  }

  @Test
  void withAMeterHandlerTheObservationIsATimerTaggedWithTheLowCardinalityKeysOnly() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    OperationDriver.start(ObservationChatListener.builder(observations).includeSessionId(true).build(), "onyx",
        Kind.SEND, "secret-session").attempt(200).end(Outcome.SUCCESS, null);

    Timer timer = meters.get("chatbridge.operation").tag("chatbridge.vendor", "onyx")
        .tag("chatbridge.operation", "send").tag("chatbridge.outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrder("chatbridge.vendor",
        "chatbridge.operation", "chatbridge.outcome", "error.type", "chatbridge.http.status", "error");
  }

  @Test
  void aStreamsTimeToFirstEventIsATimerOfItsOwnWhenAMeterRegistryIsGiven() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationChatListener listener = ObservationChatListener.builder(registry).meterRegistry(meters).build();
    OperationDriver.start(listener, "onyx", Kind.STREAM, "s").attempt(200).event().event()
        .end(Outcome.SUCCESS, null);
    OperationDriver.start(listener, "onyx", Kind.STREAM, "s").attempt(500)
        .end(Outcome.ERROR, new IllegalStateException("no events"));
    OperationDriver.start(listener, "onyx", Kind.SEND, "s").attempt(200).end(Outcome.SUCCESS, null);

    List<Meter> timers = List.copyOf(meters.find("chatbridge.stream.first-event").meters());
    assertThat(timers).hasSize(1);
    Timer timer = (Timer) timers.get(0);
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.getId().getTag("chatbridge.vendor")).isEqualTo("onyx");
    assertThat(timer.getId().getTag("chatbridge.operation")).isEqualTo("stream");
    assertThat(timer.getId().getTag("chatbridge.outcome")).isEqualTo("success");
  }

  @Test
  void theFirstEventTimerIsTaggedEvenWithANoopObservationRegistry() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationChatListener listener = ObservationChatListener.builder(ObservationRegistry.NOOP)
        .meterRegistry(meters).build();
    OperationDriver.start(listener, "openwebui", Kind.STREAM, "s").attempt(200).event()
        .end(Outcome.SUCCESS, null);

    Timer timer = meters.get("chatbridge.stream.first-event").tag("chatbridge.vendor", "openwebui").timer();
    assertThat(timer.count()).isEqualTo(1);
  }

  @Test
  void twoListenersOnOneOperationKeepTheirOwnObservations() {
    TestObservationRegistry other = TestObservationRegistry.create();
    ObservationChatListener first = ObservationChatListener.of(registry);
    ObservationChatListener second = ObservationChatListener.of(other);
    dev.chatbridge.ChatListener both = new dev.chatbridge.ChatListener() {
      @Override
      public void onStart(dev.chatbridge.ChatOperation operation) {
        first.onStart(operation);
        second.onStart(operation);
      }

      @Override
      public void onEnd(dev.chatbridge.ChatOperation operation) {
        first.onEnd(operation);
        second.onEnd(operation);
      }
    };
    OperationDriver.start(both, "onyx", Kind.DELETE_SESSION, "s").attempt(204).end(Outcome.SUCCESS, null);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat().hasBeenStopped();
    TestObservationRegistryAssert.assertThat(other).hasSingleObservationThat().hasBeenStopped();
  }

  @Test
  void theDocumentedKeysAreTheOnesTheDefaultConventionWrites() {
    OperationDriver.start(ObservationChatListener.builder(registry).includeSessionId(true).build(), "onyx",
        Kind.STREAM, "s").attempt(200).event().finishReason("stop").end(Outcome.SUCCESS, null);

    TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts -> {
      ChatOperationContext context = (ChatOperationContext) contexts.get(0);
      assertThat(context.getLowCardinalityKeyValues().stream().map(KeyValue::getKey))
          .containsExactlyInAnyOrder(names(ChatBridgeObservation.OPERATION.getLowCardinalityKeyNames()));
      assertThat(context.getHighCardinalityKeyValues().stream().map(KeyValue::getKey))
          .containsExactlyInAnyOrder(names(ChatBridgeObservation.OPERATION.getHighCardinalityKeyNames()));
    });
  }

  private static String[] names(io.micrometer.common.docs.KeyName[] keys) {
    String[] out = new String[keys.length];
    for (int i = 0; i < keys.length; i++) out[i] = keys[i].asString();
    return out;
  }
}
