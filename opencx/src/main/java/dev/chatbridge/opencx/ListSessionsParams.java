package dev.chatbridge.opencx;

import java.time.Instant;
import okhttp3.HttpUrl;

/**
 * Query filters of {@code GET /chat/sessions}. Every filter is optional; the server fixes the page size and pages
 * with a cursor, which {@link OpenCxClient#listSessions(ListSessionsParams)} follows for you.
 */
public final class ListSessionsParams {
  private static final ListSessionsParams NONE = builder().build();

  private final Boolean handedOff;
  private final SessionStatus status;
  private final ChannelType channelType;
  private final Instant createdAfter;
  private final Instant createdBefore;
  private final Instant updatedAfter;
  private final Instant updatedBefore;

  private ListSessionsParams(Builder b) {
    this.handedOff = b.handedOff;
    this.status = b.status;
    this.channelType = b.channelType;
    this.createdAfter = b.createdAfter;
    this.createdBefore = b.createdBefore;
    this.updatedAfter = b.updatedAfter;
    this.updatedBefore = b.updatedBefore;
  }

  /** No filters. */
  public static ListSessionsParams none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  void addTo(HttpUrl.Builder url) {
    if (handedOff != null) url.addQueryParameter("handed_off", handedOff.toString());
    if (status != null) url.addQueryParameter("status", status.value());
    if (channelType != null) url.addQueryParameter("channel_type", channelType.value());
    if (createdAfter != null) url.addQueryParameter("created_after", createdAfter.toString());
    if (createdBefore != null) url.addQueryParameter("created_before", createdBefore.toString());
    if (updatedAfter != null) url.addQueryParameter("updated_after", updatedAfter.toString());
    if (updatedBefore != null) url.addQueryParameter("updated_before", updatedBefore.toString());
  }

  @Override
  public String toString() {
    return "ListSessionsParams{handedOff=" + handedOff + ", status=" + status + ", channelType=" + channelType
        + ", createdAfter=" + createdAfter + ", createdBefore=" + createdBefore + ", updatedAfter=" + updatedAfter
        + ", updatedBefore=" + updatedBefore + "}";
  }

  /** Builds {@link ListSessionsParams}. */
  public static final class Builder {
    private Boolean handedOff;
    private SessionStatus status;
    private ChannelType channelType;
    private Instant createdAfter;
    private Instant createdBefore;
    private Instant updatedAfter;
    private Instant updatedBefore;

    private Builder() {}

    /** Only sessions handed (or not) to a human; sent as {@code "true"}/{@code "false"}. */
    public Builder handedOff(Boolean handedOff) {
      this.handedOff = handedOff;
      return this;
    }

    public Builder status(SessionStatus status) {
      this.status = status;
      return this;
    }

    public Builder channelType(ChannelType channelType) {
      this.channelType = channelType;
      return this;
    }

    public Builder createdAfter(Instant createdAfter) {
      this.createdAfter = createdAfter;
      return this;
    }

    public Builder createdBefore(Instant createdBefore) {
      this.createdBefore = createdBefore;
      return this;
    }

    public Builder updatedAfter(Instant updatedAfter) {
      this.updatedAfter = updatedAfter;
      return this;
    }

    public Builder updatedBefore(Instant updatedBefore) {
      this.updatedBefore = updatedBefore;
      return this;
    }

    public ListSessionsParams build() {
      return new ListSessionsParams(this);
    }
  }
}
