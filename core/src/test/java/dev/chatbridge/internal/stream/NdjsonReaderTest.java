package dev.chatbridge.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.StreamException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {

  private static List<String> readAll(BufferedSource source) throws IOException {
    NdjsonReader reader = new NdjsonReader(source);
    List<String> out = new ArrayList<>();
    JsonNode n;
    while ((n = reader.next()) != null) out.add(n.toString());
    return out;
  }

  @Test
  void oneValuePerLineAndBlankLinesSkipped() throws IOException {
    assertThat(readAll(ChunkedSource.of("{\"a\":1}\n\n   \n\t\n{\"b\":2}\n\n")))
        .containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void lastLineWithoutNewlineIsRead() throws IOException {
    assertThat(readAll(ChunkedSource.of("{\"a\":1}\n{\"b\":", "2}"))).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void crLfLineEnds() throws IOException {
    assertThat(readAll(ChunkedSource.of("{\"a\":1}\r\n{\"b\":2}\r", "\n\r\n{\"c\":3}\r\n")))
        .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
  }

  @Test
  void oneMegabyteLine() throws IOException {
    String big = "y".repeat(1024 * 1024);
    String line = "{\"text\":\"" + big + "\"}\n";
    // delivered in 8 KiB pieces like a socket would
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < line.length(); i += 8192) pieces.add(line.substring(i, Math.min(line.length(), i + 8192)));
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of(pieces.toArray(new String[0])));
    assertThat(reader.next().get("text").asText()).hasSize(1024 * 1024).isEqualTo(big);
    assertThat(reader.next()).isNull();
  }

  @Test
  void malformedJsonThrowsJacksonException() {
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of("{\"a\":1}\n{not json}\n"));
    assertThatThrownBy(() -> {
      reader.next();
      reader.next();
    }).isInstanceOf(JacksonException.class);
  }

  @Test
  void eachLineIsReturnedBeforeTheServerSendsMore() throws IOException {
    NdjsonReader reader = new NdjsonReader(ChunkedSource.withholding("{\"n\":1}\n", "{\"n\":", "2}\n"));
    assertThat(reader.next().get("n").asInt()).isEqualTo(1);
    assertThat(reader.next().get("n").asInt()).isEqualTo(2);
    assertThatThrownBy(reader::next).isInstanceOf(ChunkedSource.WithheldRead.class);
  }

  @Test
  void lineEndingInCrIsReturnedWithoutWaitingForLf() throws IOException {
    NdjsonReader reader = new NdjsonReader(ChunkedSource.withholding("{\"n\":1}\r"));
    assertThat(reader.next().get("n").asInt()).isEqualTo(1);
  }

  @Test
  void valueLimitIsEnforcedAllowingForOneReadBuffer() throws IOException {
    // the limit counts the bytes the parser pulled, which may run one 8,000-byte buffer ahead of the value
    NdjsonReader small = new NdjsonReader(ChunkedSource.of("{\"t\":\"" + "z".repeat(1000) + "\"}\n"), 1024);
    assertThat(small.next().get("t").asText()).hasSize(1000);
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of("{\"t\":\"" + "z".repeat(20_000) + "\"}\n"), 1024);
    assertThatThrownBy(reader::next).isInstanceOf(StreamException.class).hasMessageContaining("longer than 1024");
  }

  @Test
  void theLimitAppliesPerValueNotToTheWholeBody() throws IOException {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2000; i++) body.append("{\"i\":").append(i).append(",\"pad\":\"").append("p".repeat(50)).append("\"}\n");
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of(body.toString()), 100);
    int n = 0;
    while (reader.next() != null) n++;
    assertThat(n).isEqualTo(2000);
  }

  @Test
  void valuesMaySpanLinesOrShareOne() throws IOException {
    assertThat(readAll(ChunkedSource.of("{\"a\":\n1}\n{\"b\":2} {\"c\":3}\n[4]\n\"five\"\n")))
        .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}", "[4]", "\"five\"");
  }

  @Test
  void aByteOrderMarkIsSkipped() throws IOException {
    assertThat(readAll(ChunkedSource.of("\uFEFF{\"a\":1}\n"))).containsExactly("{\"a\":1}");
  }

  @Test
  void nulBytesAtTheStartAreRefusedAsMalformedNotGuessedAsUtf32() {
    NdjsonReader reader = new NdjsonReader(new okio.Buffer().write(new byte[] {0, 0, 0, '{', '}', '\n'}));
    assertThatThrownBy(reader::next).isInstanceOf(JacksonException.class).hasMessageContaining("not UTF-8");
  }

  @Test
  void invalidUtf8IsMalformed() {
    NdjsonReader reader = new NdjsonReader(new okio.Buffer().write(new byte[] {'{', '"', 'a', '"', ':', '"',
        (byte) 0xC3, '(', '"', '}', '\n'}));
    assertThatThrownBy(reader::next).isInstanceOf(JacksonException.class);
  }

  @Test
  void nextValueStreamsAndTheUnreadRestOfAValueIsSkipped() throws IOException {
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of("{\"a\":{\"deep\":[1,2]},\"b\":2}\n{\"c\":3}\n"));
    com.fasterxml.jackson.core.JsonParser p = reader.nextValue();
    assertThat(p.currentToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.START_OBJECT);
    assertThat(p.nextToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.FIELD_NAME);
    assertThat(p.nextToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.START_OBJECT); // stop inside "a"
    assertThat(reader.next().toString()).isEqualTo("{\"c\":3}");
    assertThat(reader.nextValue()).isNull();
    assertThat(reader.next()).isNull();
  }

  @Test
  void afterAFailureTheReaderIsFinished() throws IOException {
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of("{bad}\n{\"a\":1}\n"));
    assertThatThrownBy(reader::next).isInstanceOf(JacksonException.class);
    assertThat(reader.next()).isNull();
  }
}
