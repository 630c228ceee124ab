package dev.chatbridge.internal.stream;

import dev.chatbridge.StreamException;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads lines ending in LF, CRLF or a lone CR from a source, returning each as soon as its terminator arrives and
 * never reading further ahead than the bytes already received. A last line without a terminator is returned at
 * EOF. Lines longer than the limit fail instead of filling the heap. Not API.
 */
final class LineReader {
  private static final ByteString CR_LF = ByteString.encodeUtf8("\r\n");

  private final BufferedSource source;
  private final long maxLineBytes;
  private boolean skipLeadingLf;

  LineReader(BufferedSource source, long maxLineBytes) {
    this.source = source;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line's bytes without its terminator, or null at EOF. */
  byte[] readLine() throws IOException {
    Buffer buffer = source.getBuffer();
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (buffer.size() == 0 && !source.request(1)) return null;
      if (buffer.getByte(0) == '\n') buffer.skip(1);
    }
    long scanned = 0;
    while (true) {
      long index = buffer.indexOfElement(CR_LF, scanned);
      if (index >= 0) {
        if (index > maxLineBytes) throw tooLong();
        byte[] line = buffer.readByteArray(index);
        if (buffer.readByte() == '\r') skipLeadingLf = true;
        return line;
      }
      scanned = buffer.size();
      if (scanned > maxLineBytes) throw tooLong();
      if (!source.request(scanned + 1)) {
        return buffer.size() == 0 ? null : buffer.readByteArray();
      }
    }
  }

  private StreamException tooLong() {
    return new StreamException("stream line longer than " + maxLineBytes + " bytes; refusing to buffer it");
  }
}
