package dev.chatbridge.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a stream's time to first event as the timer {@value ChatBridgeObservation#FIRST_EVENT_TIMER}. A class of
 * its own so that micrometer-core (optional) is loaded only when a {@link MeterRegistry} was given.
 */
final class FirstEventTimer {
  private final MeterRegistry registry;

  FirstEventTimer(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records {@code timeToFirstEvent}, tagged with the observation's low-cardinality key values. */
  void record(ChatOperationContext context, Duration timeToFirstEvent) {
    List<Tag> tags = new ArrayList<>();
    for (KeyValue kv : context.getLowCardinalityKeyValues()) tags.add(Tag.of(kv.getKey(), kv.getValue()));
    Timer.builder(ChatBridgeObservation.FIRST_EVENT_TIMER)
        .description("Time from a ChatBridge stream call to its first event")
        .tags(tags)
        .register(registry)
        .record(timeToFirstEvent);
  }
}
