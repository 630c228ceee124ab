package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ApiException;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.testkit.OpenCxEmulator;
import dev.chatbridge.testkit.OpenCxEmulator.Generation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OpenCX module against the testkit emulator: handoff, polling, cancellation, paging, redaction. */
class OpenCxEmulatorTest {
  private OpenCxEmulator emulator;
  private ChatClient client;

  private void start(Generation generation, Duration timeout) {
    emulator = (OpenCxEmulator) new OpenCxEmulator(generation).start();
    ChatConfig.Builder config = ChatConfig.builder().vendor("opencx").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).callTimeout(timeout);
    emulator.clientOptions().forEach(config::option);
    client = ChatClients.create(config.build());
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    if (emulator != null) emulator.close();
  }

  @ParameterizedTest
  @EnumSource(Generation.class)
  void afterAnAgentTakeoverTheSendWaitsForTheHumanReply(Generation generation) throws Exception {
    start(generation, Duration.ofSeconds(10));
    ChatSession s = client.createSession();
    assertThat(s.send("hello bot").text()).isEqualTo("Echo: hello bot");
    OpenCxClient opencx = client.unwrap(OpenCxClient.class);
    SendMessageResponse taken = opencx.send(s.id(), SendMessageRequest
        .fromAgent(SendMessageRequest.Agent.of(7, "Dana"), "Dana here, I'll take it").takeOverFromAi(true).build());
    assertThat(taken.messageId()).isPresent();
    assertThat(emulator.isHandedOff(s.id())).isTrue();

    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      later.schedule(() -> emulator.agentReply(s.id(), 7, "Dana", "Checking your order now"), 300,
          TimeUnit.MILLISECONDS);
      ChatReply reply = s.send("are you a person?");
      assertThat(reply.text()).isEqualTo("Checking your order now");
      assertThat(reply.message().role()).isEqualTo(Role.AGENT);
    } finally {
      later.shutdownNow();
    }

    List<Message> history = s.history();
    assertThat(history).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.SYSTEM,
        Role.AGENT, Role.USER, Role.AGENT);
    assertThat(history.get(2).vendorData()).containsEntry("event_type", "human_agent_takeover")
        .containsEntry("human_agent_id", 7L);
    assertThat(history).noneMatch(m -> m.text().equals("Echo: are you a person?"));
    assertThat(opencx.getSession(s.id()).isHandedOff()).isTrue();
  }

  @Test
  void cancellingSendAsyncStopsThePolling() throws Exception {
    start(Generation.MESSAGE_ID_ONLY, Duration.ofSeconds(30));
    emulator.aiSilent(true);
    ChatSession s = client.createSession();
    String history = "/chat/sessions/" + s.id() + "/history";
    CompletableFuture<ChatReply> future = s.sendAsync("anyone there?");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (emulator.requestCount("GET", history) < 2 && System.nanoTime() < until) Thread.sleep(20);
    assertThat(emulator.requestCount("GET", history)).as("polling started").isGreaterThanOrEqualTo(2);
    future.cancel(true);
    Thread.sleep(200);
    int afterCancel = emulator.requestCount("GET", history);
    Thread.sleep(2_500); // longer than the largest poll interval
    assertThat(emulator.requestCount("GET", history)).as("no poll after the cancel").isEqualTo(afterCancel);
    assertThat(emulator.requestCount("POST", "/chat/sessions/" + s.id() + "/send")).isEqualTo(1);
  }

  @Test
  void awaitReplyWithATimeoutTooLongForNanosecondsStillWaitsForTheReply() {
    start(Generation.MESSAGE_ID_ONLY, Duration.ofSeconds(10));
    ChatSession s = client.createSession();
    OpenCxClient opencx = client.unwrap(OpenCxClient.class);
    String id = opencx.send(s.id(), SendMessageRequest.fromContact("still there?").build()).messageId().orElseThrow();
    HistoryItem reply = opencx.awaitReply(s.id(), id, Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(reply.text()).isEqualTo("Echo: still there?");
    assertThat(OpenCxClient.deadlineAfter(Duration.ofSeconds(Long.MAX_VALUE)) - System.nanoTime())
        .as("saturated, not wrapped into the past").isPositive();
    assertThat(OpenCxClient.deadlineAfter(Duration.ofSeconds(Long.MIN_VALUE)) - System.nanoTime()).isNotPositive();
    assertThatThrownBy(() -> opencx.awaitReply(s.id(), id, Duration.ofSeconds(Long.MIN_VALUE)))
        .isInstanceOf(ChatTimeoutException.class).hasMessageContaining(s.id());
  }

  @Test
  void theEmulatorsClientOptionsWaitAQuietPeriodAboveItsOwnGapsAndGetTheWholeReply() {
    start(Generation.MESSAGE_ID_ONLY, Duration.ofSeconds(10));
    assertThat(emulator.clientOptions()).containsEntry("reply-quiet-ms", String.valueOf(OpenCxEmulator.QUIET_MS));
    emulator.multiPartReplies(3, Duration.ofMillis(150));
    assertThat(emulator.clientOptions()).containsEntry("reply-quiet-ms",
        String.valueOf(OpenCxEmulator.QUIET_MS + 3 * 150));
    client.close();
    ChatConfig.Builder config = ChatConfig.builder().vendor("opencx").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).callTimeout(Duration.ofSeconds(10));
    emulator.clientOptions().forEach(config::option);
    client = ChatClients.create(config.build());
    String text = "one two three four five six";
    ChatReply reply = client.createSession().send(text);
    assertThat(reply.text()).isEqualTo(String.join(OpenCxTurn.SEPARATOR, OpenCxEmulator.replyParts(text, 3)));
    assertThat(reply.message().vendorData()).containsEntry("turn_ended_by", "quiet_period");
  }

  @Test
  void aSilentAiTimesOutNamingTheSession() {
    start(Generation.AUTOPILOT_WRAPPED, Duration.ofMillis(800));
    emulator.aiSilent(true);
    ChatSession s = client.createSession();
    assertThatThrownBy(() -> s.send("hello?")).isInstanceOf(ChatTimeoutException.class).hasMessageContaining(s.id());
    assertThat(emulator.requestCount("POST", "/chat/sessions/" + s.id() + "/send")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = Generation.class, names = {"AI_RESPONSE_2024", "AUTOPILOT", "AUTOPILOT_WRAPPED"})
  void anAiErrorIsThrownWithTheVendorText(Generation generation) {
    start(generation, Duration.ofSeconds(10));
    ChatSession s = client.createSession();
    emulator.failNextReply("The model is overloaded");
    assertThatThrownBy(() -> s.send("hi")).isInstanceOf(ApiException.class)
        .hasMessageContaining("The model is overloaded");
    assertThat(s.send("again").text()).isEqualTo("Echo: again");
  }

  @Test
  void theEmulatorRefusesNestedCustomDataWith400LikeOpenCx() throws Exception {
    start(Generation.MESSAGE_ID_ONLY, Duration.ofSeconds(10));
    OkHttpClient http = new OkHttpClient();
    Request request = new Request.Builder().url(emulator.baseUrl() + "/chat/sessions")
        .header("Authorization", "Bearer " + emulator.apiKey())
        .post(RequestBody.create("{\"custom_data\":{\"shipping\":{\"city\":\"Lisbon\"}}}",
            MediaType.get("application/json")))
        .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(400);
      var body = Json.parse(response.body().string());
      assertThat(body.get("statusCode").asInt()).isEqualTo(400);
      assertThat(body.get("error").asText()).isEqualTo("Bad Request");
      assertThat(body.get("message").get(0).asText()).contains("custom_data.shipping");
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void metadataBecomesSessionCustomDataAndListFiltersByStatus() {
    start(Generation.AUTOPILOT, Duration.ofSeconds(10));
    ChatSession a = client.createSession(SessionOptions.builder().metadata("order_id", "ord_1")
        .metadata("vip", true).build());
    assertThat(emulator.customData(a.id())).containsEntry("order_id", "ord_1").containsEntry("vip", true);
    OpenCxClient opencx = client.unwrap(OpenCxClient.class);
    assertThat(opencx.getSession(a.id()).customData()).containsEntry("order_id", "ord_1");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) ids.add(client.createSession().id());
    client.session(ids.get(0)).end();
    client.session(ids.get(2)).end();
    assertThat(emulator.status(ids.get(0))).isEqualTo("closed_resolved");
    List<String> closed = new ArrayList<>();
    opencx.listSessions(ListSessionsParams.builder().status(SessionStatus.CLOSED_RESOLVED).build())
        .autoPaging().forEach(x -> closed.add(x.id()));
    assertThat(closed).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
    FilterSessionsResult open = opencx.filterSessions(FilterSessionsRequest.builder()
        .filter("status", List.of("open")).limit(2).build());
    assertThat(open.sessions()).hasSize(2);
    assertThat(open.hasNext()).isTrue();
    assertThat(opencx.filterSessions(FilterSessionsRequest.builder().filter("status", List.of("open")).limit(2)
        .page(2).build()).hasNext()).isFalse();
  }

  @Test
  void historyPagesAreWalkedInOrderAndSearchAndRedactionWork() {
    start(Generation.MESSAGE_ID_ONLY, Duration.ofSeconds(10));
    emulator.historyPageSize(2);
    ChatSession s = client.createSession();
    ChatReply first = s.send("first question about refunds");
    s.send("second");
    s.send("third");
    OpenCxClient opencx = client.unwrap(OpenCxClient.class);
    assertThat(opencx.history(s.id()).items()).hasSize(2);
    assertThat(opencx.history(s.id()).hasNext()).isTrue();
    assertThat(s.history()).extracting(Message::text).containsExactly("first question about refunds",
        "Echo: first question about refunds", "second", "Echo: second", "third", "Echo: third");

    SearchResult found = opencx.searchSessions("REFUNDS");
    assertThat(found.messages()).extracting(SearchResult.MessageHit::sessionId).containsOnly(s.id());
    assertThat(found.messages()).hasSize(2);

    RedactionResult redacted = opencx.redactMessage(first.userMessageId().orElseThrow(), "customer asked");
    assertThat(redacted.affectedCount()).isEqualTo(1L);
    assertThat(s.history().get(0).text()).isEqualTo("[REDACTED]");
    assertThat(opencx.redactSession(s.id(), null).messagesRedacted()).isEqualTo(6L);
    assertThat(s.history()).extracting(Message::text).containsOnly("[REDACTED]");
  }
}
