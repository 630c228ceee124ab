package dev.chatbridge.micrometer;

import dev.chatbridge.ChatOperation;
import dev.chatbridge.micrometer.ChatBridgeObservation.HighCardinalityKeys;
import dev.chatbridge.micrometer.ChatBridgeObservation.LowCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default names and keys ({@link ChatBridgeObservation}): observation {@code chatbridge.operation}, contextual
 * name {@code chatbridge <operation>} (e.g. {@code chatbridge send}), low-cardinality keys vendor, operation,
 * outcome, error type and HTTP status, high-cardinality keys attempts, stream events, time to first event, finish
 * reason and, only when switched on, the session id. Extend it to add keys: call {@code super} and add to the
 * result.
 */
public class DefaultChatOperationObservationConvention implements ChatOperationObservationConvention {
  /** Finish reasons come from the server: longer ones are cut to this many characters. */
  static final int MAX_FINISH_REASON = 64;

  private final boolean includeSessionId;

  /** The default convention, without the session id. */
  public DefaultChatOperationObservationConvention() {
    this(false);
  }

  /** The default convention; {@code includeSessionId} adds the session id as a high-cardinality key. */
  public DefaultChatOperationObservationConvention(boolean includeSessionId) {
    this.includeSessionId = includeSessionId;
  }

  @Override
  public String getName() {
    return ChatBridgeObservation.OPERATION_NAME;
  }

  @Override
  public String getContextualName(ChatOperationContext context) {
    return "chatbridge " + context.operation().kind().value();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(ChatOperationContext context) {
    ChatOperation op = context.operation();
    return KeyValues.of(
        KeyValue.of(LowCardinalityKeys.VENDOR, op.vendor()),
        KeyValue.of(LowCardinalityKeys.OPERATION, op.kind().value()),
        KeyValue.of(LowCardinalityKeys.OUTCOME, op.outcome().name().toLowerCase(Locale.ROOT)),
        KeyValue.of(LowCardinalityKeys.ERROR_TYPE, op.errorType()),
        KeyValue.of(LowCardinalityKeys.HTTP_STATUS, op.httpStatus().isPresent()
            ? Integer.toString(op.httpStatus().getAsInt()) : "none"));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(ChatOperationContext context) {
    ChatOperation op = context.operation();
    KeyValues values = KeyValues.of(KeyValue.of(HighCardinalityKeys.ATTEMPTS, Integer.toString(op.attempts())));
    if (op.kind() == ChatOperation.Kind.STREAM) {
      values = values.and(KeyValue.of(HighCardinalityKeys.STREAM_EVENTS, Long.toString(op.eventCount())));
      if (op.timeToFirstEvent().isPresent()) {
        values = values.and(KeyValue.of(HighCardinalityKeys.STREAM_FIRST_EVENT_MILLIS,
            Long.toString(op.timeToFirstEvent().get().toMillis())));
      }
    }
    if (op.finishReason().isPresent()) {
      String reason = op.finishReason().get();
      values = values.and(KeyValue.of(HighCardinalityKeys.FINISH_REASON,
          reason.length() > MAX_FINISH_REASON ? reason.substring(0, MAX_FINISH_REASON) : reason));
    }
    if (includeSessionId && op.sessionId().isPresent()) {
      values = values.and(KeyValue.of(HighCardinalityKeys.SESSION_ID, op.sessionId().get()));
    }
    return values;
  }
}
