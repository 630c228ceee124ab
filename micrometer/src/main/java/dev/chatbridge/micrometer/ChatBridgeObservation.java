package dev.chatbridge.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations ChatBridge records and their keys, as {@link DefaultChatOperationObservationConvention} names
 * them. Low-cardinality keys have a small, fixed set of values (fit for metric tags); high-cardinality keys may
 * take any value (spans only). No key ever carries message text or a credential.
 */
public enum ChatBridgeObservation implements ObservationDocumentation {
  /** One vendor-neutral operation (create session, send, stream, history, list, get, delete, end). */
  OPERATION {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
      return DefaultChatOperationObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return LowCardinalityKeys.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeys.values();
    }
  };

  /** The observation's name. */
  public static final String OPERATION_NAME = "chatbridge.operation";
  /**
   * The timer of a stream's time to its first event, recorded when the listener has a {@code MeterRegistry}
   * ({@link ObservationChatListener.Builder#meterRegistry}); tagged with the operation's low-cardinality keys.
   */
  public static final String FIRST_EVENT_TIMER = "chatbridge.stream.first-event";

  /** Keys with a small, fixed set of values. */
  public enum LowCardinalityKeys implements KeyName {
    /** The vendor, e.g. {@code onyx}. */
    VENDOR {
      @Override
      public String asString() {
        return "chatbridge.vendor";
      }
    },
    /**
     * The operation: {@code create_session}, {@code send}, {@code stream}, {@code history}, {@code list_sessions},
     * {@code get_session}, {@code delete_session}, {@code end_session}.
     */
    OPERATION {
      @Override
      public String asString() {
        return "chatbridge.operation";
      }
    },
    /** {@code success}, {@code error} or {@code cancelled} ({@code running} while it runs). */
    OUTCOME {
      @Override
      public String asString() {
        return "chatbridge.outcome";
      }
    },
    /** The exception's simple class name (e.g. {@code RateLimitException}), or {@code none}. */
    ERROR_TYPE {
      @Override
      public String asString() {
        return "error.type";
      }
    },
    /** The status of the last HTTP response, e.g. {@code 200}, or {@code none} when none arrived. */
    HTTP_STATUS {
      @Override
      public String asString() {
        return "chatbridge.http.status";
      }
    }
  }

  /** Keys whose values are unbounded; for spans, never for metric tags. */
  public enum HighCardinalityKeys implements KeyName {
    /** HTTP attempts the operation made (every call, retries included). */
    ATTEMPTS {
      @Override
      public String asString() {
        return "chatbridge.attempts";
      }
    },
    /** Streams: events handed to the caller. */
    STREAM_EVENTS {
      @Override
      public String asString() {
        return "chatbridge.stream.events";
      }
    },
    /** Streams: milliseconds from the call to the first event, when one arrived. */
    STREAM_FIRST_EVENT_MILLIS {
      @Override
      public String asString() {
        return "chatbridge.stream.first-event.ms";
      }
    },
    /**
     * Why generation stopped, as the vendor said it (e.g. {@code stop}), when it did; at most 64 characters. High
     * cardinality because the server chooses the value.
     */
    FINISH_REASON {
      @Override
      public String asString() {
        return "chatbridge.finish.reason";
      }
    },
    /** The session id; only when switched on ({@link ObservationChatListener.Builder#includeSessionId}). */
    SESSION_ID {
      @Override
      public String asString() {
        return "chatbridge.session.id";
      }
    }
  }
}
