package dev.chatbridge.osvi;

import dev.chatbridge.OpenEnum;
import java.util.List;

/**
 * An operator command for {@code POST /v1/chat/session/{id}/support}.
 * An {@link OpenEnum}: the constants are the documented values, any other value OSVI sends is kept verbatim
 * ({@link #of(String)}), never rejected.
 */
public final class SupportCommand extends OpenEnum {
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

  private static final List<SupportCommand> KNOWN = List.of(TAKEOVER, TELL, WHISPER, END, CLOSE);

  private SupportCommand(String value) {
    super(value);
  }

  /**
   * The constant for {@code value} (documented values match in any case, as core {@code Role.of} does), or a new
   * instance keeping an undocumented value as sent.
   */
  public static SupportCommand of(String value) {
    return lookup(value, KNOWN, SupportCommand::new);
  }

  /** True for the documented constants, false for a value this SDK does not know yet. */
  @Override
  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
