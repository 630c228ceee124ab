package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Citation;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NDJSON stream of send-chat-message, with lines shaped exactly like the ones Onyx writes. */
class OnyxStreamTest {
  static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};
  static final String SESSION = "9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6";

  static String placement(int turn, String model) {
    return "{\"turn_index\": " + turn + ", \"tab_index\": 0, \"sub_turn_index\": null, \"model_index\": " + model + "}";
  }

  static String packet(int turn, String obj) {
    return "{\"placement\": " + placement(turn, "0") + ", \"obj\": " + obj + "}\n";
  }

  static final String SEARCH_DOC = "{\"document_id\": \"https://docs.onyx.app/deployment\", \"chunk_ind\": 0, "
      + "\"semantic_identifier\": \"Deployment guide\", \"link\": \"https://docs.onyx.app/deployment\", "
      + "\"blurb\": \"Deploy Onyx with Docker.\", \"source_type\": \"web\", \"boost\": 0, \"hidden\": false, "
      + "\"metadata\": {}, \"score\": 0.87, \"is_relevant\": null, \"relevance_explanation\": null, "
      + "\"match_highlights\": [], \"updated_at\": null, \"primary_owners\": null, \"secondary_owners\": null, "
      + "\"is_internet\": false}";

  /** Every line kind of a single-model run, in Onyx's typical order, plus an unknown type and line. */
  static final String FULL_STREAM =
      "{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
          + "{\"placement\": " + placement(0, "null") + ", \"obj\": {\"type\": \"chat_heartbeat\"}}\n"
          + packet(0, "{\"type\": \"reasoning_start\"}")
          + packet(0, "{\"type\": \"reasoning_delta\", \"reasoning\": \"Let me search.\"}")
          + packet(0, "{\"type\": \"reasoning_done\"}")
          + packet(1, "{\"type\": \"search_tool_start\", \"is_internet_search\": false}")
          + packet(1, "{\"type\": \"search_tool_queries_delta\", \"queries\": [\"onyx deployment\"]}")
          + packet(1, "{\"type\": \"search_tool_documents_delta\", \"documents\": [" + SEARCH_DOC + "]}")
          + packet(1, "{\"type\": \"section_end\"}")
          + "\n"
          + packet(2, "{\"type\": \"message_start\", \"final_documents\": null, "
              + "\"pre_answer_processing_seconds\": 1.5}")
          + packet(2, "{\"type\": \"message_delta\", \"content\": \"Onyx is\"}")
          + packet(2, "{\"type\": \"message_delta\", \"content\": \" self-hosted \\u2014 see [1].\"}")
          + packet(2, "{\"type\": \"citation_info\", \"citation_number\": 1, \"document_id\": "
              + "\"https://docs.onyx.app/deployment\"}")
          + packet(2, "{\"type\": \"hologram_delta\", \"beam\": 3}")
          + "{\"some_future_line\": true}\n"
          + packet(2, "{\"type\": \"stop\", \"stop_reason\": null}");

  MockWebServer server;
  ChatClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api").toString())
        .apiKey("on_test_key").maxRetries(0).build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  static MockResponse ndjson(String body) {
    return new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(body);
  }

  /** Answers a send with {@code body} at {@code bytesPerSecond}, and stop-chat-session with 200; counts the stops. */
  AtomicInteger slowReplyWithStop(String body, long bytesPerSecond) {
    AtomicInteger stops = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().startsWith("/api/chat/stop-chat-session/")) {
          stops.incrementAndGet();
          return new MockResponse().setBody("{\"message\":\"Chat session stopped\"}");
        }
        return ndjson(body).throttleBody(bytesPerSecond, 1, TimeUnit.SECONDS);
      }
    });
    return stops;
  }

  List<ChatEvent> events(ChatStream stream) {
    List<ChatEvent> out = new ArrayList<>();
    for (ChatEvent e : stream) out.add(e);
    return out;
  }

  @Test
  void everyLineKindMapsToItsEvent() throws Exception {
    server.enqueue(ndjson(FULL_STREAM));
    List<ChatEvent> events;
    ChatReply reply;
    try (ChatStream stream = client.session(SESSION).stream("How do I deploy?")) {
      events = events(stream);
      reply = stream.reply();
    }
    List<String> kinds = new ArrayList<>();
    for (ChatEvent e : events) {
      kinds.add(e.getClass().getSimpleName() + (e instanceof ChatEvent.ToolActivity
          ? ":" + ((ChatEvent.ToolActivity) e).type() : e instanceof ChatEvent.Unknown
          ? ":" + ((ChatEvent.Unknown) e).type() : ""));
    }
    assertThat(kinds).containsExactly(
        "Unknown:reasoning_start", "ReasoningDelta", "Unknown:reasoning_done",
        "ToolActivity:search_tool_start", "ToolActivity:search_tool_queries_delta",
        "ToolActivity:search_tool_documents_delta", "Unknown:section_end",
        "MessageStarted", "TextDelta", "TextDelta", "CitationAdded", "Unknown:hologram_delta", "Unknown:",
        "Completed");
    assertThat(events.get(1)).isEqualTo(new ChatEvent.ReasoningDelta("Let me search."));
    ChatEvent.ToolActivity queries = (ChatEvent.ToolActivity) events.get(4);
    assertThat(queries.data()).containsEntry("queries", List.of("onyx deployment"))
        .containsEntry("turn_index", 1).containsEntry("model_index", 0);
    assertThat(events.get(7)).isEqualTo(new ChatEvent.MessageStarted("102"));
    assertThat(events.get(9)).isEqualTo(new ChatEvent.TextDelta(" self-hosted \u2014 see [1]."));
    Citation citation = ((ChatEvent.CitationAdded) events.get(10)).citation();
    assertThat(citation.number()).contains(1);
    assertThat(citation.documentId()).isEqualTo("https://docs.onyx.app/deployment");
    assertThat(citation.title()).contains("Deployment guide");
    assertThat(((ChatEvent.Unknown) events.get(11)).raw()).contains("\"beam\":3");
    assertThat(((ChatEvent.Unknown) events.get(12)).raw()).isEqualTo("{\"some_future_line\":true}");

    assertThat(reply.text()).isEqualTo("Onyx is self-hosted \u2014 see [1].");
    assertThat(reply.message().id()).isEqualTo("102");
    assertThat(reply.userMessageId()).contains("101");
    assertThat(reply.message().parentId()).contains("101");
    assertThat(reply.message().sessionId()).isEqualTo(SESSION);
    assertThat(reply.finishReason()).contains("stop");
    assertThat(reply.citations()).containsExactly(citation);
    assertThat(reply.message().vendorData()).containsEntry("reasoning", "Let me search.");

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getPath()).isEqualTo("/api/chat/send-chat-message");
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer on_test_key");
    Map<String, Object> body = Json.MAPPER.readValue(sent.getBody().readUtf8(), MAP);
    assertThat(body).containsEntry("message", "How do I deploy?").containsEntry("chat_session_id", SESSION)
        .containsEntry("stream", true).doesNotContainKey("parent_message_id");
  }

  @Test
  void sendAccumulatesTheStreamAndALastLineWithoutNewlineStillCounts() {
    String body = FULL_STREAM.substring(0, FULL_STREAM.length() - 1);
    assertThat(body).doesNotEndWith("\n");
    server.enqueue(ndjson(body));
    ChatReply reply = client.session(SESSION).send("How do I deploy?");
    assertThat(reply.text()).isEqualTo("Onyx is self-hosted \u2014 see [1].");
    assertThat(reply.finishReason()).contains("stop");
  }

  @Test
  void streamingErrorLineThrowsWithCodeAndRetryable() {
    server.enqueue(ndjson("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
        + packet(1, "{\"type\": \"message_delta\", \"content\": \"Onyx is\"}")
        + "{\"error\": \"Rate limit reached for model\", \"stack_trace\": null, \"error_code\": \"RATE_LIMIT\", "
        + "\"is_retryable\": true, \"details\": {\"model\": \"gpt-4o\", \"provider\": \"openai\"}}\n"));
    List<ChatEvent> seen = new ArrayList<>();
    try (ChatStream stream = client.session(SESSION).stream("hi")) {
      assertThatThrownBy(() -> stream.forEach(seen::add))
          .isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.errorCode()).contains("RATE_LIMIT");
            assertThat(e.retryable()).contains(true);
            assertThat(e.getMessage()).contains("Rate limit reached for model");
          });
    }
    assertThat(seen).containsExactly(new ChatEvent.TextDelta("Onyx is"));
  }

  @Test
  void aStreamingErrorEchoingTheKeyNeverShowsIt() {
    server.enqueue(ndjson("{\"error\": \"Invalid API key on_test_key for provider\", \"stack_trace\": null, "
        + "\"error_code\": \"AUTH_ERROR\", \"is_retryable\": false, \"details\": null}\n"));
    assertThatThrownBy(() -> client.session(SESSION).send("hi"))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("Invalid API key")
        .hasMessageNotContaining("on_test_key");
  }

  @Test
  void validationErrorBeforeAnyIdsIsAStreamException() {
    server.enqueue(ndjson("{\"error\": \"Invalid Chat Session ID provided\", \"stack_trace\": null, "
        + "\"error_code\": \"VALIDATION_ERROR\", \"is_retryable\": true, \"details\": null}\n"));
    assertThatThrownBy(() -> client.session(SESSION).send("hi"))
        .isInstanceOfSatisfying(StreamException.class, e -> {
          assertThat(e.errorCode()).contains("VALIDATION_ERROR");
          assertThat(e.getMessage()).contains("Invalid Chat Session ID provided");
        });
  }

  @Test
  void bareErrorLineWithoutNewlineIsAStreamException() {
    server.enqueue(ndjson("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
        + "{\"error\": \"generator crashed\"}"));
    assertThatThrownBy(() -> client.session(SESSION).send("hi"))
        .isInstanceOfSatisfying(StreamException.class, e -> {
          assertThat(e.getMessage()).contains("generator crashed");
          assertThat(e.errorCode()).isEmpty();
          assertThat(e.retryable()).isEmpty();
        });
  }

  @Test
  void endOfBodyWithoutStopIsTruncationWhenRecoveryIsOff() {
    // with recovery on, the reply would be rejoined (OnyxResumeTest)
    client.close();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api").toString())
        .apiKey("on_test_key").maxRetries(0).option("resume-attempts", "0").build());
    server.enqueue(ndjson("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
        + packet(1, "{\"type\": \"message_start\", \"final_documents\": null}")
        + packet(1, "{\"type\": \"message_delta\", \"content\": \"Onyx is\"}")));
    assertThatThrownBy(() -> client.session(SESSION).send("hi"))
        .isInstanceOf(StreamException.class).hasMessageContaining("truncated");
  }

  @Test
  void userCancelledStopIsTheFinishReason() {
    server.enqueue(ndjson("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
        + packet(1, "{\"type\": \"message_delta\", \"content\": \"Onyx\"}")
        + "{\"placement\": " + placement(1, "null") + ", \"obj\": {\"type\": \"stop\", \"stop_reason\": "
        + "\"user_cancelled\"}}\n"));
    ChatReply reply = client.session(SESSION).send("hi");
    assertThat(reply.finishReason()).contains("user_cancelled");
    assertThat(reply.text()).isEqualTo("Onyx");
  }

  @Test
  void multiModelRunFeedsOnlyModelZeroIntoTheReply() {
    server.enqueue(ndjson("{\"user_message_id\": 201, \"responses\": [{\"message_id\": 202, \"model_name\": "
        + "\"gpt-4o\"}, {\"message_id\": 203, \"model_name\": \"claude-sonnet\"}]}\n"
        + "{\"placement\": " + placement(0, "1") + ", \"obj\": {\"type\": \"search_tool_start\", "
        + "\"is_internet_search\": true}}\n"
        + "{\"placement\": " + placement(1, "0") + ", \"obj\": {\"type\": \"message_start\"}}\n"
        + "{\"placement\": " + placement(1, "0") + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"A\"}}\n"
        + "{\"placement\": " + placement(1, "1") + ", \"obj\": {\"type\": \"message_delta\", \"content\": \"B\"}}\n"
        + "{\"placement\": " + placement(1, "1") + ", \"obj\": {\"type\": \"stop\", \"stop_reason\": null}}\n"
        + "{\"placement\": " + placement(1, "0") + ", \"obj\": {\"type\": \"stop\", \"stop_reason\": null}}\n"));
    List<ChatEvent> events;
    ChatReply reply;
    try (ChatStream stream = client.session(SESSION).stream("compare")) {
      events = events(stream);
      reply = stream.reply();
    }
    assertThat(events.get(0)).isInstanceOfSatisfying(ChatEvent.ToolActivity.class,
        t -> assertThat(t.data()).containsEntry("model_index", 1).containsEntry("is_internet_search", true));
    assertThat(events.get(1)).isEqualTo(new ChatEvent.MessageStarted("202"));
    assertThat(events.get(3)).isInstanceOfSatisfying(ChatEvent.Unknown.class,
        u -> assertThat(u.raw()).contains("\"model_index\":1").contains("\"content\":\"B\""));
    assertThat(events.get(4)).isInstanceOf(ChatEvent.Unknown.class);
    assertThat(reply.text()).isEqualTo("A");
    assertThat(reply.message().id()).isEqualTo("202");
    assertThat(reply.userMessageId()).contains("201");
  }

  @Test
  void explicitParentIsSentAsAnInteger() throws Exception {
    server.enqueue(ndjson(FULL_STREAM));
    client.session(SESSION).send(MessageRequest.builder().text("edit").parentId("57").build());
    Map<String, Object> body = Json.MAPPER.readValue(server.takeRequest().getBody().readUtf8(), MAP);
    assertThat(body.get("parent_message_id")).isEqualTo(57);
  }

  @Test
  void nonIntegerParentIsRefusedBeforeSending() {
    assertThatThrownBy(() -> client.session(SESSION).send(MessageRequest.builder().text("x").parentId("abc").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.statusCode()).isZero();
          assertThat(e.getMessage()).contains("parentId").contains("abc");
        });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anotherVendorsExtraIsIgnoredSoTheSameCodeRunsEverywhere() throws Exception {
    server.enqueue(ndjson(FULL_STREAM));
    client.session(SESSION).send(MessageRequest.builder().text("x")
        .extra("customer-id", "+4915112345678").extra("deep-research", "true").build());
    Map<String, Object> body = Json.MAPPER.readValue(server.takeRequest().getBody().readUtf8(), MAP);
    assertThat(body).doesNotContainKey("customer-id").doesNotContainKey("customer_id");
    assertThat(body.get("deep_research")).isEqualTo(true);
  }

  @Test
  void aKnownExtraWithABadValueIsRefusedBeforeSending() {
    assertThatThrownBy(() -> client.session(SESSION).send(MessageRequest.builder().text("x")
        .extra("deep-research", "maybe").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("deep-research");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void cancelClosesTheStreamAndCallsStopChatSession() throws Exception {
    StringBuilder slow = new StringBuilder("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
        + "{\"placement\": " + placement(1, "0") + ", \"obj\": {\"type\": \"message_start\"}}\n");
    for (int i = 0; i < 200; i++) slow.append(packet(1, "{\"type\": \"message_delta\", \"content\": \"word \"}"));
    // The first 200 bytes (ids line and message_start) at once, then 200 bytes per second.
    slowReplyWithStop(slow.toString(), 200);
    ChatStream stream = client.session(SESSION).stream("long answer please");
    java.util.Iterator<ChatEvent> events = stream.iterator();
    assertThat(events.next()).isEqualTo(new ChatEvent.MessageStarted("102"));
    stream.cancel();
    assertThat(events.hasNext()).isFalse();
    assertThat(stream.isCancelled()).isTrue();
    stream.close();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/chat/send-chat-message");
    RecordedRequest stop = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(stop).isNotNull();
    assertThat(stop.getMethod()).isEqualTo("POST");
    assertThat(stop.getPath()).isEqualTo("/api/chat/stop-chat-session/" + SESSION);
    assertThat(stop.getHeader("Authorization")).isEqualTo("Bearer on_test_key");
  }

  @Test
  void aFailingStopCallIsSwallowed() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().startsWith("/api/chat/stop-chat-session/")) {
          return new MockResponse().setResponseCode(404)
              .setBody("{\"error_code\":\"SESSION_NOT_FOUND\",\"detail\":\"Chat session not found\"}");
        }
        return ndjson("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
            + packet(1, "{\"type\": \"message_delta\", \"content\": \"partial\"}")
            + packet(1, "{\"type\": \"message_delta\", \"content\": \" more\"}"))
            .throttleBody(120, 1, TimeUnit.SECONDS);
      }
    });
    ChatReply partial;
    try (ChatStream stream = client.session(SESSION).stream("hi")) {
      assertThat(stream.iterator().next()).isEqualTo(new ChatEvent.TextDelta("partial"));
      stream.cancel();
      partial = stream.reply();
    }
    assertThat(partial.text()).isEqualTo("partial");
    assertThat(partial.message().id()).isEqualTo("102");
    server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).startsWith("/api/chat/stop-chat-session/");
  }

  @Test
  void typedCancelStopsTheSessionTheStreamCreated() throws Exception {
    StringBuilder slow = new StringBuilder("{\"chat_session_id\": \"" + SESSION + "\", \"incognito\": false}\n");
    for (int i = 0; i < 100; i++) slow.append(packet(1, "{\"type\": \"message_delta\", \"content\": \"w \"}"));
    slowReplyWithStop(slow.toString(), 70);
    OnyxClient onyx = client.unwrap(OnyxClient.class);
    try (OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.builder().message("new").build())) {
      assertThat(stream.next()).isInstanceOf(OnyxStreamItem.SessionCreated.class);
      stream.cancel();
      assertThat(stream.next()).isNull();
      assertThat(stream.isCancelled()).isTrue();
    }
    server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath())
        .isEqualTo("/api/chat/stop-chat-session/" + SESSION);
  }
  @Test
  void cancelsRacingFromManyThreadsSendOneStop() throws Exception {
    StringBuilder slow = new StringBuilder("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n");
    for (int i = 0; i < 100; i++) slow.append(packet(1, "{\"type\": \"message_delta\", \"content\": \"w \"}"));
    AtomicInteger stops = slowReplyWithStop(slow.toString(), 70);
    OnyxClient onyx = OnyxClient.builder().apiKey("on_test_key").baseUrl(server.url("/api").toString())
        .maxRetries(0).build();
    OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(SESSION, "long answer"));
    assertThat(stream.next()).isInstanceOf(OnyxStreamItem.MessageIds.class);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        stream.cancel();
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) t.join(5_000);
    stream.close();
    onyx.close(); // waits for the stop requests it started
    assertThat(stream.isCancelled()).isTrue();
    assertThat(stops.get()).isEqualTo(1);
  }

  @Test
  void cancellingSendAsyncAlsoStopsGenerationOnTheServer() throws Exception {
    StringBuilder slow = new StringBuilder("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n");
    for (int i = 0; i < 100; i++) slow.append(packet(1, "{\"type\": \"message_delta\", \"content\": \"w \"}"));
    slowReplyWithStop(slow.toString(), 70);
    java.util.concurrent.CompletableFuture<ChatReply> future = client.session(SESSION).sendAsync("long answer");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/chat/send-chat-message");
    Thread.sleep(300); // let the reply start arriving: the stop matters once Onyx is generating
    future.cancel(true);
    RecordedRequest stop = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(stop).as("stop-chat-session after the async send was cancelled").isNotNull();
    assertThat(stop.getMethod()).isEqualTo("POST");
    assertThat(stop.getPath()).isEqualTo("/api/chat/stop-chat-session/" + SESSION);
  }

  /** Closing a typed stream before its end means "I am done with it": like ChatStream, Onyx is told to stop. */
  @Test
  void closingAnUnfinishedTypedStreamStopsGenerationOnTheServer() throws Exception {
    StringBuilder slow = new StringBuilder("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n");
    for (int i = 0; i < 100; i++) slow.append(packet(1, "{\"type\": \"message_delta\", \"content\": \"w \"}"));
    AtomicInteger stops = slowReplyWithStop(slow.toString(), 70);
    OnyxClient onyx = OnyxClient.builder().apiKey("on_test_key").baseUrl(server.url("/api").toString())
        .maxRetries(0).build();
    OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(SESSION, "long answer"));
    assertThat(stream.next()).isInstanceOf(OnyxStreamItem.MessageIds.class);
    stream.close();
    stream.close();
    onyx.close(); // waits for the stop request the close started
    assertThat(stream.isCancelled()).isTrue();
    assertThat(stops.get()).isEqualTo(1);
  }

  /** After the stop packet the reply is whole: closing releases the connection and asks nothing of the server. */
  @Test
  void closingATypedStreamAfterItsStopPacketDoesNotStopTheSession() throws Exception {
    AtomicInteger stops = slowReplyWithStop(FULL_STREAM + "{\"after_stop\": true}\n", 1_000_000);
    OnyxClient onyx = OnyxClient.builder().apiKey("on_test_key").baseUrl(server.url("/api").toString())
        .maxRetries(0).build();
    OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(SESSION, "How do I deploy?"));
    OnyxStreamItem item = stream.next();
    while (item != null && !(item instanceof Packet p && PacketTypes.STOP.equals(p.type()))) item = stream.next();
    assertThat(item).as("the stop packet").isNotNull();
    stream.close(); // a line is still unread: the body has not ended, but the reply has
    onyx.close();
    assertThat(stream.isCancelled()).isFalse();
    assertThat(stops.get()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** Reads the typed multi-model {@code corpus} stream until {@code last} is read, closes it, counts the stops. */
  int stopsAfterClosingAt(String corpus, java.util.function.Predicate<OnyxStreamItem> last) {
    AtomicInteger stops = slowReplyWithStop(OnyxRecoveryFixture.corpus(corpus), 1_000_000);
    OnyxClient onyx = OnyxClient.builder().apiKey("on_test_key").baseUrl(server.url("/api").toString())
        .maxRetries(0).build();
    OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(SESSION, "Compare the models"));
    OnyxStreamItem item = stream.next();
    while (item != null && !last.test(item)) item = stream.next();
    assertThat(item).as("the line to close at").isNotNull();
    stream.close();
    onyx.close(); // waits for the stop request the close started
    return stops.get();
  }

  static boolean stopOf(OnyxStreamItem item, int model) {
    return item instanceof Packet p && PacketTypes.STOP.equals(p.type())
        && Integer.valueOf(model).equals(p.modelIndex());
  }

  /** Another model's stop does not end a multi-model run: closing then still stops model 0 on the server. */
  @Test
  void closingAMultiModelTypedStreamAfterAnotherModelsStopStopsTheSession() {
    assertThat(stopsAfterClosingAt("models-multi-model.ndjson", item -> stopOf(item, 1))).isEqualTo(1);
  }

  /** Nor does another model's own error: it ends that model only. */
  @Test
  void closingAMultiModelTypedStreamAfterAnotherModelsErrorStopsTheSession() {
    assertThat(stopsAfterClosingAt("models-multi-model-one-fails.ndjson", item -> item instanceof StreamingError))
        .isEqualTo(1);
  }

  /** Every model's stop read: the run is over and closing asks nothing of the server. */
  @Test
  void closingAMultiModelTypedStreamAfterEveryModelsStopDoesNotStopTheSession() {
    assertThat(stopsAfterClosingAt("models-multi-model.ndjson", item -> stopOf(item, 0))).isZero();
  }

  @Test
  void aTypedStreamIsIteratedOnceAndClosedWithItsJavaStream() {
    server.enqueue(ndjson(FULL_STREAM));
    OnyxClient onyx = client.unwrap(OnyxClient.class);
    OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(SESSION, "How do I deploy?"));
    long packets;
    try (java.util.stream.Stream<OnyxStreamItem> items = stream.stream()) {
      packets = items.filter(i -> i instanceof Packet).count();
    }
    assertThat(packets).as("every packet of the fixture, the heartbeat included").isEqualTo(14);
    assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(stream::next).isInstanceOf(StreamException.class).hasMessageContaining("closed");
    assertThat(stream.isCancelled()).as("read to its end: closing did not cancel").isFalse();
  }
}
