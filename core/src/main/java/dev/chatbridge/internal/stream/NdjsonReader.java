package dev.chatbridge.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.BufferedSource;

/**
 * Newline-delimited JSON, one value per line, read incrementally: blank lines are skipped, a last line without
 * a newline is still read, lines may be very long (up to {@link #MAX_LINE_BYTES}). Not API.
 */
public final class NdjsonReader {
  /** 64 MiB: a 1 MB line is routine, an endless one is refused. */
  public static final long MAX_LINE_BYTES = 64L * 1024 * 1024;

  private final LineReader lines;

  /** A reader over {@code source} with the default line limit. */
  public NdjsonReader(BufferedSource source) {
    this(source, MAX_LINE_BYTES);
  }

  /** A reader over {@code source} refusing lines longer than {@code maxLineBytes}. */
  public NdjsonReader(BufferedSource source, long maxLineBytes) {
    this.lines = new LineReader(source, maxLineBytes);
  }

  /**
   * The next JSON value, or null at EOF. Lines are UTF-8 (invalid bytes become U+FFFD). Malformed JSON throws
   * Jackson's exception (an IOException).
   */
  public JsonNode next() throws IOException {
    byte[] line;
    while ((line = lines.readLine()) != null) {
      // decoded as UTF-8 first: given bytes, Jackson guesses UTF-16/32 from NULs and throws a non-Jackson
      // CharConversionException; NDJSON is UTF-8 (found by fuzzing)
      if (!isBlank(line)) return Json.MAPPER.readTree(new String(line, StandardCharsets.UTF_8));
    }
    return null;
  }

  /** The next non-blank line's raw bytes, or null at EOF; for callers that parse themselves. */
  public byte[] nextLine() throws IOException {
    byte[] line;
    while ((line = lines.readLine()) != null) {
      if (!isBlank(line)) return line;
    }
    return null;
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) if (b != ' ' && b != '\t') return false;
    return true;
  }
}
