package dev.chatbridge;

import java.util.Locale;
import java.util.Objects;

/**
 * Who wrote a message. An open value type: the constants cover what ChatBridge maps, and any other value a vendor
 * sends is kept verbatim ({@link #of(String)}), never rejected.
 */
public final class Role {
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

  private final String value;

  private Role(String value) {
    this.value = value;
  }

  /** The role for {@code value} (case-insensitive for the known ones); unknown values are kept as given. */
  public static Role of(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT)) {
      case "user":
        return USER;
      case "assistant":
        return ASSISTANT;
      case "system":
        return SYSTEM;
      case "agent":
        return AGENT;
      case "tool":
        return TOOL;
      default:
        return new Role(value);
    }
  }

  /** The role's name: lower-case for the known roles, verbatim for others. */
  public String value() {
    return value;
  }

  /** True for the five constants, false for a vendor value ChatBridge does not map. */
  public boolean isKnown() {
    return this == USER || this == ASSISTANT || this == SYSTEM || this == AGENT || this == TOOL;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Role && ((Role) o).value.equals(value);
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
