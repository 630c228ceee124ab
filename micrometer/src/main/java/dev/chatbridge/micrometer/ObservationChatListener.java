package dev.chatbridge.micrometer;

import dev.chatbridge.ChatListener;
import dev.chatbridge.ChatOperation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * A {@link ChatListener} that records every ChatBridge operation as a Micrometer observation named
 * {@value ChatBridgeObservation#OPERATION_NAME}: with a meter handler on the registry that is a timer per vendor,
 * operation, outcome, error type and HTTP status; with Micrometer Tracing, a span. A stream's time to its first
 * event is also a timer of its own ({@value ChatBridgeObservation#FIRST_EVENT_TIMER}) when a {@link MeterRegistry}
 * is given. The names and keys are listed in {@link ChatBridgeObservation}; none carries message text or a
 * credential, and the session id appears only when {@link Builder#includeSessionId switched on}.
 *
 * <pre>{@code
 * ChatConfig config = ChatConfig.builder().vendor("onyx").apiKey(key)
 *     .listener(ObservationChatListener.builder(observationRegistry).meterRegistry(meterRegistry).build())
 *     .build();
 * }</pre>
 *
 * <p>The observation starts when the operation starts and stops when it ends (for a stream: when it completes,
 * fails, is cancelled or closed). It is not opened in scope: a stream may end on another thread than the one that
 * started it. Thread-safe; one listener serves any number of clients.
 */
public final class ObservationChatListener implements ChatListener {
  private final ObservationRegistry registry;
  private final ChatOperationObservationConvention customConvention;
  private final ChatOperationObservationConvention defaultConvention;
  private final FirstEventTimer firstEventTimer;
  /** This listener's own attribute key on a {@link ChatOperation}, so two listeners never share state. */
  private final Object key = new Object();

  private ObservationChatListener(Builder b) {
    this.registry = b.registry;
    this.customConvention = b.convention;
    this.defaultConvention = new DefaultChatOperationObservationConvention(b.includeSessionId);
    this.firstEventTimer = b.firstEventTimer;
  }

  /** A listener recording into {@code registry} with the default convention. */
  public static ObservationChatListener of(ObservationRegistry registry) {
    return builder(registry).build();
  }

  /** A builder for a listener recording into {@code registry}. */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public void onStart(ChatOperation operation) {
    ChatOperationContext context = new ChatOperationContext(operation);
    Observation observation = Observation.createNotStarted(customConvention, defaultConvention, () -> context,
        registry).start();
    operation.putAttribute(key, new Started(observation, context));
  }

  @Override
  public void onEnd(ChatOperation operation) {
    if (!(operation.attribute(key) instanceof Started started)) return; // not started by this listener
    operation.putAttribute(key, null);
    if (operation.outcome() == ChatOperation.Outcome.ERROR) operation.error().ifPresent(started.observation::error);
    started.observation.stop();
    if (firstEventTimer != null && operation.kind() == ChatOperation.Kind.STREAM) {
      operation.timeToFirstEvent().ifPresent(ttfe -> firstEventTimer.record(tagged(started.context), ttfe));
    }
  }

  /** The context with its low-cardinality key values (set by the observation, or here for a no-op registry). */
  private ChatOperationContext tagged(ChatOperationContext context) {
    if (!context.getLowCardinalityKeyValues().iterator().hasNext()) {
      context.addLowCardinalityKeyValues(defaultConvention.getLowCardinalityKeyValues(context));
    }
    return context;
  }

  private record Started(Observation observation, ChatOperationContext context) {}

  @Override
  public String toString() {
    return "ObservationChatListener{" + (customConvention == null ? defaultConvention : customConvention) + "}";
  }

  /** Builds an {@link ObservationChatListener}. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private ChatOperationObservationConvention convention;
    private boolean includeSessionId;
    private FirstEventTimer firstEventTimer;

    private Builder(ObservationRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * A convention that renames or extends the keys (it wins over one registered on the registry, which wins over
     * the default); null for none.
     */
    public Builder convention(ChatOperationObservationConvention convention) {
      this.convention = convention;
      return this;
    }

    /**
     * Adds the session id as the high-cardinality key {@code chatbridge.session.id} (default convention only).
     * Off by default: a session id identifies a conversation, which may be personal data.
     */
    public Builder includeSessionId(boolean includeSessionId) {
      this.includeSessionId = includeSessionId;
      return this;
    }

    /**
     * Also records each stream's time to its first event as the timer
     * {@value ChatBridgeObservation#FIRST_EVENT_TIMER} in {@code meterRegistry} (needs micrometer-core); null for
     * none.
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.firstEventTimer = meterRegistry == null ? null : new FirstEventTimer(meterRegistry);
      return this;
    }

    /** The listener. */
    public ObservationChatListener build() {
      return new ObservationChatListener(this);
    }
  }
}
