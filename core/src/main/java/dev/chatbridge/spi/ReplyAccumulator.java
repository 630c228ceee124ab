package dev.chatbridge.spi;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.Citation;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the text and citations of a stream's events so a vendor can build the final reply. Text beyond the
 * limit ({@code chatbridge.max-reply-chars}, {@link ChatConfig#maxReplyChars()}) is counted but not kept, so a huge
 * streamed reply does not grow the heap; the deltas still carried every character, {@link #truncated()} says so,
 * and the vendor marks the reply ({@link dev.chatbridge.ChatReply.Builder#truncated(boolean)}).
 */
public final class ReplyAccumulator {
  /** {@link ChatConfig#DEFAULT_MAX_REPLY_CHARS}: four million characters. */
  public static final int DEFAULT_MAX_CHARS = ChatConfig.DEFAULT_MAX_REPLY_CHARS;

  private final StringBuilder text = new StringBuilder();
  private final List<Citation> citations = new ArrayList<>();
  private final int maxChars;
  private long totalChars;

  /** An accumulator keeping up to {@link #DEFAULT_MAX_CHARS} characters. */
  public ReplyAccumulator() {
    this(DEFAULT_MAX_CHARS);
  }

  /** An accumulator keeping up to {@code maxChars} characters. */
  public ReplyAccumulator(int maxChars) {
    this.maxChars = maxChars;
  }

  /** Takes what the reply needs from {@code event} and returns it, for chaining in a parser. */
  public ChatEvent accept(ChatEvent event) {
    if (event instanceof ChatEvent.TextDelta) {
      String delta = ((ChatEvent.TextDelta) event).text();
      totalChars += delta.length();
      int room = maxChars - text.length();
      if (delta.length() <= room) {
        text.append(delta); // a plain copy; append(CharSequence, start, end) goes char by char
      } else if (room > 0) {
        text.append(delta, 0, room);
      }
    } else if (event instanceof ChatEvent.CitationAdded) {
      Citation c = ((ChatEvent.CitationAdded) event).citation();
      if (!citations.contains(c)) citations.add(c);
    }
    return event;
  }

  /** The text so far (at most {@code maxChars}). */
  public String text() {
    return text.toString();
  }

  /** Distinct citations in arrival order. */
  public List<Citation> citations() {
    return List.copyOf(citations);
  }

  /** Characters seen in all deltas, kept or not. */
  public long totalChars() {
    return totalChars;
  }

  /** True when more text arrived than was kept. */
  public boolean truncated() {
    return totalChars > text.length();
  }

  /** True once any delta or citation arrived. */
  public boolean hasContent() {
    return totalChars > 0 || !citations.isEmpty();
  }
}
