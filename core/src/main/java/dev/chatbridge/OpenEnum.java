package dev.chatbridge;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * An open value type: a Java enum that a server's new value cannot break. The subclass's constants are the values
 * ChatBridge knows; its {@code of(String)} returns the constant for a known value in any case, and keeps any other
 * value verbatim in a new instance instead of failing ("lenient in what is accepted"). Two instances are equal
 * when they are of the same class and hold the same value. {@link Role} is one; vendor modules have their own
 * (e.g. a session status).
 */
public abstract class OpenEnum {
  private final String value;

  /** For subclasses: their constants and the instances {@link #lookup} makes for unknown values. */
  protected OpenEnum(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * The constant among {@code known} whose value is {@code value} in lower case, else {@code unknown} applied to
   * {@code value} as given: what a subclass's {@code of(String)} returns. Known values are lower case.
   */
  protected static <T extends OpenEnum> T lookup(String value, List<T> known, Function<String, T> unknown) {
    String lower = Objects.requireNonNull(value, "value").toLowerCase(Locale.ROOT);
    for (T constant : known) {
      if (constant.value().equals(lower)) return constant;
    }
    return unknown.apply(value);
  }

  /** The value: lower case for the constants, as the server sent it for others. */
  public final String value() {
    return value;
  }

  /** True for the subclass's constants, false for a value this version of ChatBridge does not know. */
  public abstract boolean isKnown();

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((OpenEnum) o).value.equals(value);
  }

  @Override
  public final int hashCode() {
    return value.hashCode();
  }

  /** The value. */
  @Override
  public final String toString() {
    return value;
  }
}
