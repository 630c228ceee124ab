package dev.chatbridge.internal.stream;

/** One dispatched server-sent event. Not API. */
public final class SseEvent {
  /** The {@code event:} field, or {@code "message"} when none was given. */
  public final String event;
  /** The {@code data:} lines joined with {@code \n}. */
  public final String data;
  /** The last {@code id:} seen so far in the stream, or null. */
  public final String id;
  /** The {@code retry:} value in milliseconds, or -1. */
  public final long retry;

  SseEvent(String event, String data, String id, long retry) {
    this.event = event;
    this.data = data;
    this.id = id;
    this.retry = retry;
  }

  @Override
  public String toString() {
    return "SseEvent{event=" + event + ", id=" + id + ", data=" + data + "}";
  }
}
