package dev.chatbridge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The answer to one sent message: the assistant's {@link Message} plus what the vendor said about the exchange. */
public final class ChatReply {
  private final Message message;
  private final String userMessageId;
  private final String finishReason;
  private final boolean truncated;

  private ChatReply(Builder b) {
    this.message = Objects.requireNonNull(b.message, "message");
    this.userMessageId = b.userMessageId;
    this.finishReason = b.finishReason;
    this.truncated = b.truncated;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The assistant's reply (or a human agent's, on support platforms). */
  public Message message() {
    return message;
  }

  /** The id the vendor gave the message we sent, when it reports one. */
  public Optional<String> userMessageId() {
    return Optional.ofNullable(userMessageId);
  }

  /** The reply's citations; same as {@code message().citations()}. */
  public List<Citation> citations() {
    return message.citations();
  }

  /** Why generation stopped ({@code stop}, {@code user_cancelled}, …), when the vendor says. */
  public Optional<String> finishReason() {
    return Optional.ofNullable(finishReason);
  }

  /** Shorthand for {@code message().text()}. */
  public String text() {
    return message.text();
  }

  /**
   * True when the reply was longer than {@code chatbridge.max-reply-chars} ({@link ChatConfig#maxReplyChars()}):
   * {@link #text()} then holds only its first that many characters, while the stream's text deltas carried all of
   * it. False for every whole reply.
   */
  public boolean truncated() {
    return truncated;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChatReply)) return false;
    ChatReply r = (ChatReply) o;
    return message.equals(r.message) && Objects.equals(userMessageId, r.userMessageId)
        && Objects.equals(finishReason, r.finishReason) && truncated == r.truncated;
  }

  @Override
  public int hashCode() {
    return Objects.hash(message, userMessageId, finishReason, truncated);
  }

  @Override
  public String toString() {
    return "ChatReply{message=" + message + ", userMessageId=" + userMessageId + ", finishReason=" + finishReason
        + (truncated ? ", truncated" : "") + "}";
  }

  /** Builds a {@link ChatReply}. {@code message} is required. */
  public static final class Builder {
    private Message message;
    private String userMessageId;
    private String finishReason;
    private boolean truncated;

    private Builder() {}

    /** Sets the assistant message (required). */
    public Builder message(Message message) {
      this.message = message;
      return this;
    }

    /** Sets the id the vendor gave the sent message. */
    public Builder userMessageId(String userMessageId) {
      this.userMessageId = userMessageId;
      return this;
    }

    /** Sets why generation stopped. */
    public Builder finishReason(String finishReason) {
      this.finishReason = finishReason;
      return this;
    }

    /** Marks the reply as cut at {@code chatbridge.max-reply-chars} (see {@link ChatReply#truncated()}). */
    public Builder truncated(boolean truncated) {
      this.truncated = truncated;
      return this;
    }

    /** The reply. */
    public ChatReply build() {
      return new ChatReply(this);
    }
  }
}
