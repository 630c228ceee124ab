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
    StringBuilder data = null;
    String event = null;
    byte[] raw;
    while ((raw = lines.readLine()) != null) {
      if (firstLine) {
        firstLine = false;
        raw = stripByteOrderMark(raw);
      }
      if (raw.length == 0) {
        if (data != null) return dispatch(event, data);
        event = null;
        continue;
      }
      if (raw[0] == ':') continue;
      String line = new String(raw, StandardCharsets.UTF_8);
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      switch (field) {
        case "data":
          if (data == null) data = new StringBuilder(value.length());
          else data.append('\n');
          data.append(value);
          if (data.length() > maxEventChars) {
            throw new StreamException("stream event longer than " + maxEventChars + " characters; refusing to buffer it");
          }
          break;
        case "event":
          event = value;
          break;
        case "id":
          if (value.indexOf('\0') < 0) lastEventId = value;
          break;
        case "retry":
          if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
              retry = Long.parseLong(value);
            } catch (NumberFormatException ignored) {
              // too large: ignore, as a browser would
            }
          }
          break;
        default:
          // unknown field: ignored per spec
      }
    }
    return data != null ? dispatch(event, data) : null;
  }

  /** WHATWG: one leading U+FEFF of the stream is ignored. */
  private static byte[] stripByteOrderMark(byte[] line) {
    if (line.length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
      return java.util.Arrays.copyOfRange(line, 3, line.length);
    }
    return line;
  }

  private SseEvent dispatch(String event, StringBuilder data) {
    return new SseEvent(event == null || event.isEmpty() ? "message" : event, data.toString(), lastEventId, retry);
  }

  /** The last event id seen, or null. */
  public String lastEventId() {
    return lastEventId;
  }
}
