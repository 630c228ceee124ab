package dev.chatbridge.osvi;

import java.util.Locale;
import java.util.Objects;

/**
 * Who is answering a v1 session: the AI agent or a human operator ({@code support}).
 * An open value type: the constants are the documented values, any other value OSVI sends is kept verbatim
 * ({@link #of(String)}), never rejected.
 */
public final class SessionMode {
  /** The AI agent replies automatically. */
  public static final SessionMode AI = new SessionMode("ai");
  /** A human operator is involved; the agent does not auto-reply. */
  public static final SessionMode SUPPORT = new SessionMode("support");

  private final String value;

  private SessionMode(String value) {
    this.value = value;
  }

  /**
   * The constant for {@code value} (documented values match in any case, as core {@code Role.of} does), or a new
   * instance keeping an undocumented value as sent.
   */
  public static SessionMode of(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT)) { // documented values in any case; others kept as sent
      case "ai":
        return AI;
      case "support":
        return SUPPORT;
      default:
        return new SessionMode(value);
    }
  }

  /** The wire value, e.g. {@code ai}. */
  public String value() {
    return value;
  }

  /** True for the documented constants, false for a value this SDK does not know yet. */
  public boolean isKnown() {
    return this == AI || this == SUPPORT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionMode && ((SessionMode) o).value.equals(value);
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
