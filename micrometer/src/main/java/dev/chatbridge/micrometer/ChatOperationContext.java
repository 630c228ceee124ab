package dev.chatbridge.micrometer;

import dev.chatbridge.ChatOperation;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * The observation context of one ChatBridge operation: the {@link ChatOperation} the listener was handed, which a
 * {@link ChatOperationObservationConvention} reads its key values from. It never holds message text or credentials
 * (neither does the operation).
 */
public final class ChatOperationContext extends Observation.Context {
  private final ChatOperation operation;

  /** A context for {@code operation}. */
  public ChatOperationContext(ChatOperation operation) {
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  /** The operation; its values are final once the observation stops. */
  public ChatOperation operation() {
    return operation;
  }
}
