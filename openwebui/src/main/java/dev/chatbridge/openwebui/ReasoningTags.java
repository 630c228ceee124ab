package dev.chatbridge.openwebui;

import java.util.function.BiConsumer;

/**
 * Splits a model's reasoning out of its streamed answer text the way Open WebUI shows it: text between one of the
 * tag pairs of {@code DEFAULT_REASONING_TAGS} ({@code <think>…</think>}, {@code <thinking>}, {@code <reason>},
 * {@code <reasoning>}, {@code <thought>}, {@code <Thought>}, {@code <|begin_of_thought|>…<|end_of_thought|>},
 * {@code ◁think▷…◁/think▷}; open-webui/open-webui, backend/open_webui/utils/middleware.py) is reasoning, the rest
 * is answer text. Tags may be split across chunks: a tail that could still become a tag is held back until the
 * next chunk (or {@link #finish}) decides. White space right after a tag is dropped, as the web UI trims it. One
 * per reply; not thread-safe.
 */
final class ReasoningTags {
  private static final String[][] PAIRS = {
      {"<think>", "</think>"}, {"<thinking>", "</thinking>"}, {"<reason>", "</reason>"},
      {"<reasoning>", "</reasoning>"}, {"<thought>", "</thought>"}, {"<Thought>", "</Thought>"},
      {"<|begin_of_thought|>", "<|end_of_thought|>"}, {"◁think▷", "◁/think▷"}};

  /** Where the pieces go: {@code (text, reasoning)}, exactly one of them non-null. */
  private final BiConsumer<String, String> out;
  /** The closing tag while inside reasoning; null outside. */
  private String end;
  /** Characters held back because they may start a tag. */
  private String held = "";
  /** True right after a tag: leading white space of what follows is dropped. */
  private boolean afterTag;

  ReasoningTags(BiConsumer<String, String> out) {
    this.out = out;
  }

  /** Reads one chunk of content. The common chunk (no tag character anywhere) costs one scan. */
  void accept(String chunk) {
    if (held.isEmpty() && end == null && !afterTag && !mayHoldTag(chunk)) {
      out.accept(chunk, null);
      return;
    }
    String s = held + chunk;
    held = "";
    while (!s.isEmpty()) {
      if (afterTag) {
        s = stripLeading(s);
        if (s.isEmpty()) return;
        afterTag = false;
      }
      if (end == null) {
        int at = -1;
        String[] found = null;
        for (String[] pair : PAIRS) {
          int i = s.indexOf(pair[0]);
          if (i >= 0 && (at < 0 || i < at)) {
            at = i;
            found = pair;
          }
        }
        if (found == null) {
          int keep = heldTail(s, true);
          emit(s.substring(0, s.length() - keep), false);
          held = s.substring(s.length() - keep);
          return;
        }
        emit(s.substring(0, at), false);
        s = s.substring(at + found[0].length());
        end = found[1];
        afterTag = true;
      } else {
        int i = s.indexOf(end);
        if (i < 0) {
          int keep = heldTail(s, false);
          emit(s.substring(0, s.length() - keep), true);
          held = s.substring(s.length() - keep);
          return;
        }
        emit(s.substring(0, i), true);
        s = s.substring(i + end.length());
        end = null;
        afterTag = true;
      }
    }
  }

  /** Flushes what was held back: the stream ended, so it was never a tag. */
  void finish() {
    if (held.isEmpty()) return;
    String s = held;
    held = "";
    emit(s, end != null);
  }

  private void emit(String s, boolean reasoning) {
    if (s.isEmpty()) return;
    if (reasoning) out.accept(null, s);
    else out.accept(s, null);
  }

  /** True when {@code s} has a character a tag starts with. */
  private static boolean mayHoldTag(String s) {
    return s.indexOf('<') >= 0 || s.indexOf('◁') >= 0;
  }

  /** How many trailing characters of {@code s} are a proper prefix of a tag that may come next. */
  private int heldTail(String s, boolean outside) {
    int from = Math.max(s.lastIndexOf('<'), s.lastIndexOf('◁'));
    if (from < 0) return 0;
    String tail = s.substring(from);
    if (outside) {
      for (String[] pair : PAIRS) if (pair[0].length() > tail.length() && pair[0].startsWith(tail)) return tail.length();
      return 0;
    }
    return end.length() > tail.length() && end.startsWith(tail) ? tail.length() : 0;
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return s.substring(i);
  }
}
