package dev.chatbridge.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.StreamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static List<SseEvent> readAll(BufferedSource source) throws IOException {
    SseReader reader = new SseReader(source);
    List<SseEvent> out = new ArrayList<>();
    SseEvent e;
    while ((e = reader.next()) != null) out.add(e);
    return out;
  }

  private static List<String> data(List<SseEvent> events) {
    List<String> out = new ArrayList<>();
    for (SseEvent e : events) out.add(e.data());
    return out;
  }

  @Test
  void multiLineDataIsJoinedWithNewlines() throws IOException {
    List<SseEvent> events = readAll(ChunkedSource.of("data: first\ndata: second\ndata:third\n\n"));
    assertThat(data(events)).containsExactly("first\nsecond\nthird");
  }

  @Test
  void commentsAreSkippedAndDoNotDispatch() throws IOException {
    List<SseEvent> events = readAll(ChunkedSource.of(": keep-alive\n\n:another\ndata: x\n: mid-event\n\n"));
    assertThat(data(events)).containsExactly("x");
  }

  @Test
  void eventIdAndRetryFieldsAreRead() throws IOException {
    SseReader reader = new SseReader(ChunkedSource.of(
        "event: delta\nid: 7\nretry: 2500\ndata: a\n\ndata: b\n\n"));
    SseEvent first = reader.next();
    assertThat(first.event).isEqualTo("delta");
    assertThat(first.id).isEqualTo("7");
    assertThat(first.retry).isEqualTo(2500);
    SseEvent second = reader.next();
    assertThat(second.event).as("event type resets after dispatch").isEqualTo("message");
    assertThat(second.id).as("last event id persists").isEqualTo("7");
    assertThat(reader.next()).isNull();
  }

  @Test
  void idContainingNulIsIgnored() throws IOException {
    List<SseEvent> events = readAll(ChunkedSource.of("id: good\ndata: a\n\nid: bad\0id\ndata: b\n\n"));
    assertThat(events.get(1).id).isEqualTo("good");
  }

  @Test
  void nonDigitRetryIsIgnored() throws IOException {
    List<SseEvent> events = readAll(ChunkedSource.of(
        "retry: 100\ndata: a\n\nretry: 1e3\ndata: b\n\nretry: -5\ndata: c\n\nretry: \ndata: d\n\n"));
    assertThat(events).extracting(e -> e.retry).containsExactly(100L, 100L, 100L, 100L);
  }

  @Test
  void crLfAndCrLfLineEndsAreAllAccepted() throws IOException {
    assertThat(data(readAll(ChunkedSource.of("data: a\rdata: b\r\rdata: c\r\r")))).containsExactly("a\nb", "c");
    assertThat(data(readAll(ChunkedSource.of("data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"))))
        .containsExactly("a\nb", "c");
    assertThat(data(readAll(ChunkedSource.of("data: a\ndata: b\n\ndata: c\n\n")))).containsExactly("a\nb", "c");
    assertThat(data(readAll(ChunkedSource.of("data: a\r\ndata: b\n\rdata: c\r\n\n"))))
        .as("mixed line ends").containsExactly("a\nb", "c");
  }

  @Test
  void crThenLfSplitAcrossReadsIsOneLineEnd() throws IOException {
    // If the LF arriving in the next read were taken as an empty line, "a" would be dispatched on its own.
    List<SseEvent> events = readAll(ChunkedSource.of("data: a\r", "\ndata: b\r", "\n", "\r", "\n"));
    assertThat(data(events)).containsExactly("a\nb");
  }

  @Test
  void valueWithoutSpaceAfterColonAndOnlyOneSpaceRemoved() throws IOException {
    assertThat(data(readAll(ChunkedSource.of("data:x\n\ndata:  two spaces\n\n"))))
        .containsExactly("x", " two spaces");
  }

  @Test
  void fieldWithoutColonHasEmptyValue() throws IOException {
    // "data" alone appends an empty line to the data buffer; the event is dispatched with empty data
    List<SseEvent> events = readAll(ChunkedSource.of("data\ndata\n\nevent\ndata: y\n\n"));
    assertThat(data(events)).containsExactly("\n", "y");
    assertThat(events.get(1).event).isEqualTo("message");
  }

  @Test
  void eventsWithoutDataAreNotDispatched() throws IOException {
    List<SseEvent> events = readAll(ChunkedSource.of("event: ping\n\nid: 3\n\nretry: 10\n\nevent: real\ndata: z\n\n"));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).event).as("the event type of the undispatched block does not leak").isEqualTo("real");
    assertThat(events.get(0).data()).isEqualTo("z");
    assertThat(events.get(0).id).isEqualTo("3");
  }

  @Test
  void finalEventWithoutBlankLineIsDispatchedAtEof() throws IOException {
    assertThat(data(readAll(ChunkedSource.of("data: one\n\ndata: last")))).containsExactly("one", "last");
    assertThat(data(readAll(ChunkedSource.of("data: one\n\ndata: last\n")))).containsExactly("one", "last");
  }

  @Test
  void doneMarkerIsPassedThroughAsData() throws IOException {
    assertThat(data(readAll(ChunkedSource.of("data: {\"a\":1}\n\ndata: [DONE]\n\n"))))
        .containsExactly("{\"a\":1}", "[DONE]");
  }

  @Test
  void unknownFieldsAreIgnored() throws IOException {
    assertThat(data(readAll(ChunkedSource.of("foo: bar\ndata: a\nDATA: b\n\n")))).containsExactly("a");
  }

  @Test
  void leadingByteOrderMarkIsIgnored() throws IOException {
    List<SseEvent> events = readAll(ChunkedSource.of("\uFEFFdata: a\n\n"));
    assertThat(data(events)).containsExactly("a");
  }

  @Test
  void multiByteCharactersSplitAcrossReadsSurvive() throws IOException {
    byte[] utf8 = "data: h\u00e9llo \u20ac\n\n".getBytes(StandardCharsets.UTF_8);
    SseReader reader = new SseReader(Okio.buffer(new ForwardingSource(new Buffer().write(utf8)) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        return super.read(sink, Math.min(1, byteCount)); // one byte per read
      }
    }));
    assertThat(reader.next().data()).isEqualTo("h\u00e9llo \u20ac");
  }

  @Test
  void eachEventIsReturnedBeforeTheServerSendsMore() throws IOException {
    SseReader reader = new SseReader(ChunkedSource.withholding("data: first\n\n", "data: sec", "ond\n\n"));
    assertThat(reader.next().data()).isEqualTo("first");
    assertThat(reader.next().data()).isEqualTo("second");
    assertThatThrownBy(reader::next).isInstanceOf(ChunkedSource.WithheldRead.class);
  }

  @Test
  void eventEndedByLoneCrIsReturnedWithoutWaitingForAnLf() throws IOException {
    SseReader reader = new SseReader(ChunkedSource.withholding("data: first\r\r"));
    assertThat(reader.next().data()).isEqualTo("first");
  }

  @Test
  void overlongLineFailsInsteadOfFillingTheHeap() {
    String longLine = "data: " + "x".repeat(5000);
    SseReader reader = new SseReader(ChunkedSource.withholding(longLine.substring(0, 3000), longLine.substring(3000)), 4096);
    assertThatThrownBy(reader::next).isInstanceOf(StreamException.class).hasMessageContaining("4096");
  }

  @Test
  void overlongTerminatedLineFails() {
    SseReader reader = new SseReader(ChunkedSource.of("data: " + "x".repeat(5000) + "\n\n"), 4096);
    assertThatThrownBy(reader::next).isInstanceOf(StreamException.class);
  }

  @Test
  void endlessEventOfShortLinesFailsToo() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 200; i++) many.append("data: ").append("y".repeat(50)).append('\n');
    SseReader reader = new SseReader(ChunkedSource.withholding(many.toString()), 4096);
    assertThatThrownBy(reader::next).isInstanceOf(StreamException.class).hasMessageContaining("event");
  }

  @Test
  void emptySourceHasNoEvents() throws IOException {
    assertThat(readAll(ChunkedSource.of())).isEmpty();
    assertThat(readAll(ChunkedSource.of("\n\n: only comments\n"))).isEmpty();
  }

  private static String bytesOf(SseEvent e) {
    assertThat(e.dataBytes()).as("single data line keeps its bytes").isNotNull();
    return new String(e.dataBytes(), e.dataOffset(), e.dataLength(), StandardCharsets.UTF_8);
  }

  @Test
  void singleDataLineIsHandedOverAsItsUndecodedBytes() throws IOException {
    byte[] wire = "data: {\"content\":\"h\u00e9llo \u20ac\"}\n\ndata:no-space\n\ndata:  two spaces\n\n"
        .getBytes(StandardCharsets.UTF_8);
    SseReader reader = new SseReader(ChunkedSource.of(new String(wire, StandardCharsets.UTF_8)));
    SseEvent first = reader.next();
    assertThat(bytesOf(first)).isEqualTo("{\"content\":\"h\u00e9llo \u20ac\"}");
    assertThat(first.dataLength()).isEqualTo("{\"content\":\"h\u00e9llo \u20ac\"}".getBytes(StandardCharsets.UTF_8).length);
    assertThat(first.data()).isEqualTo(bytesOf(first)).isSameAs(first.data());
    assertThat(bytesOf(reader.next())).isEqualTo("no-space");
    assertThat(bytesOf(reader.next())).as("only one space after the colon is dropped").isEqualTo(" two spaces");
    assertThat(reader.next()).isNull();
  }

  @Test
  void multiLineDataHasOnlyItsTextForm() throws IOException {
    SseReader reader = new SseReader(ChunkedSource.of("data: a\ndata: b\n\ndata: c\n\n"));
    SseEvent joined = reader.next();
    assertThat(joined.dataBytes()).isNull();
    assertThat(joined.data()).isEqualTo("a\nb");
    assertThat(bytesOf(reader.next())).isEqualTo("c");
  }

  @Test
  void byteFormFollowsTheSameRulesAsTheTextForm() throws IOException {
    // empty data line, data field without colon, BOM on the first line, CRLF and lone CR, comment and id around it
    List<SseEvent> events = readAll(ChunkedSource.of("\uFEFFdata: a\r\n\r\ndata:\n\ndata\r\r: c\nid: 9\ndata: z\nevent: e\n\n"));
    assertThat(events).hasSize(4);
    assertThat(bytesOf(events.get(0))).isEqualTo("a");
    assertThat(bytesOf(events.get(1))).isEmpty();
    assertThat(bytesOf(events.get(2))).isEmpty();
    assertThat(bytesOf(events.get(3))).isEqualTo("z");
    assertThat(events.get(3).event).isEqualTo("e");
    assertThat(events.get(3).id).isEqualTo("9");
    for (SseEvent e : events) assertThat(e.data()).isEqualTo(bytesOf(e));
  }

  @Test
  void finalEventWithoutBlankLineKeepsItsBytes() throws IOException {
    SseReader reader = new SseReader(ChunkedSource.of("data: tail"));
    assertThat(bytesOf(reader.next())).isEqualTo("tail");
    assertThat(reader.next()).isNull();
  }
}
