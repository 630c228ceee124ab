package dev.chatbridge.internal.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * A source that hands out one chunk per read, the way bytes trickle off a socket. When {@code open} it has no EOF:
 * a read past the last chunk fails the test, proving that a reader returned what it had without reading ahead.
 */
final class ChunkedSource implements Source {
  private final Deque<byte[]> chunks = new ArrayDeque<>();
  private final boolean open;
  int reads;

  private ChunkedSource(boolean open, String... chunks) {
    this.open = open;
    for (String c : chunks) this.chunks.add(c.getBytes(StandardCharsets.UTF_8));
  }

  /** The chunks, then EOF. */
  static BufferedSource of(String... chunks) {
    return Okio.buffer(new ChunkedSource(false, chunks));
  }

  /** The chunks, then a server that withholds the rest: reading further fails with {@link WithheldRead}. */
  static BufferedSource withholding(String... chunks) {
    return Okio.buffer(new ChunkedSource(true, chunks));
  }

  @Override
  public long read(Buffer sink, long byteCount) {
    reads++;
    byte[] next = chunks.poll();
    if (next == null) {
      if (open) throw new WithheldRead();
      return -1;
    }
    sink.write(next);
    return next.length;
  }

  @Override
  public Timeout timeout() {
    return Timeout.NONE;
  }

  @Override
  public void close() {}

  /** The reader asked for bytes the server has not sent yet. */
  static final class WithheldRead extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WithheldRead() {
      super("the reader blocked for bytes the server has not sent yet");
    }
  }
}
