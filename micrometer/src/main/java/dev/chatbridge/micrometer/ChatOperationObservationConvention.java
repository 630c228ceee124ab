package dev.chatbridge.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an operation's observation and its key values. Implement it (or extend
 * {@link DefaultChatOperationObservationConvention}) and pass it to
 * {@link ObservationChatListener.Builder#convention} to rename or add keys; a convention registered on the
 * {@code ObservationRegistry} for this context applies too.
 */
public interface ChatOperationObservationConvention extends ObservationConvention<ChatOperationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof ChatOperationContext;
  }
}
