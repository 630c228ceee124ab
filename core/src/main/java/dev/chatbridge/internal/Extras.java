package dev.chatbridge.internal;

import dev.chatbridge.InvalidRequestException;
import java.util.Locale;

/**
 * Reads the string-valued extras of {@code SessionOptions} and {@code MessageRequest} that a vendor needs typed.
 * A bad value is refused before anything is sent, with a message naming the extra. Not API.
 */
public final class Extras {
  private Extras() {}

  /**
   * {@code true} or {@code false} (any case, surrounding blanks ignored); else an {@link InvalidRequestException}
   * "{@code <what> must be true or false, not '<value>'}", e.g. {@code what} = {@code "extra 'deep-research'"}.
   */
  public static boolean bool(String vendor, String what, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) return true;
    if (v.equals("false")) return false;
    throw InvalidRequestException.local(vendor, what + " must be true or false, not '" + value + "'");
  }

  /** A whole number (surrounding blanks ignored); else an {@link InvalidRequestException} naming {@code what}. */
  public static int integer(String vendor, String what, String value) {
    try {
      return Integer.parseInt(value == null ? "" : value.trim());
    } catch (NumberFormatException e) {
      throw InvalidRequestException.local(vendor, what + " must be an integer, not '" + value + "'");
    }
  }
}
