package dev.chatbridge.osvi;

import java.util.Optional;

/**
 * A customer message for {@code POST /v1/chat/inbound}. {@code agentUuid}, {@code customerId} and {@code content}
 * are required. Without {@code sessionId}, OSVI resolves the customer's active session with the agent, creating or
 * resuming one as needed.
 */
public final class InboundMessage {
  private final String agentUuid;
  private final String customerId;
  private final String content;
  private final String sessionId;

  private InboundMessage(Builder b) {
    this.agentUuid = b.agentUuid;
    this.customerId = b.customerId;
    this.content = b.content;
    this.sessionId = b.sessionId;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String agentUuid() {
    return agentUuid;
  }

  public String customerId() {
    return customerId;
  }

  public String content() {
    return content;
  }

  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  @Override
  public String toString() {
    return "InboundMessage{agentUuid=" + agentUuid + ", customerId=" + customerId + ", sessionId=" + sessionId + "}";
  }

  /** Builds an {@link InboundMessage}. */
  public static final class Builder {
    private String agentUuid;
    private String customerId;
    private String content;
    private String sessionId;

    private Builder() {}

    public Builder agentUuid(String agentUuid) {
      this.agentUuid = agentUuid;
      return this;
    }

    public Builder customerId(String customerId) {
      this.customerId = customerId;
      return this;
    }

    /** The customer's message text. */
    public Builder content(String content) {
      this.content = content;
      return this;
    }

    /** The session to continue; OSVI may still answer on another one (read {@link InboundReply#sessionId()}). */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    public InboundMessage build() {
      return new InboundMessage(this);
    }
  }
}
