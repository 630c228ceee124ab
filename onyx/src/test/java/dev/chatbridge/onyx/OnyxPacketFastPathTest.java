package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.NdjsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * {@link ItemReader} reads text deltas without a tree and everything else by finishing the line into one: either
 * way every line must give exactly the item the plain tree path ({@link OnyxStream#parse}) gives.
 */
class OnyxPacketFastPathTest {
  private static final String PLACEMENT =
      "{\"turn_index\": 1, \"tab_index\": 0, \"sub_turn_index\": null, \"model_index\": 0}";

  /** Every line of {@code body} through one ItemReader over one parser, as OnyxStream reads a stream. */
  private static List<OnyxStreamItem> read(String body) throws IOException {
    NdjsonReader reader = new NdjsonReader(new Buffer().writeUtf8(body));
    ItemReader items = new ItemReader();
    List<OnyxStreamItem> out = new ArrayList<>();
    com.fasterxml.jackson.core.JsonParser p;
    while ((p = reader.nextValue()) != null) {
      OnyxStreamItem item = items.read(p);
      if (item == null) { // a plain delta: what the neutral reader takes must agree with the Packet
        Packet packet = items.packet();
        assertThat(items.content()).isEqualTo(packet.content());
        assertThat(items.modelIndex()).isEqualTo(packet.modelIndex());
        item = packet;
      }
      out.add(item);
    }
    return out;
  }

  private static OnyxStreamItem tree(String line) throws IOException {
    return OnyxStream.parse(Json.MAPPER.readTree(line));
  }

  /** Reads {@code lines} as one stream and checks each item against the tree path of its own line. */
  private static List<OnyxStreamItem> assertSameAsTreePath(String... lines) throws IOException {
    List<OnyxStreamItem> items = read(String.join("\n", lines) + "\n");
    assertThat(items).hasSize(lines.length);
    for (int i = 0; i < lines.length; i++) assertSame(items.get(i), tree(lines[i]));
    return items;
  }

  private static void assertSame(OnyxStreamItem read, OnyxStreamItem tree) {
    assertThat(read).isNotNull().hasSameClassAs(tree);
    assertThat(read.raw()).isEqualTo(tree.raw());
    if (read instanceof Packet) {
      Packet a = (Packet) read;
      Packet b = (Packet) tree;
      assertThat(a.type()).isEqualTo(b.type());
      assertThat(a.fields()).isEqualTo(b.fields());
      assertThat(a.content()).isEqualTo(b.content());
      assertThat(a.placement()).isEqualTo(b.placement());
      if (a.placement() != null) {
        assertThat(a.placement().additionalProperties()).isEqualTo(b.placement().additionalProperties());
      }
      assertThat(a.modelIndex()).isEqualTo(b.modelIndex());
    }
  }

  private static String delta(String placement, String content) {
    return "{\"placement\": " + placement + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"" + content
        + "\"}}";
  }

  @Test
  void aDeltaAsOnyxWritesItMatchesTheTreePath() throws IOException {
    List<OnyxStreamItem> items = assertSameAsTreePath(delta(PLACEMENT, "Onyx \\\"is\\\"\\n \\u00e9t\\u00e9 \u65e5"));
    assertThat(((Packet) items.get(0)).content()).isEqualTo("Onyx \"is\"\n \u00e9t\u00e9 \u65e5");
  }

  @Test
  void placementVariantsMatchTheTreePath() throws IOException {
    assertSameAsTreePath(
        delta("{\"turn_index\": 3, \"model_index\": 2}", "a"),
        delta("{}", "b"),
        delta("{\"tab_index\": null}", "c"),
        delta("{\"turn_index\": 0, \"tab_index\": null, \"model_index\": null}", "d"),
        delta("{\"model_index\": null, \"tab_index\": null, \"turn_index\": 0}", "out of order"),
        delta("{\"turn_index\": \"1\"}", "string index"),
        delta("{\"turn_index\": 1, \"future\": 2}", "unknown key"),
        delta("{\"turn_index\": 1, \"turn_index\": 2}", "repeated key"),
        delta("{\"turn_index\": 12345678901}", "long"),
        delta("{\"turn_index\": 1.5, \"tab_index\": {\"x\": [1]}}", "nested"));
  }

  @Test
  void everyOtherShapeMatchesTheTreePath() throws IOException {
    assertSameAsTreePath(
        "{\"chat_session_id\": \"s-1\", \"incognito\": false}",
        "{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_start\", \"final_documents\": null, "
            + "\"pre_answer_processing_seconds\": 0.12}}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"stop\", \"stop_reason\": null}}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"a\", \"extra\": 1}}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"content\": \"a\", \"type\": \"message_delta\"}}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\"}}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": null}}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"citation_info\", \"citation_number\": 1, "
            + "\"document_id\": \"d\"}}",
        "{\"obj\": {\"type\": \"message_delta\", \"content\": \"no placement\"}}",
        "{\"obj\": {\"type\": \"message_delta\", \"content\": \"x\"}, \"placement\": " + PLACEMENT + "}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"a\"}, \"later\": true}",
        "{\"placement\": " + PLACEMENT + ", \"placement\": {}, \"obj\": {\"type\": \"message_delta\", \"content\": \"a\"}}",
        "{\"placement\": null, \"obj\": {\"type\": \"message_delta\", \"content\": \"null placement\"}}",
        "{\"placement\": " + PLACEMENT + ", \"obj\": \"not an object\"}",
        "{\"error\": \"boom\", \"stack_trace\": \"...\", \"error_code\": \"X\", \"is_retryable\": false}",
        "{\"user_message_id\": 1, \"responses\": [{\"model_index\": 0, \"message_id\": 2}]}",
        "{\"something\": \"new\"}",
        "{}",
        "[1, 2]",
        "\"just a string\"");
  }

  @Test
  void oneReaderServesAWholeStreamOfMixedLines() throws IOException {
    String[] lines = new String[40];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = i % 5 == 3
          ? "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"citation_info\", \"citation_number\": " + i
              + ", \"document_id\": \"d" + i + "\"}}"
          : delta(PLACEMENT, "w" + i);
    }
    List<OnyxStreamItem> items = assertSameAsTreePath(lines);
    StringBuilder text = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < lines.length; i++) if (i % 5 != 3) expected.append('w').append(i);
    for (OnyxStreamItem item : items) {
      Packet p = (Packet) item;
      if (PacketTypes.MESSAGE_DELTA.equals(p.type())) text.append(p.content());
    }
    assertThat(text.toString()).isEqualTo(expected.toString());
  }
}
