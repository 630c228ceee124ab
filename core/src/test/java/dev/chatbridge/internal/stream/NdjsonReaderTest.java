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
  void lineLimitIsEnforced() {
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of("{\"t\":\"" + "z".repeat(2000) + "\"}\n"), 1024);
    assertThatThrownBy(reader::next).isInstanceOf(StreamException.class);
  }

  @Test
  void nextLineGivesRawBytes() throws IOException {
    NdjsonReader reader = new NdjsonReader(ChunkedSource.of("\n{\"a\":1}\nnot-json\n"));
    assertThat(new String(reader.nextLine(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(new String(reader.nextLine(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("not-json");
    assertThat(reader.nextLine()).isNull();
  }
}
