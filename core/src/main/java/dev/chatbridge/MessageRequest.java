package dev.chatbridge;

import dev.chatbridge.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to send, with optional branching and vendor settings. {@code ChatSession.send(String)} is shorthand.
 */
public final class MessageRequest {
  /** Why a {@link #isBlank() blank} request is refused, in {@link InvalidRequestException#local} messages. */
  public static final String BLANK_TEXT = "the message text is blank; nothing was sent";

  private final String text;
  private final String parentId;
  private final Map<String, String> extras;

  private MessageRequest(Builder b) {
    this.text = Objects.requireNonNull(b.text, "text");
    this.parentId = b.parentId;
    this.extras = Values.immutableMap(b.extras);
  }

  /** A request with just the text. */
  public static MessageRequest of(String text) {
    return builder().text(text).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The text to send. */
  public String text() {
    return text;
  }

  /**
   * The message to answer after, on vendors whose messages form a tree ({@link Capability#BRANCHING}). Absent means
   * "after the latest message".
   */
  public Optional<String> parentId() {
    return Optional.ofNullable(parentId);
  }

  /**
   * True when there is nothing to send: the text is empty or only white space and no {@link #parentId()} is given.
   * {@link ChatSession} refuses such a request before anything is sent. With a parent, an empty text can still mean
   * something (Onyx regenerates the answer to that message); vendors without such a meaning refuse it.
   */
  public boolean isBlank() {
    return text.isBlank() && parentId == null;
  }

  /** Vendor-specific settings for this message (documented per vendor). */
  public Map<String, String> extras() {
    return extras;
  }

  @Override
  public String toString() {
    return "MessageRequest{text=" + Values.abbreviate(text, 40) + ", parentId=" + parentId + ", extras="
        + extras.keySet() + "}";
  }

  /** Builds a {@link MessageRequest}; {@code text} is required. */
  public static final class Builder {
    private String text;
    private String parentId;
    private final Map<String, String> extras = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the text to send (required). */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /** Sets the message to answer after, on vendors with message trees. */
    public Builder parentId(String parentId) {
      this.parentId = parentId;
      return this;
    }

    /** Adds a vendor-specific setting. */
    public Builder extra(String key, String value) {
      extras.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The request; {@code text} is required. */
    public MessageRequest build() {
      return new MessageRequest(this);
    }
  }
}
