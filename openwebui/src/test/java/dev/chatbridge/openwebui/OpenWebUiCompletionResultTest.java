package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.internal.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenWebUiCompletionResultTest {
  @Test
  void aNullSourcesItemIsKeptInVendorDataInsteadOfBreakingTheReply() throws Exception {
    CompletionResult r = new CompletionResult(dev.chatbridge.ChatConfig.DEFAULT_MAX_REPLY_CHARS);
    r.addSources(Json.parse("[null, {\"source\": {\"id\": \"doc-1\", \"name\": \"Guide\"}}]"));
    r.usage(Json.parse("{\"prompt_tokens\": 3}"));
    Map<String, Object> vendor = r.vendorData();
    assertThat((List<?>) vendor.get("sources")).hasSize(2).first().isNull();
    assertThat(vendor.get("sources")).isEqualTo(Arrays.asList(null, Map.of("source", Map.of("id", "doc-1",
        "name", "Guide"))));
    assertThat(vendor.get("usage")).isEqualTo(Map.of("prompt_tokens", 3L));
  }

  @Test
  void anEmptyUsageObjectIsLeftOut() throws Exception {
    CompletionResult r = new CompletionResult(dev.chatbridge.ChatConfig.DEFAULT_MAX_REPLY_CHARS);
    r.usage(Json.parse("{}"));
    assertThat(r.hasUsage()).isFalse();
    assertThat(r.vendorData()).doesNotContainKey("usage");
  }
}
