package dev.chatbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatReply;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Target 1 is only honest if the baseline does what the SDK does: these check that a hand-written send makes the
 * same requests (method, path, auth, JSON body up to generated ids and timestamps) and yields the same reply.
 */
class PerCallEquivalenceTest {
  private final List<LoopbackServer.Request> requests = Collections.synchronizedList(new ArrayList<>());
  private LoopbackServer server;
  private OkHttpClient okHttp;

  @BeforeEach
  void start() {
    server = OpenWebUiScenario.routes(OnyxScenario.routes(new LoopbackServer(), PerCallBenchmark.DELTAS, null),
        PerCallBenchmark.DELTAS).recordTo(requests::add).start();
    okHttp = new OkHttpClient();
  }

  @AfterEach
  void stop() {
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    server.close();
  }

  @Test
  void onyxHandWrittenSendMatchesChatSessionSend() throws Exception {
    ChatReply sdk;
    try (ChatClient onyx = Clients.onyx(server.url("/api"))) {
      sdk = onyx.session(PerCallBenchmark.ONYX_SESSION).send(PerCallBenchmark.QUESTION);
    }
    List<LoopbackServer.Request> sdkRequests = List.copyOf(requests);
    requests.clear();
    ChatReply baseline = HandWritten.onyxSend(okHttp, server.url("/api"), Clients.ONYX_KEY,
        PerCallBenchmark.ONYX_SESSION, PerCallBenchmark.QUESTION);

    assertThat(Clients.onyxImplementation()).isEqualTo("chatbridge-onyx provider");
    assertSameRequests(sdkRequests, List.copyOf(requests));
    assertThat(baseline).isEqualTo(sdk);
    assertThat(sdk.text()).isEqualTo(Bodies.text(PerCallBenchmark.DELTAS));
  }

  @Test
  void openWebUiHandWrittenSendMatchesChatSessionSend() throws Exception {
    ChatReply sdk;
    try (ChatClient openWebUi = Clients.openWebUi(server.url(""))) {
      openWebUi.session(OpenWebUiScenario.CHAT_ID).send("warm the model cache"); // lists models once
      requests.clear();
      sdk = openWebUi.session(OpenWebUiScenario.CHAT_ID).send(PerCallBenchmark.QUESTION);
    }
    List<LoopbackServer.Request> sdkRequests = List.copyOf(requests);
    requests.clear();
    ChatReply baseline = HandWritten.openWebUiSend(okHttp, server.url(""), Clients.OPEN_WEBUI_KEY,
        OpenWebUiScenario.CHAT_ID, OpenWebUiScenario.MODEL, "Llama 3.1 8B", PerCallBenchmark.QUESTION);

    assertSameRequests(sdkRequests, List.copyOf(requests));
    assertThat(baseline.text()).isEqualTo(sdk.text()).isEqualTo(Bodies.text(PerCallBenchmark.DELTAS));
    assertThat(baseline.finishReason()).isEqualTo(sdk.finishReason());
    assertThat(baseline.message().role()).isEqualTo(sdk.message().role());
    assertThat(baseline.message().sessionId()).isEqualTo(sdk.message().sessionId());
    assertThat(baseline.message().vendorData()).isEqualTo(sdk.message().vendorData());
    assertThat(baseline.message().citations()).isEqualTo(sdk.message().citations());
    assertThat(baseline.message().parentId()).isEqualTo(baseline.userMessageId());
    assertThat(sdk.message().parentId()).isEqualTo(sdk.userMessageId());
  }

  /** Same calls in the same order; JSON bodies equal once generated ids and timestamps are blanked. */
  private static void assertSameRequests(List<LoopbackServer.Request> sdk, List<LoopbackServer.Request> baseline) {
    assertThat(baseline).extracting(r -> r.method + " " + r.path)
        .isEqualTo(sdk.stream().map(r -> r.method + " " + r.path).collect(java.util.stream.Collectors.toList()));
    for (int i = 0; i < sdk.size(); i++) {
      assertThat(baseline.get(i).header("authorization")).isEqualTo(sdk.get(i).header("authorization"));
      if (sdk.get(i).body.length == 0) {
        assertThat(baseline.get(i).body).isEmpty();
        continue;
      }
      assertThat(normalise(baseline.get(i).bodyText())).as(sdk.get(i).method + " " + sdk.get(i).path)
          .isEqualTo(normalise(sdk.get(i).bodyText()));
    }
  }

  /** The body with client-generated ids numbered in order of appearance and fresh epoch-second timestamps blanked. */
  static JsonNode normalise(String json) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}").matcher(json);
    java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String id = m.group();
      m.appendReplacement(sb, id.equals(OpenWebUiScenario.CHAT_ID) || id.equals(PerCallBenchmark.ONYX_SESSION)
          ? id : ids.computeIfAbsent(id, k -> "generated-id-" + (ids.size() + 1)));
    }
    m.appendTail(sb);
    try {
      JsonNode node = Json.parse(sb.toString());
      blankTimestamps(node);
      return node;
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static void blankTimestamps(JsonNode node) {
    if (node instanceof ObjectNode) {
      ObjectNode o = (ObjectNode) node;
      if (o.has("timestamp") && o.get("timestamp").isNumber() && o.get("timestamp").asLong() > 1_760_000_000L
          && o.get("timestamp").asLong() < 10_000_000_000L) {
        o.put("timestamp", 0);
      }
      o.forEach(PerCallEquivalenceTest::blankTimestamps);
    } else if (node != null && node.isArray()) {
      node.forEach(PerCallEquivalenceTest::blankTimestamps);
    }
  }
}
