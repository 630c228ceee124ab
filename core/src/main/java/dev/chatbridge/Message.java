package dev.chatbridge;

import dev.chatbridge.internal.Values;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a session, immutable. Ids are opaque strings: vendors use integers, UUIDs and other strings, so
 * never parse them. Fields ChatBridge does not map stay reachable in {@link #vendorData()}.
 */
public final class Message {
  private final String id;
  private final String sessionId;
  private final Role role;
  private final String text;
  private final Instant createdAt;
  private final String parentId;
  private final List<Citation> citations;
  private final List<Attachment> attachments;
  private final Map<String, Object> vendorData;

  private Message(Builder b) {
    this.id = b.id;
    this.sessionId = b.sessionId;
    this.role = Objects.requireNonNull(b.role, "role");
    this.text = b.text == null ? "" : b.text;
    this.createdAt = b.createdAt;
    this.parentId = b.parentId;
    this.citations = List.copyOf(b.citations);
    this.attachments = List.copyOf(b.attachments);
    this.vendorData = Values.immutableMap(b.vendorData);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this message, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .sessionId(sessionId)
        .role(role)
        .text(text)
        .createdAt(createdAt)
        .parentId(parentId)
        .citations(citations)
        .attachments(attachments)
        .vendorData(vendorData);
  }

  /** The vendor's message id as an opaque string; null only when the vendor did not report one. */
  public String id() {
    return id;
  }

  /** The session this message belongs to, when known. */
  public String sessionId() {
    return sessionId;
  }

  /** Who wrote the message. */
  public Role role() {
    return role;
  }

  /** The message text; empty, never null. */
  public String text() {
    return text;
  }

  /** When the vendor says the message was created. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** The parent message id, on vendors whose messages form a tree. */
  public Optional<String> parentId() {
    return Optional.ofNullable(parentId);
  }

  /** Documents the message cites; empty when none. */
  public List<Citation> citations() {
    return citations;
  }

  /** Files attached to the message; empty when none. */
  public List<Attachment> attachments() {
    return attachments;
  }

  /**
   * The vendor's fields that ChatBridge does not map, as plain Java values ({@code String}, {@code Number},
   * {@code Boolean}, {@code List}, {@code Map}, or null). Never lost, never a Jackson type.
   */
  public Map<String, Object> vendorData() {
    return vendorData;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Message)) return false;
    Message m = (Message) o;
    return Objects.equals(id, m.id) && Objects.equals(sessionId, m.sessionId) && role.equals(m.role)
        && text.equals(m.text) && Objects.equals(createdAt, m.createdAt) && Objects.equals(parentId, m.parentId)
        && citations.equals(m.citations) && attachments.equals(m.attachments) && vendorData.equals(m.vendorData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, sessionId, role, text, createdAt, parentId, citations, attachments, vendorData);
  }

  @Override
  public String toString() {
    return "Message{id=" + id + ", role=" + role + ", text=" + Values.abbreviate(text, 80) + ", createdAt="
        + createdAt + ", parentId=" + parentId + "}";
  }

  /** Builds a {@link Message}. {@code role} is required. */
  public static final class Builder {
    private String id;
    private String sessionId;
    private Role role;
    private String text;
    private Instant createdAt;
    private String parentId;
    private List<Citation> citations = List.of();
    private List<Attachment> attachments = List.of();
    private Map<String, Object> vendorData = Map.of();

    private Builder() {}

    /** Sets the vendor's message id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the session id. */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Sets the author role (required). */
    public Builder role(Role role) {
      this.role = role;
      return this;
    }

    /** Sets the text; null reads as empty. */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /** Sets the creation time. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets the parent message id. */
    public Builder parentId(String parentId) {
      this.parentId = parentId;
      return this;
    }

    /** Sets the citations (copied). */
    public Builder citations(List<Citation> citations) {
      this.citations = Objects.requireNonNull(citations, "citations");
      return this;
    }

    /** Sets the attachments (copied). */
    public Builder attachments(List<Attachment> attachments) {
      this.attachments = Objects.requireNonNull(attachments, "attachments");
      return this;
    }

    /** Sets the unmapped vendor fields as plain Java values (copied). */
    public Builder vendorData(Map<String, Object> vendorData) {
      this.vendorData = Objects.requireNonNull(vendorData, "vendorData");
      return this;
    }

    /** The message; {@code role} is required. */
    public Message build() {
      return new Message(this);
    }
  }
}
