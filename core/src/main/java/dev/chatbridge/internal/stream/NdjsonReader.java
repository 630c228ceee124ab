package dev.chatbridge.internal.stream;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Newline-delimited JSON read with one Jackson parser over the whole body, value after value: no copy of each line
 * and no parser per line, so reading a stream costs what a hand-written streaming loop costs. Each value is handed
 * over as soon as its last byte has arrived (the parser never waits for more than it needs). Blank lines and any
 * whitespace between values are skipped; a value may even span lines. The body must be UTF-8 (a byte-order mark is
 * skipped); invalid UTF-8 and malformed JSON throw Jackson's exception (an IOException), after which the reader
 * is finished. A value longer than the limit throws {@link StreamException} instead of filling the heap. Not
 * thread-safe. Not API.
 */
public final class NdjsonReader {
  /** 64 MiB: a 1 MB line is routine, an endless one is refused. */
  public static final long MAX_LINE_BYTES = 64L * 1024 * 1024;

  /** Jackson reads ahead by at most one input buffer (8,000 bytes); the limit allows for that much slack. */
  private static final long READ_AHEAD = 8000;

  private final BufferedSource source;
  private final CappedInput input;
  private final long maxValueBytes;
  private JsonParser parser;
  private boolean finished;

  /** A reader over {@code source} with the default value limit. */
  public NdjsonReader(BufferedSource source) {
    this(source, MAX_LINE_BYTES);
  }

  /** A reader over {@code source} refusing values longer than {@code maxValueBytes} (give or take 8 KB). */
  public NdjsonReader(BufferedSource source, long maxValueBytes) {
    this.source = source;
    this.maxValueBytes = maxValueBytes;
    this.input = new CappedInput(source.inputStream());
  }

  /** The next JSON value as a tree, or null at EOF. Malformed JSON throws Jackson's exception. */
  public JsonNode next() throws IOException {
    JsonParser p = nextValue();
    if (p == null) return null;
    try {
      return Json.MAPPER.readTree(p);
    } catch (IOException | RuntimeException e) {
      finished = true;
      throw e;
    }
  }

  /**
   * Moves to the next value and returns the parser standing on its first token, or null at EOF. Read the value
   * to its end with the parser (or hand it to {@code readTree}); whatever is left of it is skipped by the next
   * call. The parser is the reader's own: do not close it or keep it. After the parser throws, stop reading: the
   * rest of the body cannot be told apart reliably.
   */
  public JsonParser nextValue() throws IOException {
    if (finished) return null;
    try {
      JsonParser p = parser;
      if (p == null) {
        refuseNonUtf8();
        p = parser = Json.MAPPER.getFactory().createParser(input);
        p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE); // the call owns the body
      } else {
        while (!p.getParsingContext().inRoot()) { // the caller stopped inside the last value
          if (p.nextToken() == null) break;
        }
      }
      input.limit = input.total + maxValueBytes + READ_AHEAD;
      if (p.nextToken() == null) {
        finish(); // at EOF, on the reading thread: the parser's buffers go back to Jackson's pool
        return null;
      }
      return p;
    } catch (IOException | RuntimeException e) {
      finished = true; // a parser that failed cannot find the next value reliably
      throw e;
    }
  }

  private void finish() throws IOException {
    finished = true;
    parser.close();
  }

  /**
   * Given bytes, Jackson guesses UTF-16/32 from NULs among the first four and then fails with a plain
   * {@code CharConversionException}; NDJSON is UTF-8, so such a body is refused as malformed up front.
   */
  private void refuseNonUtf8() throws IOException {
    source.request(4);
    Buffer head = source.getBuffer();
    long n = Math.min(4, head.size());
    for (long i = 0; i < n; i++) {
      int b = head.getByte(i) & 0xFF;
      if (b == 0 || (i == 0 && (b == 0xFE || b == 0xFF))) {
        throw new JsonParseException(null,
            "stream is not UTF-8 JSON (NUL or UTF-16/32 byte-order mark at byte " + i + ")");
      }
    }
  }

  /** Counts the bytes the parser pulls and stops a value that grows past its limit. */
  private final class CappedInput extends InputStream {
    private final InputStream in;
    long total;
    long limit = Long.MAX_VALUE;

    CappedInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) count(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) count(n);
      return n;
    }

    private void count(int n) {
      total += n;
      if (total > limit) {
        throw new StreamException("stream value longer than " + maxValueBytes + " bytes; refusing to buffer it");
      }
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }
  }
}
