package dev.chatbridge;

import dev.chatbridge.internal.Values;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A session as listed: id, title, times and status. */
public final class SessionSummary {
  private final String id;
  private final String title;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final String status;
  private final Map<String, Object> vendorData;

  private SessionSummary(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.title = b.title;
    this.createdAt = b.createdAt;
    this.updatedAt = b.updatedAt;
    this.status = b.status;
    this.vendorData = Values.immutableMap(b.vendorData);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The vendor's session id, opaque. */
  public String id() {
    return id;
  }

  /** The session title, when it has one. */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** When the session was created, when the vendor says. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** When the session last changed, when the vendor says. */
  public Optional<Instant> updatedAt() {
    return Optional.ofNullable(updatedAt);
  }

  /** The vendor's status word ({@code open}, {@code closed_resolved}, {@code archived}, …), when it has one. */
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  /** Unmapped vendor fields as plain Java values. */
  public Map<String, Object> vendorData() {
    return vendorData;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SessionSummary)) return false;
    SessionSummary s = (SessionSummary) o;
    return id.equals(s.id) && Objects.equals(title, s.title) && Objects.equals(createdAt, s.createdAt)
        && Objects.equals(updatedAt, s.updatedAt) && Objects.equals(status, s.status)
        && vendorData.equals(s.vendorData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, title, createdAt, updatedAt, status, vendorData);
  }

  @Override
  public String toString() {
    return "SessionSummary{id=" + id + ", title=" + title + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt
        + ", status=" + status + "}";
  }

  /** Builds a {@link SessionSummary}; {@code id} is required. */
  public static final class Builder {
    private String id;
    private String title;
    private Instant createdAt;
    private Instant updatedAt;
    private String status;
    private Map<String, Object> vendorData = Map.of();

    private Builder() {}

    /** Sets the vendor's session id (required). */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the creation time. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets the last-change time. */
    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /** Sets the vendor's status value. */
    public Builder status(String status) {
      this.status = status;
      return this;
    }

    /** Sets the unmapped vendor fields as plain Java values (copied). */
    public Builder vendorData(Map<String, Object> vendorData) {
      this.vendorData = Objects.requireNonNull(vendorData, "vendorData");
      return this;
    }

    /** The summary; {@code id} is required. */
    public SessionSummary build() {
      return new SessionSummary(this);
    }
  }
}
