package dev.chatbridge.internal.stream;

import java.nio.charset.StandardCharsets;

/**
 * One dispatched server-sent event. The data of an event with a single {@code data:} line (the usual case) is kept
 * as the line's bytes, undecoded, so a vendor parser can read JSON straight from them ({@link #dataBytes()});
 * {@link #data()} decodes it on first use. Not API.
 */
public final class SseEvent {
  /** The {@code event:} field, or {@code "message"} when none was given. */
  public final String event;
  /** The last {@code id:} seen so far in the stream, or null. */
  public final String id;
  /** The {@code retry:} value in milliseconds, or -1. */
  public final long retry;
  private final byte[] bytes;
  private final int offset;
  private final int length;
  private String data;

  /** An event whose data is already text (several {@code data:} lines joined). */
  SseEvent(String event, String data, String id, long retry) {
    this.event = event;
    this.data = data;
    this.id = id;
    this.retry = retry;
    this.bytes = null;
    this.offset = 0;
    this.length = 0;
  }

  /** An event whose data is the UTF-8 bytes {@code bytes[offset, offset + length)}, decoded only when asked. */
  SseEvent(String event, byte[] bytes, int offset, int length, String id, long retry) {
    this.event = event;
    this.id = id;
    this.retry = retry;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** The {@code data:} lines joined with {@code \n}. */
  public String data() {
    String d = data;
    if (d == null) {
      d = new String(bytes, offset, length, StandardCharsets.UTF_8);
      data = d; // a racing second decode gives an equal String: harmless
    }
    return d;
  }

  /**
   * The array holding the data's undecoded UTF-8 bytes at {@link #dataOffset()}, {@link #dataLength()} long; null
   * when the event had several {@code data:} lines (then only {@link #data()} has it). Not to be modified.
   */
  public byte[] dataBytes() {
    return bytes;
  }

  /** Where the data starts in {@link #dataBytes()}. */
  public int dataOffset() {
    return offset;
  }

  /** The data's length in bytes in {@link #dataBytes()}. */
  public int dataLength() {
    return length;
  }

  @Override
  public String toString() {
    return "SseEvent{event=" + event + ", id=" + id + ", data=" + data() + "}";
  }
}
