package dev.chatbridge.examples.cli;

/**
 * Makes text from a server safe to print on a terminal, for the human output only ({@code --json} keeps every
 * character, escaped). A reply could otherwise move the cursor, rewrite earlier lines, set the window title, plant
 * a hyperlink or reorder what is shown. Removed: C0 control characters except {@code \n} and {@code \t} (so also
 * {@code \r} and BEL), DEL, C1 control characters, whole escape sequences (CSI such as {@code ESC[31m}, OSC such as
 * {@code ESC]0;title BEL}, DCS/SOS/PM/APC strings, two- and three-character escapes) and the Unicode bidi
 * controls (embeddings, overrides, isolates, marks). A {@link Stream} does the same for text arriving in pieces,
 * where a sequence may be split between two deltas.
 */
final class TerminalText {
  private TerminalText() {}

  /** {@code text} without control characters and escape sequences. */
  static String strip(String text) {
    if (text == null) return null;
    if (isPlain(text)) return text;
    return new Stream().feed(text);
  }

  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f || isBidiControl(c)) return false;
    }
    return true;
  }

  /** U+061C, U+200E/F (marks), U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates). */
  static boolean isBidiControl(char c) {
    return c == '\u061c' || c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e'
        || c >= '\u2066' && c <= '\u2069';
  }

  /** Strips text fed in pieces: state carries over, so an escape sequence split between pieces is still removed. */
  static final class Stream {
    private enum State { TEXT, ESCAPE, ESCAPE_INTERMEDIATE, CSI, STRING, STRING_ESCAPE }

    private State state = State.TEXT;

    /** The printable part of {@code piece}. */
    String feed(String piece) {
      StringBuilder out = new StringBuilder(piece.length());
      for (int i = 0; i < piece.length(); i++) {
        char c = piece.charAt(i);
        switch (state) {
          case TEXT -> text(c, out);
          case ESCAPE -> {
            if (c == '[') state = State.CSI;
            else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') state = State.STRING;
            else if (c >= 0x20 && c <= 0x2f) state = State.ESCAPE_INTERMEDIATE;
            else if (c >= 0x30 && c <= 0x7e) state = State.TEXT; // a two-character escape such as ESC c
            else text(c, out); // not a sequence after all: read the character afresh
          }
          case ESCAPE_INTERMEDIATE -> {
            if (c >= 0x30 && c <= 0x7e) state = State.TEXT; // e.g. ESC ( B
            else if (c < 0x20 || c > 0x2f) {
              state = State.TEXT;
              text(c, out);
            }
          }
          case CSI -> {
            if (c >= 0x40 && c <= 0x7e) state = State.TEXT; // the final byte
            else if (c < 0x20 || c > 0x3f) {
              state = State.TEXT; // malformed: the sequence ends here
              text(c, out);
            }
          }
          case STRING -> {
            if (c == 0x07 || c == 0x9c) state = State.TEXT; // BEL or ST ends it
            else if (c == 0x1b) state = State.STRING_ESCAPE;
            else if (c == '\n') {
              state = State.TEXT; // never swallow the rest of a reply after an unterminated string
              out.append(c);
            }
          }
          case STRING_ESCAPE -> {
            state = State.TEXT; // ESC \ is ST; anything else ends the string too and is read afresh
            if (c != '\\') text(c, out);
          }
          default -> throw new AssertionError(state);
        }
      }
      return out.toString();
    }

    private void text(char c, StringBuilder out) {
      state = State.TEXT;
      if (c == 0x1b) {
        state = State.ESCAPE;
      } else if (c == 0x9b) {
        state = State.CSI;
      } else if (c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f) {
        state = State.STRING;
      } else if (c == '\n' || c == '\t' || c >= 0x20 && c < 0x7f || c > 0x9f && !isBidiControl(c)) {
        out.append(c);
      }
    }
  }
}
