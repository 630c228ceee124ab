package dev.chatbridge.opencx;

import dev.chatbridge.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code PATCH /chat/sessions/{id}}: the new status plus optional flags. This is how OpenCX closes,
 * resolves and reopens conversations; there is no separate close endpoint.
 */
public final class UpdateSessionRequest {
  private final SessionStatus status;
  private final Boolean generateSummaryAndSentimentOnResolve;
  private final Boolean reflectStatusChangeForIntegration;
  private final Map<String, Object> sessionClosedPayload;

  private UpdateSessionRequest(Builder b) {
    this.status = Objects.requireNonNull(b.status, "status");
    this.generateSummaryAndSentimentOnResolve = b.generateSummaryAndSentimentOnResolve;
    this.reflectStatusChangeForIntegration = b.reflectStatusChangeForIntegration;
    this.sessionClosedPayload = b.sessionClosedPayload == null ? null : Values.immutableMap(b.sessionClosedPayload);
  }

  /** A builder for a change to {@code status}. */
  public static Builder status(SessionStatus status) {
    return new Builder(status);
  }

  public SessionStatus statusValue() {
    return status;
  }

  Map<String, Object> toWire() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.value());
    if (generateSummaryAndSentimentOnResolve != null) {
      body.put("generate_summary_and_sentiment_on_resolve", generateSummaryAndSentimentOnResolve);
    }
    if (reflectStatusChangeForIntegration != null) {
      body.put("reflect_status_change_for_integration", reflectStatusChangeForIntegration);
    }
    if (sessionClosedPayload != null) body.put("session_closed_payload", sessionClosedPayload);
    return body;
  }

  @Override
  public String toString() {
    return "UpdateSessionRequest{status=" + status + "}";
  }

  /** Builds an {@link UpdateSessionRequest}. */
  public static final class Builder {
    private final SessionStatus status;
    private Boolean generateSummaryAndSentimentOnResolve;
    private Boolean reflectStatusChangeForIntegration;
    private Map<String, Object> sessionClosedPayload;

    private Builder(SessionStatus status) {
      this.status = Objects.requireNonNull(status, "status");
    }

    /** Analyse the session on close and generate a summary and sentiment. */
    public Builder generateSummaryAndSentimentOnResolve(boolean value) {
      this.generateSummaryAndSentimentOnResolve = value;
      return this;
    }

    /** Push the status change to a connected ticketing integration (Zendesk, Salesforce, …). */
    public Builder reflectStatusChangeForIntegration(boolean value) {
      this.reflectStatusChangeForIntegration = value;
      return this;
    }

    /** {@code session_closed_payload}: undocumented by OpenCX, sent as given. */
    public Builder sessionClosedPayload(Map<String, Object> payload) {
      this.sessionClosedPayload = payload;
      return this;
    }

    public UpdateSessionRequest build() {
      return new UpdateSessionRequest(this);
    }
  }
}
