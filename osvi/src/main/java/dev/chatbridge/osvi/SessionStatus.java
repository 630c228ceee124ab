package dev.chatbridge.osvi;

import dev.chatbridge.OpenEnum;
import java.util.List;

/**
 * The lifecycle state of a v1 session.
 * An {@link OpenEnum}: the constants are the documented values, any other value OSVI sends is kept verbatim
 * ({@link #of(String)}), never rejected.
 */
public final class SessionStatus extends OpenEnum {
  /** The session is open. */
  public static final SessionStatus ACTIVE = new SessionStatus("active");
  /** Quiet for a while; a new message resumes it. */
  public static final SessionStatus DORMANT = new SessionStatus("dormant");
  /** Closed permanently. */
  public static final SessionStatus CLOSED = new SessionStatus("closed");

  private static final List<SessionStatus> KNOWN = List.of(ACTIVE, DORMANT, CLOSED);

  private SessionStatus(String value) {
    super(value);
  }

  /**
   * The constant for {@code value} (documented values match in any case, as core {@code Role.of} does), or a new
   * instance keeping an undocumented value as sent.
   */
  public static SessionStatus of(String value) {
    return lookup(value, KNOWN, SessionStatus::new);
  }

  /** True for the documented constants, false for a value this SDK does not know yet. */
  @Override
  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
