package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.internal.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming read of text deltas must give exactly the packet the tree path gives, or step aside. */
class PacketFastPathTest {
  private static final String PLACEMENT =
      "{\"turn_index\": 1, \"tab_index\": 0, \"sub_turn_index\": null, \"model_index\": 0}";

  private static Packet fast(String line) {
    return Packet.fastDelta(line.getBytes(StandardCharsets.UTF_8));
  }

  private static Packet tree(String line) throws Exception {
    return Packet.from(Json.MAPPER.readTree(line));
  }

  private static void assertSame(Packet fast, Packet tree) {
    assertThat(fast).isNotNull();
    assertThat(fast.type()).isEqualTo(tree.type());
    assertThat(fast.fields()).isEqualTo(tree.fields());
    assertThat(fast.content()).isEqualTo(tree.content());
    assertThat(fast.placement()).isEqualTo(tree.placement());
    assertThat(fast.placement().additionalProperties()).isEqualTo(tree.placement().additionalProperties());
    assertThat(fast.modelIndex()).isEqualTo(tree.modelIndex());
    assertThat(fast.raw()).isEqualTo(tree.raw());
  }

  @Test
  void aSheetShapedDeltaIsReadWithoutATreeAndMatchesTheTreePath() throws Exception {
    String line = "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"Onyx \\\"is\\\"\\n\"}}";
    assertSame(fast(line), tree(line));
    assertThat(fast(line).content()).isEqualTo("Onyx \"is\"\n");
  }

  @Test
  void placementVariantsMatchTheTreePath() throws Exception {
    for (String placement : new String[] {"{\"turn_index\": 3, \"model_index\": 2}", "{}",
        "{\"model_index\": null, \"tab_index\": null, \"turn_index\": 0}"}) {
      String line = "{\"obj\": {\"content\": \"x\", \"type\": \"message_delta\"}, \"placement\": " + placement + "}";
      assertSame(fast(line), tree(line));
    }
  }

  @Test
  void anythingElseIsLeftToTheTreePath() {
    assertThat(fast("{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"stop\", \"stop_reason\": null}}")).isNull();
    assertThat(fast("{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"a\", "
        + "\"extra\": 1}}")).isNull();
    assertThat(fast("{\"placement\": {\"turn_index\": \"1\"}, \"obj\": {\"type\": \"message_delta\", \"content\": \"a\"}}"))
        .isNull();
    assertThat(fast("{\"placement\": {\"turn_index\": 1, \"future\": 2}, \"obj\": {\"type\": \"message_delta\", "
        + "\"content\": \"a\"}}")).isNull();
    assertThat(fast("{\"obj\": {\"type\": \"message_delta\", \"content\": \"a\"}}")).isNull(); // no placement
    assertThat(fast("{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"a\"}, "
        + "\"later\": true}")).isNull();
    assertThat(fast("{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"a\"}} {}"))
        .isNull();
    assertThat(fast("{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"a")).isNull();
    assertThat(fast("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}")).isNull();
    assertThat(fast("{\"error\": \"boom\"}")).isNull();
  }

  @Test
  void oneDeltaReaderServesAWholeStreamAndRecoversAfterOtherLines() throws Exception {
    DeltaReader reader = new DeltaReader();
    String delta = "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"w%d\"}}";
    String[] lines = {
        "{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}",
        String.format(delta, 1), String.format(delta, 2),
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"citation_info\", \"citation_number\": 1, "
            + "\"document_id\": \"d\"}}",
        String.format(delta, 3),
        "{\"placement\": " + PLACEMENT + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"cut",
        String.format(delta, 4),
        "{not json}",
        String.format(delta, 5),
        String.format(delta, 6) + " {}",
        String.format(delta, 7)};
    StringBuilder text = new StringBuilder();
    int fast = 0;
    for (String line : lines) {
      Packet p = reader.read(line.getBytes(StandardCharsets.UTF_8));
      if (p == null) continue;
      fast++;
      assertSame(p, tree(line));
      text.append(p.content());
    }
    assertThat(fast).isEqualTo(6);
    assertThat(text.toString()).isEqualTo("w1w2w3w4w5w7");
  }
}
