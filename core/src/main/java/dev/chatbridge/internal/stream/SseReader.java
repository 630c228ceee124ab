package dev.chatbridge.internal.stream;

import dev.chatbridge.StreamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.BufferedSource;

/**
 * A server-sent events parser following the WHATWG rules: multi-line {@code data:}, {@code :} comments,
 * {@code event:}, {@code id:} (ignored when it contains NUL), {@code retry:} (digits only), CR/LF/CRLF line ends,
 * one optional space after the colon, a leading byte-order mark skipped, events with no data not dispatched. Each event is returned as soon as its
 * blank line arrives. Unlike a browser, a final event without its blank line is still dispatched at EOF, so a
 * server that ends abruptly loses nothing. {@code [DONE]} is data like any other; the vendor decides. Not API.
 */
public final class SseReader {
  private final LineReader lines;
  private final long maxEventChars;
  private String lastEventId;
  private long retry = -1;
  private boolean firstLine = true;

  /** A parser over {@code source} with the default line limit. */
  public SseReader(BufferedSource source) {
    this(source, NdjsonReader.MAX_LINE_BYTES);
  }

  /** A parser over {@code source} refusing lines longer than {@code maxLineBytes}. */
  public SseReader(BufferedSource source, long maxLineBytes) {
    this.lines = new LineReader(source, maxLineBytes);
    this.maxEventChars = maxLineBytes;
  }

  /** The next event, or null at EOF. */
  public SseEvent next() throws IOException {
    // Hot path: field names are matched on the raw bytes; a single data line (the usual event) is handed over as
    // its undecoded bytes (SseEvent decodes on demand); other values are decoded once, only the value.
    byte[] firstData = null; // the line holding the first data: value, not decoded unless a second one comes
    int firstStart = 0;
    StringBuilder moreData = null;
    String event = null;
    byte[] raw;
    while ((raw = lines.readLine()) != null) {
      if (firstLine) {
        firstLine = false;
        raw = stripByteOrderMark(raw);
      }
      if (raw.length == 0) {
        if (firstData != null) return dispatch(event, firstData, firstStart, moreData);
        event = null;
        continue;
      }
      if (raw[0] == ':') continue;
      int colon = indexOf(raw, (byte) ':');
      int fieldEnd = colon < 0 ? raw.length : colon;
      int valueStart = colon < 0 ? raw.length : colon + 1;
      if (valueStart < raw.length && raw[valueStart] == ' ') valueStart++;
      if (is(raw, fieldEnd, DATA)) {
        if (firstData == null) {
          firstData = raw; // one line: already within the line limit
          firstStart = valueStart;
        } else {
          if (moreData == null) moreData = new StringBuilder(decode(firstData, firstStart));
          moreData.append('\n').append(decode(raw, valueStart));
          if (moreData.length() > maxEventChars) {
            throw new StreamException("stream event longer than " + maxEventChars + " characters; refusing to buffer it");
          }
        }
        continue;
      }
      String value = decode(raw, valueStart);
      if (is(raw, fieldEnd, EVENT)) {
        event = value;
      } else if (is(raw, fieldEnd, ID)) {
        if (value.indexOf('\0') < 0) lastEventId = value;
      } else if (is(raw, fieldEnd, RETRY)) {
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          try {
            retry = Long.parseLong(value);
          } catch (NumberFormatException ignored) {
            // too large: ignore, as a browser would
          }
        }
      }
      // any other field: ignored per spec
    }
    return firstData != null ? dispatch(event, firstData, firstStart, moreData) : null;
  }

  private static String decode(byte[] line, int start) {
    return new String(line, start, line.length - start, StandardCharsets.UTF_8);
  }

  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] ID = {'i', 'd'};
  private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};

  /** True when {@code raw[0, length)} is exactly {@code name}. */
  private static boolean is(byte[] raw, int length, byte[] name) {
    if (length != name.length) return false;
    for (int i = 0; i < length; i++) if (raw[i] != name[i]) return false;
    return true;
  }

  private static int indexOf(byte[] raw, byte b) {
    for (int i = 0; i < raw.length; i++) if (raw[i] == b) return i;
    return -1;
  }

  /** WHATWG: one leading U+FEFF of the stream is ignored. */
  private static byte[] stripByteOrderMark(byte[] line) {
    if (line.length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
      return java.util.Arrays.copyOfRange(line, 3, line.length);
    }
    return line;
  }

  private SseEvent dispatch(String event, byte[] firstData, int firstStart, StringBuilder moreData) {
    String type = event == null || event.isEmpty() ? "message" : event;
    if (moreData != null) return new SseEvent(type, moreData.toString(), lastEventId, retry);
    return new SseEvent(type, firstData, firstStart, firstData.length - firstStart, lastEventId, retry);
  }

  /** The last event id seen, or null. */
  public String lastEventId() {
    return lastEventId;
  }
}
