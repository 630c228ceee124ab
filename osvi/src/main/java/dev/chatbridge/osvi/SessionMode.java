package dev.chatbridge.osvi;

import dev.chatbridge.OpenEnum;
import java.util.List;

/**
 * Who is answering a v1 session: the AI agent or a human operator ({@code support}).
 * An {@link OpenEnum}: the constants are the documented values, any other value OSVI sends is kept verbatim
 * ({@link #of(String)}), never rejected.
 */
public final class SessionMode extends OpenEnum {
  /** The AI agent replies automatically. */
  public static final SessionMode AI = new SessionMode("ai");
  /** A human operator is involved; the agent does not auto-reply. */
  public static final SessionMode SUPPORT = new SessionMode("support");

  private static final List<SessionMode> KNOWN = List.of(AI, SUPPORT);

  private SessionMode(String value) {
    super(value);
  }

  /**
   * The constant for {@code value} (documented values match in any case, as core {@code Role.of} does), or a new
   * instance keeping an undocumented value as sent.
   */
  public static SessionMode of(String value) {
    return lookup(value, KNOWN, SessionMode::new);
  }

  /** True for the documented constants, false for a value this SDK does not know yet. */
  @Override
  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
