package dev.chatbridge;

import java.util.Objects;
import java.util.Optional;

/**
 * A send failed after the server had taken the message in, so "failed" alone would mislead: the message may be
 * (or is) stored, and sending it again would store it twice. {@link #messageState()} says what is known,
 * {@link #messageId()} names the stored message when the server reported its id, and the message says in plain
 * words whether re-sending would duplicate it. The {@linkplain #getCause() cause} is what failed afterwards (a
 * reply that could not be read, a write-back that broke off, a connection that dropped after the request was sent,
 * …). Before throwing it after a dropped connection, ChatBridge looks the exchange up in the session's history
 * (vendors with {@link Capability#HISTORY}) and returns the reply if it appears in time; it never sends the message
 * again by itself. {@link #exchangeIdentified()} is false when the history could not tell our message apart from
 * an identical one another sender stored meanwhile: then the state is {@link MessageState#UNKNOWN}.
 *
 * <pre>{@code
 * try {
 *   reply = session.send(text);
 * } catch (SendOutcomeUnknownException e) {
 *   if (e.messageState() != SendOutcomeUnknownException.MessageState.NOT_STORED) {
 *     // do not send again: read the session's history for the reply instead
 *   }
 * }
 * }</pre>
 */
public class SendOutcomeUnknownException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** Whether the user message is known to be stored on the server. */
  public enum MessageState {
    /** Stored: sending it again would store it a second time. */
    STORED,
    /** Not stored: sending it again will not duplicate it. */
    NOT_STORED,
    /** Unknown (e.g. the connection broke after the request was written): sending it again may duplicate it. */
    UNKNOWN
  }

  private final String vendor;
  private final String sessionId;
  private final MessageState messageState;
  private final String messageId;
  private final boolean exchangeIdentified;

  /** An exception from {@code builder}; for subclasses, which add what they know. */
  protected SendOutcomeUnknownException(Builder builder) {
    super(describe(builder), builder.cause);
    this.vendor = builder.vendor;
    this.sessionId = builder.sessionId;
    this.messageState = builder.messageState;
    this.messageId = builder.messageId;
    this.exchangeIdentified = builder.exchangeIdentified;
  }

  /** A builder for the send of a message to {@code sessionId} on {@code vendor}. */
  public static Builder builder(String vendor, String sessionId) {
    return new Builder(vendor, sessionId);
  }

  private static String describe(Builder b) {
    String message = b.messageId == null ? "the message" : "the message (id " + b.messageId + ")";
    String where = " in session " + b.sessionId;
    String state = switch (b.messageState) {
      case STORED -> message + " was stored" + where + ", but " + b.failure
          + "; sending it again would store it twice";
      case NOT_STORED -> message + " was not stored" + where + ": " + b.failure
          + "; sending it again will not duplicate it";
      case UNKNOWN -> "it is unknown whether " + message + " was stored" + where + ": " + b.failure
          + "; sending it again may store it twice (read the session first)";
    };
    return b.vendor + ": " + state;
  }

  /** The vendor, e.g. {@code openwebui}. */
  public String vendor() {
    return vendor;
  }

  /** The session the message was sent to. */
  public String sessionId() {
    return sessionId;
  }

  /** Whether the user message is known to be stored. */
  public MessageState messageState() {
    return messageState;
  }

  /** The id the server gave the user message, when it reported one. */
  public Optional<String> messageId() {
    return Optional.ofNullable(messageId);
  }

  /**
   * False when the session's history was read but our message could not be told apart from an identical one sent
   * by someone else (matching by text only): ChatBridge then returns no reply rather than possibly another's. True
   * otherwise (also when the history was never read).
   */
  public boolean exchangeIdentified() {
    return exchangeIdentified;
  }

  /** Builds a {@link SendOutcomeUnknownException}; the state and what failed are required. */
  public static class Builder {
    private final String vendor;
    private final String sessionId;
    private MessageState messageState;
    private String messageId;
    private String failure;
    private Throwable cause;
    private boolean exchangeIdentified = true;

    /** A builder for the send of a message to {@code sessionId} on {@code vendor}. */
    protected Builder(String vendor, String sessionId) {
      this.vendor = Objects.requireNonNull(vendor, "vendor");
      this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    }

    /** Whether the user message is known to be stored (required). */
    public Builder messageState(MessageState messageState) {
      this.messageState = messageState;
      return this;
    }

    /** The id the server gave the user message; null when it gave none. */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    /** What failed after the message was taken in, in a few words, e.g. "the reply could not be read" (required). */
    public Builder failure(String failure) {
      this.failure = failure;
      return this;
    }

    /** The exception behind the failure. */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** False when our message could not be told apart from another sender's identical one (default true). */
    public Builder exchangeIdentified(boolean exchangeIdentified) {
      this.exchangeIdentified = exchangeIdentified;
      return this;
    }

    /** The exception. */
    public SendOutcomeUnknownException build() {
      Objects.requireNonNull(messageState, "messageState");
      Objects.requireNonNull(failure, "failure");
      return new SendOutcomeUnknownException(this);
    }
  }
}
