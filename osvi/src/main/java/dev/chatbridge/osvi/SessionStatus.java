package dev.chatbridge.osvi;

import java.util.Locale;
import java.util.Objects;

/**
 * The lifecycle state of a v1 session.
 * An open value type: the constants are the documented values, any other value OSVI sends is kept verbatim
 * ({@link #of(String)}), never rejected.
 */
public final class SessionStatus {
  /** The session is open. */
  public static final SessionStatus ACTIVE = new SessionStatus("active");
  /** Quiet for a while; a new message resumes it. */
  public static final SessionStatus DORMANT = new SessionStatus("dormant");
  /** Closed permanently. */
  public static final SessionStatus CLOSED = new SessionStatus("closed");

  private final String value;

  private SessionStatus(String value) {
    this.value = value;
  }

  /**
   * The constant for {@code value} (documented values match in any case, as core {@code Role.of} does), or a new
   * instance keeping an undocumented value as sent.
   */
  public static SessionStatus of(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT)) { // documented values in any case; others kept as sent
      case "active":
        return ACTIVE;
      case "dormant":
        return DORMANT;
      case "closed":
        return CLOSED;
      default:
        return new SessionStatus(value);
    }
  }

  /** The wire value, e.g. {@code active}. */
  public String value() {
    return value;
  }

  /** True for the documented constants, false for a value this SDK does not know yet. */
  public boolean isKnown() {
    return this == ACTIVE || this == DORMANT || this == CLOSED;
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
