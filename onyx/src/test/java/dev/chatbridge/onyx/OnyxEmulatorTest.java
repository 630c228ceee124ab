package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.AuthenticationException;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.StreamException;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.OnyxEmulator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Onyx emulator speaks Onyx's wire format, and the client handles it end to end. */
class OnyxEmulatorTest {
  OnyxEmulator emulator;
  ChatClient client;
  OnyxClient onyx;

  @BeforeEach
  void start() {
    emulator = new OnyxEmulator();
    emulator.start();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).build());
    onyx = client.unwrap(OnyxClient.class);
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  @Test
  void streamIsPythonStyleNdjsonWithIdsPlacementAndStop() throws Exception {
    String id = onyx.createChatSession(CreateChatSessionRequest.builder().build()).chatSessionId();
    OkHttpClient http = new OkHttpClient();
    Request request = new Request.Builder().url(emulator.baseUrl() + "/chat/send-chat-message")
        .header("Authorization", "Bearer " + emulator.apiKey())
        .post(RequestBody.create("{\"chat_session_id\":\"" + id + "\",\"message\":\"Hi caf\u00e9\"}",
            MediaType.get("application/json")))
        .build();
    String body;
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type")).startsWith("text/event-stream");
      body = response.body().string();
    } finally {
      http.connectionPool().evictAll();
      http.dispatcher().executorService().shutdown();
    }
    String[] lines = body.split("\n");
    assertThat(lines[0]).matches("\\{\"user_message_id\": \\d+, \"reserved_assistant_message_id\": \\d+}");
    assertThat(lines[1]).startsWith("{\"placement\": {\"turn_index\": 0, \"tab_index\": 0, \"sub_turn_index\": "
        + "null, \"model_index\": 0}, \"obj\": {\"type\": \"message_start\", \"final_documents\": [");
    assertThat(lines[2]).endsWith("\"obj\": {\"type\": \"message_delta\", \"content\": \"Echo:\"}}");
    assertThat(body).contains("\"content\": \" caf\\u00e9\"}}");
    assertThat(lines[lines.length - 2]).contains("{\"type\": \"citation_info\", \"citation_number\": 1, "
        + "\"document_id\": \"" + OnyxEmulator.CITED_DOCUMENT_ID + "\"}");
    assertThat(lines[lines.length - 1]).endsWith("\"obj\": {\"type\": \"stop\", \"stop_reason\": null}}");
    assertThat(body).endsWith("\n");
  }

  @Test
  void replyCarriesIdsCitationAndMatchesHistory() {
    ChatSession session = client.createSession();
    ChatReply reply = session.send("Hello there");
    assertThat(reply.text()).isEqualTo("Echo: Hello there");
    assertThat(reply.citations()).singleElement().satisfies(c -> {
      assertThat(c.documentId()).isEqualTo(OnyxEmulator.CITED_DOCUMENT_ID);
      assertThat(c.title()).contains("Emulator handbook");
    });
    List<Message> history = session.history();
    assertThat(history).extracting(Message::text).containsExactly("Hello there", "Echo: Hello there");
    assertThat(history.get(1).id()).isEqualTo(reply.message().id());
    assertThat(history.get(0).id()).isEqualTo(reply.userMessageId().orElseThrow());
    assertThat(history.get(1).parentId()).contains(history.get(0).id());
    assertThat(history.get(1).citations()).isEqualTo(reply.citations());
    ChatSessionDetail detail = onyx.getChatSession(session.id());
    assertThat(detail.root().messageType()).isEqualTo("system");
    assertThat(detail.mainline()).hasSize(3);
    assertThat(detail.packets()).singleElement().satisfies(p ->
        assertThat(p.get(p.size() - 1).type()).isEqualTo(PacketTypes.STOP));
  }

  @Test
  void branchingEditsAndSwitchesTheMainline() {
    ChatSession session = client.createSession();
    ChatReply first = session.send("first question");
    ChatReply second = session.send("second question");
    // Edit the second question: answer after the first reply.
    ChatReply edited = session.send(MessageRequest.builder().text("edited question")
        .parentId(first.message().id()).build());
    assertThat(session.history()).extracting(Message::text).containsExactly(
        "first question", "Echo: first question", "edited question", "Echo: edited question");
    // Regenerate: a user message as parent reuses it.
    ChatReply regenerated = session.send(MessageRequest.builder().text("ignored")
        .parentId(edited.userMessageId().orElseThrow()).build());
    assertThat(regenerated.text()).isEqualTo("Echo: edited question");
    assertThat(regenerated.message().id()).isNotEqualTo(edited.message().id());
    // Back to the old branch.
    onyx.setMessageAsLatest(Integer.parseInt(second.message().id()));
    assertThat(session.history()).extracting(Message::text).containsExactly(
        "first question", "Echo: first question", "second question", "Echo: second question");
    // A parent off the mainline is refused in the stream with the server's reason.
    assertThatThrownBy(() -> session.send(MessageRequest.builder().text("x")
        .parentId(edited.message().id()).build()))
        .isInstanceOfSatisfying(StreamException.class, e -> {
          assertThat(e.errorCode()).contains("VALIDATION_ERROR");
          assertThat(e.getMessage()).contains("not on the latest mainline");
        });
  }

  @Test
  void unknownSessionFailsInTheStreamAndWithMessageIdRequiredWithoutIt() {
    String missing = "00000000-0000-4000-8000-000000000000";
    assertThatThrownBy(() -> client.session(missing).send("hi"))
        .isInstanceOfSatisfying(StreamException.class, e -> {
          assertThat(e.errorCode()).contains("VALIDATION_ERROR");
          // Onyx flags it retryable, but the same request fails the same way again
          assertThat(e.retryable()).contains(false);
          assertThat(((OnyxStreamException) e).streamingError().isRetryable()).isTrue();
          assertThat(e.getMessage()).contains("Invalid Chat Session ID provided");
        });
    assertThatThrownBy(() -> onyx.sendChatMessage(SendMessageRequest.of(missing, "hi")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Message ID is required");
  }

  @Test
  void malformedRequestsGetOnyxValidationShapes() {
    assertThatThrownBy(() -> client.session("not-a-uuid").send("hi"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(422);
          assertThat(e.rawBody()).startsWith("{\"status_code\":422,\"message\":").endsWith("\"data\":null}");
          assertThat(e.getMessage()).contains("valid UUID");
        });
    String id = client.createSession().id();
    assertThatThrownBy(() -> onyx.sendChatMessage(SendMessageRequest.builder().chatSessionId(id).message("x")
        .llmOverrides(List.of(Map.of("model_version", "a"), Map.of("model_version", "b"))).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errorCode()).contains("INVALID_INPUT"));
  }

  @Test
  void nonStreamingSendReturnsTheFullResponse() {
    String id = onyx.createChatSession(CreateChatSessionRequest.builder().description("t").build()).chatSessionId();
    ChatFullResponse full = onyx.sendChatMessage(SendMessageRequest.of(id, "plain"));
    assertThat(full.answer()).isEqualTo("Echo: plain");
    assertThat(full.chatSessionId()).isEqualTo(id);
    assertThat(full.citationInfo()).hasSize(1);
    assertThat(onyx.getChatSession(id).message(full.messageId()).message()).isEqualTo("Echo: plain");
  }

  @Test
  void sendWithoutSessionCreatesOneAndReportsItFirst() {
    List<OnyxStreamItem> items = new ArrayList<>();
    String id;
    try (OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.builder().message("new chat").build())) {
      for (OnyxStreamItem item; (item = stream.next()) != null; ) items.add(item);
      id = stream.chatSessionId();
    }
    assertThat(items.get(0)).isInstanceOf(OnyxStreamItem.SessionCreated.class);
    assertThat(items.get(1)).isInstanceOf(OnyxStreamItem.MessageIds.class);
    assertThat(id).isNotNull();
    assertThat(client.getSession(id).messages()).extracting(Message::text)
        .containsExactly("new chat", "Echo: new chat");
  }

  @Test
  void listingPagesByTimeUpdatedWithPlusOffsets() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) created.add(client.createSession().id());
    ChatSessionPage first = onyx.listChatSessions(ListChatSessionsRequest.builder().pageSize(2).build());
    assertThat(first.hasMore()).isTrue();
    assertThat(first.sessions()).extracting(ChatSessionListItem::id).containsExactly(created.get(2), created.get(1));
    assertThat(first.nextBefore()).endsWith("+00:00");
    List<String> all = new ArrayList<>();
    client.listSessions(PageRequest.of(2, null)).autoPaging().forEach(s -> all.add(s.id()));
    assertThat(all).containsExactly(created.get(2), created.get(1), created.get(0));
    assertThat(emulator.requests().stream().filter(r -> r.path().endsWith("get-user-chat-sessions"))
        .filter(r -> r.query() != null && r.query().contains("before=")).findFirst().orElseThrow().query())
        .contains("%2B00");
  }

  @Test
  void renameFeedbackAndDelete() {
    ChatSession session = client.createSession();
    ChatReply reply = session.send("rate me");
    assertThat(onyx.renameChatSession(session.id(), "Renamed")).isEqualTo("Renamed");
    int answer = Integer.parseInt(reply.message().id());
    onyx.createMessageFeedback(answer, false, null, null);
    assertThat(onyx.getChatSession(session.id()).message(answer).currentFeedback()).isEqualTo("dislike");
    assertThat(client.getSession(session.id()).summary().title()).contains("Renamed");
    assertThatThrownBy(() -> onyx.createMessageFeedback(Integer.parseInt(reply.userMessageId().orElseThrow()),
        true, null, null)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Can only provide feedback on LLM Outputs");
    onyx.removeMessageFeedback(answer);
    assertThat(onyx.getChatSession(session.id()).message(answer).currentFeedback()).isNull();

    client.deleteSession(session.id());
    assertThatThrownBy(() -> client.getSession(session.id())).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Chat session has been deleted");
    assertThat(onyx.getChatSession(session.id(), false, true).deleted()).isTrue();
    List<String> listed = new ArrayList<>();
    for (SessionSummary s : client.listSessions().autoPaging()) listed.add(s.id());
    assertThat(listed).doesNotContain(session.id());
  }

  @Test
  void badKeyIsA403ThatMapsToAuthentication() {
    try (ChatClient bad = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(emulator.baseUrl())
        .apiKey("on_wrong").build())) {
      assertThatThrownBy(bad::createSession).isInstanceOfSatisfying(AuthenticationException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.rawBody()).isEqualTo("{\"detail\":\"Access denied. User is not authenticated.\"}");
      });
    }
  }

  @Test
  void cancelStopsGenerationOnTheServer() {
    ChatSession session = client.createSession();
    emulator.inject(Fault.stallStream(3, java.time.Duration.ofSeconds(2)).on("POST", "/api/chat/send-chat-message"));
    ChatReply partial;
    try (ChatStream stream = session.stream("one two three four five")) {
      Iterator<ChatEvent> events = stream.iterator();
      assertThat(events.next()).isInstanceOf(ChatEvent.MessageStarted.class);
      assertThat(events.next()).isEqualTo(new ChatEvent.TextDelta("Echo:"));
      stream.cancel();
      assertThat(events.hasNext()).isFalse();
      partial = stream.reply();
    }
    assertThat(partial.text()).isEqualTo("Echo:");
    assertThat(partial.finishReason()).contains("user_cancelled");
    client.close(); // waits for the background stop call
    assertThat(emulator.requestCount("POST", "/api/chat/stop-chat-session/" + session.id())).isEqualTo(1);
  }

  @Test
  void truncatedStreamIsRecoveredFromTheAnswerTheServerSaved() {
    ChatSession session = client.createSession();
    emulator.inject(Fault.truncateStream(3).on("POST", "/api/chat/send-chat-message"));
    assertThat(session.send("cut me off").text()).isEqualTo("Echo: cut me off");
    assertThat(session.history()).extracting(Message::text).containsExactly("cut me off", "Echo: cut me off");
    assertThat(emulator.requestCount("POST", "/api/chat/send-chat-message")).isEqualTo(1);
  }

  @Test
  void errorBodiesUseOnyxShapes() {
    assertThat(emulator.errorBody(422, "bad")).isEqualTo("{\"status_code\":422,\"message\":\"bad\",\"data\":null}");
    assertThat(emulator.errorBody(404, "gone")).isEqualTo("{\"detail\":\"gone\"}");
    assertThat(emulator.errorBody(503, "busy"))
        .isEqualTo("{\"error_code\":\"SERVICE_UNAVAILABLE\",\"detail\":\"busy\"}");
    assertThat(emulator.errorBody(429, "slow")).startsWith("{\"error_code\":\"RATE_LIMITED\",\"detail\":\"slow\","
        + "\"scope\":\"user\",\"reset_at\":");
  }
}
