package dev.chatbridge;

import java.util.List;

/**
 * Who wrote a message. An {@link OpenEnum}: the constants cover what ChatBridge maps, and any other value a vendor
 * sends is kept verbatim ({@link #of(String)}), never rejected.
 */
public final class Role extends OpenEnum {
  /** The end user (Onyx {@code user}, OpenCX {@code contact}, OSVI customer). */
  public static final Role USER = new Role("user");
  /** The AI assistant. */
  public static final Role ASSISTANT = new Role("assistant");
  /** System or root messages. */
  public static final Role SYSTEM = new Role("system");
  /** A human support agent. */
  public static final Role AGENT = new Role("agent");
  /** Tool calls and tool results. */
  public static final Role TOOL = new Role("tool");

  private static final List<Role> KNOWN = List.of(USER, ASSISTANT, SYSTEM, AGENT, TOOL);

  private Role(String value) {
    super(value);
  }

  /** The role for {@code value} (case-insensitive for the known ones); unknown values are kept as given. */
  public static Role of(String value) {
    return lookup(value, KNOWN, Role::new);
  }

  /** True for the five constants, false for a vendor value ChatBridge does not map. */
  @Override
  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
