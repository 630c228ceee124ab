package dev.chatbridge.opencx;

import dev.chatbridge.OpenEnum;
import java.util.List;

/**
 * An OpenCX chat session status. An {@link OpenEnum}: the three documented values are constants, and any other
 * value the server sends is kept verbatim by {@link #of(String)} instead of failing.
 */
public final class SessionStatus extends OpenEnum {
  /** The conversation is open. */
  public static final SessionStatus OPEN = new SessionStatus("open");
  /** Closed with the issue resolved; what {@code ChatSession.end()} sets. */
  public static final SessionStatus CLOSED_RESOLVED = new SessionStatus("closed_resolved");
  /** Closed without resolving the issue. */
  public static final SessionStatus CLOSED_UNRESOLVED = new SessionStatus("closed_unresolved");

  private static final List<SessionStatus> KNOWN = List.of(OPEN, CLOSED_RESOLVED, CLOSED_UNRESOLVED);

  private SessionStatus(String value) {
    super(value);
  }

  /** The status for a wire value (case-insensitive for the known ones); unknown values are kept as given. */
  public static SessionStatus of(String value) {
    return lookup(value, KNOWN, SessionStatus::new);
  }

  /** True for the three documented statuses. */
  @Override
  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
