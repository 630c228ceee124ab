package dev.chatbridge.examples.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces credentials with {@code ****} in everything the CLI prints. A {@link Stream} scrubs text that arrives
 * in pieces (streamed deltas): it holds back only a tail that could be the start of a secret.
 */
final class Scrubber {
  static final String MASK = "****";

  private final List<String> secrets = new ArrayList<>();

  /** Adds a secret to hide; blank values are ignored. */
  synchronized void add(String secret) {
    if (secret == null || secret.isBlank() || secrets.contains(secret)) return;
    secrets.add(secret);
    secrets.sort(Comparator.comparingInt(String::length).reversed());
  }

  synchronized String scrub(String text) {
    if (text == null) return null;
    String out = text;
    for (String s : secrets) out = out.replace(s, MASK);
    return out;
  }

  /** A scrubber for one piecewise text, e.g. the deltas of one reply. */
  Stream stream() {
    return new Stream();
  }

  /** Scrubs text fed in pieces; {@link #flush()} releases what was held back. */
  final class Stream {
    private String pending = "";

    /** The part of {@code pending + piece} that can be printed now, scrubbed. */
    String feed(String piece) {
      String all = scrub(pending + piece);
      int hold = heldTail(all);
      pending = all.substring(all.length() - hold);
      return all.substring(0, all.length() - hold);
    }

    String flush() {
      String rest = scrub(pending);
      pending = "";
      return rest;
    }

    /** Length of the longest suffix of {@code text} that is a proper prefix of a secret. */
    private int heldTail(String text) {
      int best = 0;
      synchronized (Scrubber.this) {
        for (String s : secrets) {
          for (int n = Math.min(s.length() - 1, text.length()); n > best; n--) {
            if (text.regionMatches(text.length() - n, s, 0, n)) {
              best = n;
              break;
            }
          }
        }
      }
      return best;
    }
  }
}
