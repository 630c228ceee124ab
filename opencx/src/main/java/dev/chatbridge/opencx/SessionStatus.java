package dev.chatbridge.opencx;

import java.util.Locale;
import java.util.Objects;

/**
 * An OpenCX chat session status. An open value type: the three documented values are constants, and any other
 * value the server sends is kept verbatim by {@link #of(String)} instead of failing.
 */
public final class SessionStatus {
  /** The conversation is open. */
  public static final SessionStatus OPEN = new SessionStatus("open");
  /** Closed with the issue resolved; what {@code ChatSession.end()} sets. */
  public static final SessionStatus CLOSED_RESOLVED = new SessionStatus("closed_resolved");
  /** Closed without resolving the issue. */
  public static final SessionStatus CLOSED_UNRESOLVED = new SessionStatus("closed_unresolved");

  private final String value;

  private SessionStatus(String value) {
    this.value = value;
  }

  /** The status for a wire value; unknown values are kept as given. */
  public static SessionStatus of(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT)) {
      case "open":
        return OPEN;
      case "closed_resolved":
        return CLOSED_RESOLVED;
      case "closed_unresolved":
        return CLOSED_UNRESOLVED;
      default:
        return new SessionStatus(value);
    }
  }

  /** The wire value, e.g. {@code closed_resolved}. */
  public String value() {
    return value;
  }

  /** True for the three documented statuses. */
  public boolean isKnown() {
    return this == OPEN || this == CLOSED_RESOLVED || this == CLOSED_UNRESOLVED;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionStatus && ((SessionStatus) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
