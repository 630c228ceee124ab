package dev.chatbridge.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain-Java readers the vendor wire models share. */
class JsonPlainTest {
  private static final String BODY = "{\"custom_data\":{\"order_id\":\"ord_123\",\"cart\":{\"total\":149.99}},"
      + "\"tool_calls\":[{\"name\":\"lookup\"},3],\"text\":\"hi\",\"nothing\":null}";

  @Test
  void objectFieldsBecomeUnmodifiableOrderedMaps() throws Exception {
    JsonNode n = Json.parse(BODY);
    Map<String, Object> data = Json.plainMap(n, "custom_data");
    assertThat(data).containsExactly(Map.entry("order_id", "ord_123"), Map.entry("cart", Map.of("total", 149.99)));
    assertThatThrownBy(() -> data.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Json.plainMap(n)).containsOnlyKeys("custom_data", "tool_calls", "text", "nothing");
  }

  @Test
  void absentNullOrWrongKindIsEmptyNeverNull() throws Exception {
    JsonNode n = Json.parse(BODY);
    assertThat(Json.plainMap(n, "missing")).isEmpty();
    assertThat(Json.plainMap(n, "nothing")).isEmpty();
    assertThat(Json.plainMap(n, "text")).isEmpty();
    assertThat(Json.plainMap(n, "tool_calls")).isEmpty();
    assertThat(Json.plainMap(null)).isEmpty();
    assertThat(Json.plainMap(null, "custom_data")).isEmpty();
    assertThat(Json.plainList(n, "custom_data")).isEmpty();
    assertThat(Json.plainList(n, "missing")).isEmpty();
    assertThat(Json.plainList(null, "tool_calls")).isEmpty();
  }

  @Test
  void arrayFieldsBecomeLists() throws Exception {
    assertThat(Json.plainList(Json.parse(BODY), "tool_calls")).containsExactly(Map.of("name", "lookup"), 3L);
    assertThat(Json.plainList(Json.parse(BODY), "tool_calls")).isInstanceOf(List.class);
  }
}
