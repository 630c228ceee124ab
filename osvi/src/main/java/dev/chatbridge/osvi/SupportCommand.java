package dev.chatbridge.osvi;

import java.util.Locale;
import java.util.Objects;

/**
 * An operator command for {@code POST /v1/chat/session/{id}/support}.
 * An open value type: the constants are the documented values, any other value OSVI sends is kept verbatim
 * ({@link #of(String)}), never rejected.
 */
public final class SupportCommand {
  /** A human takes over; the agent stops auto-replying and the mode becomes {@code support}. */
  public static final SupportCommand TAKEOVER = new SupportCommand("takeover");
  /** Injects operator guidance and runs an agent turn, which returns a reply. */
  public static final SupportCommand TELL = new SupportCommand("tell");
  /** Private guidance for the next agent turn; the customer never sees it. */
  public static final SupportCommand WHISPER = new SupportCommand("whisper");
  /** Hands the session back to the AI; the mode returns to {@code ai}. */
  public static final SupportCommand END = new SupportCommand("end");
  /** Closes the session permanently. */
  public static final SupportCommand CLOSE = new SupportCommand("close");

  private final String value;

  private SupportCommand(String value) {
    this.value = value;
  }

  /**
   * The constant for {@code value} (documented values match in any case, as core {@code Role.of} does), or a new
   * instance keeping an undocumented value as sent.
   */
  public static SupportCommand of(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT)) { // documented values in any case; others kept as sent
      case "takeover":
        return TAKEOVER;
      case "tell":
        return TELL;
      case "whisper":
        return WHISPER;
      case "end":
        return END;
      case "close":
        return CLOSE;
      default:
        return new SupportCommand(value);
    }
  }

  /** The wire value, e.g. {@code takeover}. */
  public String value() {
    return value;
  }

  /** True for the documented constants, false for a value this SDK does not know yet. */
  public boolean isKnown() {
    return this == TAKEOVER || this == TELL || this == WHISPER || this == END || this == CLOSE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SupportCommand && ((SupportCommand) o).value.equals(value);
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
