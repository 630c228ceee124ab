package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.Citation;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The typed client and the neutral mapping against MockWebServer responses shaped like Onyx's documented ones. */
class OnyxWireTest {
  static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  static final String SESSION = "9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6";

  /**
   * A session with an edited first question: root 1 → user 2 → assistant 3 (old branch), and root 1 → user 4 →
   * assistant 5 (current). Ordered by parent id, nulls first, as Onyx sends it.
   */
  static final String SESSION_DETAIL = """
      {"chat_session_id":"9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6","description":"Deployment questions",\
      "persona_id":0,"persona_name":"Assistant","personal_icon_name":null,"messages":[\
      {"chat_session_id":"9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6","message_id":1,"parent_message":null,\
      "latest_child_message":4,"message":"","reasoning_tokens":null,"message_type":"system","context_docs":null,\
      "citations":null,"time_sent":"2026-08-20T10:00:00.000001Z","files":[],"error":null,"current_feedback":null},\
      {"chat_session_id":"9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6","message_id":2,"parent_message":1,\
      "latest_child_message":3,"message":"How do I deploy Onxy?","reasoning_tokens":null,"message_type":"user",\
      "context_docs":null,"citations":null,"time_sent":"2026-08-20T10:00:01Z","files":[],"error":null,\
      "current_feedback":null},\
      {"chat_session_id":"9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6","message_id":4,"parent_message":1,\
      "latest_child_message":5,"message":"How do I deploy Onyx?","reasoning_tokens":null,"message_type":"user",\
      "context_docs":null,"citations":null,"time_sent":"2026-08-20T10:05:00Z",\
      "files":[{"id":"f-1","type":"document","name":"notes.pdf"}],"error":null,"current_feedback":null},\
      {"chat_session_id":"9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6","message_id":3,"parent_message":2,\
      "latest_child_message":null,"message":"Did you mean Onyx?","reasoning_tokens":null,\
      "message_type":"assistant","context_docs":[],"citations":{},"time_sent":"2026-08-20T10:00:03Z","files":[],\
      "error":null,"current_feedback":null},\
      {"chat_session_id":"9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6","message_id":5,"parent_message":4,\
      "latest_child_message":null,"message":"Use Docker Compose [1] or Helm [2].","reasoning_tokens":"Think.",\
      "message_type":"assistant","context_docs":[{"document_id":"doc-compose","chunk_ind":0,\
      "semantic_identifier":"Docker Compose guide","link":"https://docs.onyx.app/compose","blurb":"...",\
      "source_type":"web","boost":0,"hidden":false,"metadata":{},"score":0.9,"is_relevant":null,\
      "relevance_explanation":null,"match_highlights":[],"updated_at":null,"primary_owners":null,\
      "secondary_owners":null,"is_internet":false,"db_doc_id":17}],\
      "citations":{"2":"doc-helm","1":"doc-compose"},"time_sent":"2026-08-20T10:05:04.5Z","files":[],\
      "error":null,"current_feedback":"like","processing_duration_seconds":3.2,"preferred_response_id":null,\
      "model_display_name":"GPT-4o","request_params":{"temperature":0.5}}],\
      "time_created":"2026-08-20T10:00:00Z","shared_status":"private","current_alternate_model":null,\
      "current_temperature_override":null,"current_reasoning_effort_override":"low","deleted":false,\
      "owner_name":null,"incognito":false,"packets":[[{"placement":{"turn_index":0,"tab_index":0,\
      "sub_turn_index":null,"model_index":0},"obj":{"type":"message_delta","content":"Did you mean Onyx?"}},\
      {"placement":{"turn_index":0,"tab_index":0,"sub_turn_index":null,"model_index":0},\
      "obj":{"type":"stop","stop_reason":null}}],[{"placement":{"turn_index":0,"tab_index":0,\
      "sub_turn_index":null,"model_index":0},"obj":{"type":"citation_info","citation_number":1,\
      "document_id":"doc-compose"}},{"placement":{"turn_index":0,"tab_index":0,"sub_turn_index":null,\
      "model_index":0},"obj":{"type":"stop","stop_reason":null}}]],"current_run":null}""";

  MockWebServer server;
  ChatClient client;
  OnyxClient onyx;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api").toString())
        .apiKey("on_test_key").maxRetries(0).option("persona-id", "7").build());
    onyx = client.unwrap(OnyxClient.class);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  Map<String, Object> body(RecordedRequest r) throws Exception {
    return Json.MAPPER.readValue(r.getBody().readUtf8(), MAP);
  }

  @Test
  void createSessionSendsPersonaTitleAndProject() throws Exception {
    server.enqueue(json("{\"chat_session_id\":\"" + SESSION + "\",\"incognito\":false}"));
    server.enqueue(json("{\"chat_session_id\":\"" + SESSION + "\",\"incognito\":false}"));
    assertThat(client.createSession(SessionOptions.builder().title("Support").build()).id()).isEqualTo(SESSION);
    RecordedRequest first = server.takeRequest();
    assertThat(first.getMethod()).isEqualTo("POST");
    assertThat(first.getPath()).isEqualTo("/api/chat/create-chat-session");
    assertThat(first.getHeader("Authorization")).isEqualTo("Bearer on_test_key");
    assertThat(body(first)).isEqualTo(Map.of("persona_id", 7, "description", "Support"));

    client.createSession(SessionOptions.builder().extra("persona-id", "3").extra("project-id", "12").build());
    assertThat(body(server.takeRequest())).isEqualTo(Map.of("persona_id", 3, "project_id", 12));
  }

  @Test
  void nonIntegerPersonaExtraIsRefusedLocally() {
    assertThatThrownBy(() -> client.createSession(SessionOptions.builder().extra("persona-id", "sales").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("persona-id");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void sessionDetailKeepsTheTreeAndHistoryFollowsTheMainline() throws Exception {
    server.enqueue(json(SESSION_DETAIL));
    ChatSessionDetail detail = onyx.getChatSession(SESSION, true, true);
    assertThat(server.takeRequest().getPath())
        .isEqualTo("/api/chat/get-chat-session/" + SESSION + "?is_shared=true&include_deleted=true");
    assertThat(detail.messages()).extracting(ChatMessageDetail::messageId).containsExactly(1, 2, 4, 3, 5);
    assertThat(detail.mainline()).extracting(ChatMessageDetail::messageId).containsExactly(1, 4, 5);
    assertThat(detail.root().messageType()).isEqualTo("system");
    assertThat(detail.packets()).hasSize(2);
    assertThat(detail.packets().get(1).get(0).type()).isEqualTo(PacketTypes.CITATION_INFO);
    assertThat(detail.packets().get(1).get(0).citationNumber()).isEqualTo(1);
    assertThat(detail.additionalProperties()).containsEntry("current_reasoning_effort_override", "low");
    ChatMessageDetail answer = detail.message(5);
    assertThat(answer.citations()).containsEntry("1", "doc-compose").containsEntry("2", "doc-helm");
    assertThat(answer.additionalProperties()).containsEntry("model_display_name", "GPT-4o");

    server.enqueue(json(SESSION_DETAIL));
    SessionDetails neutral = client.getSession(SESSION);
    assertThat(neutral.summary().title()).contains("Deployment questions");
    assertThat(neutral.summary().createdAt()).contains(Instant.parse("2026-08-20T10:00:00Z"));
    List<Message> history = neutral.messages();
    assertThat(history).extracting(Message::id).containsExactly("4", "5");
    Message question = history.get(0);
    assertThat(question.role()).isEqualTo(Role.USER);
    assertThat(question.text()).isEqualTo("How do I deploy Onyx?");
    assertThat(question.parentId()).contains("1");
    assertThat(question.sessionId()).isEqualTo(SESSION);
    assertThat(question.vendorData().get("files")).isEqualTo(List.of(Map.of("id", "f-1", "type", "document",
        "name", "notes.pdf")));
    Message reply = history.get(1);
    assertThat(reply.role()).isEqualTo(Role.ASSISTANT);
    assertThat(reply.parentId()).contains("4");
    assertThat(reply.createdAt()).contains(Instant.parse("2026-08-20T10:05:04.5Z"));
    assertThat(reply.citations()).containsExactly(
        Citation.builder().number(1).documentId("doc-compose").title("Docker Compose guide")
            .url("https://docs.onyx.app/compose").build(),
        Citation.builder().number(2).documentId("doc-helm").build());
    assertThat(reply.vendorData()).containsEntry("current_feedback", "like").containsEntry("error", null)
        .containsEntry("message_type", "assistant").containsEntry("reasoning_tokens", "Think.")
        .containsEntry("request_params", Map.of("temperature", 0.5))
        .containsKey("context_docs");
  }

  @Test
  void messageTypesMapToRolesAndUnknownOnesAreKept() {
    assertThat(OnyxMapping.role("system")).isEqualTo(Role.SYSTEM);
    assertThat(OnyxMapping.role("user")).isEqualTo(Role.USER);
    assertThat(OnyxMapping.role("assistant")).isEqualTo(Role.ASSISTANT);
    assertThat(OnyxMapping.role("tool_call")).isEqualTo(Role.TOOL);
    assertThat(OnyxMapping.role("tool_call_response")).isEqualTo(Role.TOOL);
    Role reminder = OnyxMapping.role("user_reminder");
    assertThat(reminder.value()).isEqualTo("user_reminder");
    assertThat(reminder.isKnown()).isFalse();
  }

  @Test
  void listPagesWithAnEncodedBeforeCursor() throws Exception {
    server.enqueue(json("""
        {"sessions":[{"id":"a1b2c3d4-0000-4000-8000-000000000001","name":"Second","persona_id":0,\
        "time_created":"2026-08-20T10:15:30.123456+00:00","time_updated":"2026-08-20T11:15:30.654321+00:00",\
        "shared_status":"private","current_alternate_model":null,"current_temperature_override":null,\
        "current_reasoning_effort_override":null}],"has_more":true}"""));
    server.enqueue(json("""
        {"sessions":[{"id":"a1b2c3d4-0000-4000-8000-000000000002","name":null,"persona_id":0,\
        "time_created":"2026-08-19T09:00:00+00:00","time_updated":"2026-08-19T09:00:00+00:00",\
        "shared_status":"public","current_alternate_model":"gpt-4o","current_temperature_override":null,\
        "current_reasoning_effort_override":null}],"has_more":false}"""));
    Page<SessionSummary> first = client.listSessions(PageRequest.of(1, null));
    assertThat(first.next()).isPresent();
    List<SessionSummary> all = new ArrayList<>();
    first.autoPaging().forEach(all::add);
    assertThat(all).extracting(SessionSummary::id).containsExactly(
        "a1b2c3d4-0000-4000-8000-000000000001", "a1b2c3d4-0000-4000-8000-000000000002");
    assertThat(all.get(0).title()).contains("Second");
    assertThat(all.get(0).updatedAt()).contains(Instant.parse("2026-08-20T11:15:30.654321Z"));
    assertThat(all.get(1).title()).isEmpty();
    assertThat(all.get(1).vendorData()).containsEntry("current_alternate_model", "gpt-4o")
        .containsEntry("shared_status", "public");

    assertThat(server.takeRequest().getPath()).isEqualTo("/api/chat/get-user-chat-sessions?page_size=1");
    // from just after the last session's time (1 µs later), one more than the limit to find it again
    String second = server.takeRequest().getRequestUrl().encodedQuery();
    assertThat(second).isEqualTo("page_size=2&before=2026-08-20T11%3A15%3A30.654322%2B00%3A00");
  }

  @Test
  void listNeitherSkipsNorRepeatsSessionsSharingTheLastTime() throws Exception {
    // Onyx pages by time_updated < before: with the last time as before, "c" (same time as "b") would be skipped
    String t2 = "2026-08-20T11:15:30.500000+00:00";
    server.enqueue(json(sessions(true, item("a", "2026-08-20T11:15:31+00:00"), item("b", t2))));
    server.enqueue(json(sessions(true, item("b", t2), item("c", t2), item("d", "2026-08-20T11:00:00+00:00"))));
    Page<SessionSummary> first = client.listSessions(PageRequest.of(2, null));
    Page<SessionSummary> second = first.nextPage();
    assertThat(first.items()).extracting(SessionSummary::id).containsExactly("a", "b");
    assertThat(second.items()).extracting(SessionSummary::id).containsExactly("c", "d");
    assertThat(second.next()).isPresent();
    server.takeRequest();
    assertThat(server.takeRequest().getRequestUrl().encodedQuery())
        .isEqualTo("page_size=3&before=2026-08-20T11%3A15%3A30.500001%2B00%3A00");
  }

  @Test
  void listNeverReturnsMoreThanTheLimitAndRefusesForeignCursors() throws Exception {
    server.enqueue(json(sessions(false, item("a", "2026-08-20T11:15:31+00:00"),
        item("b", "2026-08-20T11:15:30+00:00"), item("c", "2026-08-20T11:15:29+00:00"))));
    Page<SessionSummary> page = client.listSessions(PageRequest.of(2, null));
    assertThat(page.items()).extracting(SessionSummary::id).containsExactly("a", "b");
    assertThat(page.next()).as("the server sent more than asked: the rest is the next page").isPresent();
    int before = server.getRequestCount();
    for (String bad : List.of("2026-08-20T11:15:30+00:00", "cb1.!!", "", "cb1.e30")) {
      assertThatThrownBy(() -> client.listSessions(PageRequest.of(2, bad)))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("page cursor");
    }
    assertThat(server.getRequestCount()).as("refused before sending").isEqualTo(before);
  }

  private static String item(String id, String timeUpdated) {
    return "{\"id\":\"" + id + "\",\"name\":null,\"persona_id\":0,"
        + "\"time_created\":\"2026-08-19T09:00:00+00:00\",\"time_updated\":\"" + timeUpdated + "\","
        + "\"shared_status\":\"private\"}";
  }

  private static String sessions(boolean hasMore, String... items) {
    return "{\"sessions\":[" + String.join(",", items) + "],\"has_more\":" + hasMore + "}";
  }

  @Test
  void typedListAutoPagesWithTheSameQuery() throws Exception {
    server.enqueue(json("{\"sessions\":[{\"id\":\"s1\",\"name\":\"x\",\"persona_id\":0,\"time_created\":"
        + "\"2026-08-20T10:15:30+00:00\",\"time_updated\":\"2026-08-20T10:15:30+00:00\",\"shared_status\":"
        + "\"private\"}],\"has_more\":true}"));
    server.enqueue(json("{\"sessions\":[],\"has_more\":false}"));
    List<String> ids = new ArrayList<>();
    onyx.listAllChatSessions(ListChatSessionsRequest.builder().pageSize(1).projectId(4).build())
        .forEach(s -> ids.add(s.id()));
    assertThat(ids).containsExactly("s1");
    assertThat(server.takeRequest().getPath())
        .isEqualTo("/api/chat/get-user-chat-sessions?project_id=4&page_size=1");
    assertThat(server.takeRequest().getPath()).isEqualTo(
        "/api/chat/get-user-chat-sessions?project_id=4&page_size=1&before=2026-08-20T10%3A15%3A30%2B00%3A00");
  }

  @Test
  void sessionRoutesSendTheDocumentedShapes() throws Exception {
    server.enqueue(json("{\"new_name\":\"Renamed\"}"));
    server.enqueue(json("null"));
    server.enqueue(json("null"));
    server.enqueue(json("{\"message\":\"Chat session stopped\"}"));
    server.enqueue(json("null"));
    server.enqueue(json("null"));
    server.enqueue(json("null"));
    server.enqueue(json("null"));

    assertThat(onyx.renameChatSession(SESSION, "Renamed")).isEqualTo("Renamed");
    RecordedRequest rename = server.takeRequest();
    assertThat(rename.getMethod()).isEqualTo("PUT");
    assertThat(rename.getPath()).isEqualTo("/api/chat/rename-chat-session");
    assertThat(body(rename)).isEqualTo(Map.of("chat_session_id", SESSION, "name", "Renamed"));

    client.deleteSession(SESSION);
    RecordedRequest delete = server.takeRequest();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getPath()).isEqualTo("/api/chat/delete-chat-session/" + SESSION);

    onyx.deleteChatSession(SESSION, true);
    assertThat(server.takeRequest().getPath()).isEqualTo("/api/chat/delete-chat-session/" + SESSION
        + "?hard_delete=true");

    assertThat(onyx.stopChatSession(SESSION)).isEqualTo("Chat session stopped");
    RecordedRequest stop = server.takeRequest();
    assertThat(stop.getMethod()).isEqualTo("POST");
    assertThat(stop.getPath()).isEqualTo("/api/chat/stop-chat-session/" + SESSION);

    onyx.createMessageFeedback(5, true, null, null);
    RecordedRequest feedback = server.takeRequest();
    assertThat(feedback.getPath()).isEqualTo("/api/chat/create-chat-message-feedback");
    assertThat(body(feedback)).isEqualTo(Map.of("chat_message_id", 5, "is_positive", true));

    onyx.removeMessageFeedback(5);
    RecordedRequest remove = server.takeRequest();
    assertThat(remove.getMethod()).isEqualTo("DELETE");
    assertThat(remove.getPath()).isEqualTo("/api/chat/remove-chat-message-feedback?chat_message_id=5");

    onyx.setMessageAsLatest(3);
    RecordedRequest latest = server.takeRequest();
    assertThat(latest.getMethod()).isEqualTo("PUT");
    assertThat(latest.getPath()).isEqualTo("/api/chat/set-message-as-latest");
    assertThat(body(latest)).isEqualTo(Map.of("message_id", 3));

    onyx.deleteAllChatSessions();
    assertThat(server.takeRequest().getPath()).isEqualTo("/api/chat/delete-all-chat-sessions");
  }

  @Test
  void searchShareIncognitoPreferredResponseAndFileRoutes() throws Exception {
    server.enqueue(json("""
        {"groups":[{"title":"Today","chats":[{"id":"s1","name":"Deploy","persona_id":0,\
        "time_created":"2026-08-20T10:15:30.123456+00:00","shared_status":"private"}]},\
        {"title":"Older","chats":[{"id":"s2","name":null,"persona_id":null,\
        "time_created":"2026-01-02T08:00:00+00:00","shared_status":"public"}]}],"has_more":true,"next_page":2}"""));
    server.enqueue(json("null"));
    server.enqueue(json("null"));
    server.enqueue(json("null"));
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/pdf").setBody("%PDF-1.7 bytes"));

    ChatSearchPage found = onyx.searchChatSessions("deploy onyx", 1, 10);
    assertThat(found.groups()).extracting(ChatSearchPage.Group::title).containsExactly("Today", "Older");
    assertThat(found.chats()).extracting(ChatSessionListItem::id).containsExactly("s1", "s2");
    assertThat(found.hasMore()).isTrue();
    assertThat(found.nextPage()).isEqualTo(2);
    assertThat(server.takeRequest().getPath()).isEqualTo("/api/chat/search?query=deploy%20onyx&page=1&page_size=10");

    onyx.setChatSessionSharing(SESSION, "public");
    RecordedRequest share = server.takeRequest();
    assertThat(share.getMethod()).isEqualTo("PATCH");
    assertThat(share.getPath()).isEqualTo("/api/chat/chat-session/" + SESSION);
    assertThat(body(share)).isEqualTo(Map.of("sharing_status", "public"));

    onyx.endIncognitoSession(SESSION);
    RecordedRequest end = server.takeRequest();
    assertThat(end.getMethod()).isEqualTo("POST");
    assertThat(end.getPath()).isEqualTo("/api/chat/end-incognito-session/" + SESSION);

    onyx.setPreferredResponse(201, 203);
    RecordedRequest preferred = server.takeRequest();
    assertThat(preferred.getMethod()).isEqualTo("PUT");
    assertThat(preferred.getPath()).isEqualTo("/api/chat/set-preferred-response");
    assertThat(body(preferred)).isEqualTo(Map.of("user_message_id", 201, "preferred_response_id", 203));

    assertThat(new String(onyx.downloadChatFile("file-9", false), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("%PDF-1.7 bytes");
    assertThat(server.takeRequest().getPath()).isEqualTo("/api/chat/file/file-9?parsed=false");
  }

  @Test
  void resumeStreamReplaysTheRunAsTypedLines() throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(
        "{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
            + OnyxStreamTest.packet(0, "{\"type\": \"message_delta\", \"content\": \"Hi\"}")));
    List<String> raw = new ArrayList<>();
    try (OnyxStream stream = onyx.resumeStream(SESSION)) {
      for (OnyxStreamItem item : stream) raw.add(item.getClass().getSimpleName());
    }
    assertThat(raw).containsExactly("MessageIds", "Packet");
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getPath()).isEqualTo("/api/chat/chat-session/" + SESSION + "/resume-stream?cursor=0");
  }

  @Test
  void nonStreamingSendParsesChatFullResponse() throws Exception {
    server.enqueue(json("""
        {"answer":"Use Docker Compose [1].","answer_citationless":"Use Docker Compose.",\
        "pre_answer_reasoning":null,"tool_calls":[{"tool_name":"run_search","tool_arguments":{"query":"deploy"},\
        "tool_result":"3 documents","search_docs":null,"generated_images":null,"pre_reasoning":null}],\
        "top_documents":[],"citation_info":[{"type":"citation_info","citation_number":1,\
        "document_id":"doc-compose"}],"message_id":102,"chat_session_id":"9f1c2e7a-3b4d-4c5e-8f60-718293a4b5c6",\
        "incognito":false,"error_msg":null,"run_id":9}"""));
    ChatFullResponse full = onyx.sendChatMessage(SendMessageRequest.builder().chatSessionId(SESSION)
        .message("How?").parentMessageId(101).includeCitations(true).build());
    assertThat(full.answer()).isEqualTo("Use Docker Compose [1].");
    assertThat(full.messageId()).isEqualTo(102);
    assertThat(full.chatSessionId()).isEqualTo(SESSION);
    assertThat(full.citationInfo()).hasSize(1);
    assertThat(full.toolCalls()).hasSize(1);
    assertThat(full.errorMsg()).isNull();
    assertThat(full.additionalProperties()).containsEntry("run_id", 9L);
    assertThat(body(server.takeRequest())).containsEntry("stream", false).containsEntry("parent_message_id", 101)
        .containsEntry("include_citations", true);
  }

  @Test
  void restartFromRootSendsAnExplicitNullParent() throws Exception {
    server.enqueue(json("{\"answer\":\"\",\"message_id\":3,\"chat_session_id\":\"" + SESSION + "\"}"));
    onyx.sendChatMessage(SendMessageRequest.builder().chatSessionId(SESSION).message("again").restartFromRoot()
        .build());
    Map<String, Object> body = body(server.takeRequest());
    assertThat(body).containsKey("parent_message_id");
    assertThat(body.get("parent_message_id")).isNull();
  }

  @Test
  void typedStreamReportsTheSessionItCreated() throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(
        "{\"chat_session_id\": \"" + SESSION + "\", \"incognito\": false}\n"
            + "{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
            + OnyxStreamTest.packet(0, "{\"type\": \"message_delta\", \"content\": \"Hi\"}")
            + OnyxStreamTest.packet(0, "{\"type\": \"stop\", \"stop_reason\": null}")));
    List<OnyxStreamItem> items = new ArrayList<>();
    try (OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.builder().message("Hello")
        .chatSessionInfo(CreateChatSessionRequest.builder().personaId(2).description("New").build()).build())) {
      assertThat(stream.chatSessionId()).isNull();
      for (OnyxStreamItem item; (item = stream.next()) != null; ) items.add(item);
      assertThat(stream.chatSessionId()).isEqualTo(SESSION);
    }
    assertThat(items).hasSize(4);
    assertThat(((OnyxStreamItem.SessionCreated) items.get(0)).chatSessionId()).isEqualTo(SESSION);
    OnyxStreamItem.MessageIds ids = (OnyxStreamItem.MessageIds) items.get(1);
    assertThat(ids.userMessageId()).isEqualTo(101);
    assertThat(ids.reservedAssistantMessageId()).isEqualTo(102);
    Packet delta = (Packet) items.get(2);
    assertThat(delta.content()).isEqualTo("Hi");
    assertThat(delta.placement().turnIndex()).isZero();
    assertThat(delta.modelIndex()).isZero();
    assertThat(((Packet) items.get(3)).type()).isEqualTo(PacketTypes.STOP);
    assertThat(body(server.takeRequest())).containsEntry("chat_session_info",
        Map.of("persona_id", 2, "description", "New")).doesNotContainKey("chat_session_id");
  }

  @Test
  void endSessionIsUnsupportedWithAReason() {
    assertThatThrownBy(() -> client.session(SESSION).end())
        .isInstanceOfSatisfying(UnsupportedCapabilityException.class,
            e -> assertThat(e.getMessage()).contains("no notion of closing"));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void fromEnvReadsSystemPropertiesFirst() throws Exception {
    server.enqueue(json("{\"chat_session_id\":\"" + SESSION + "\"}"));
    System.setProperty("chatbridge.api-key", "on_from_property");
    System.setProperty("chatbridge.base-url", server.url("/api").toString());
    try (OnyxClient fromEnv = OnyxClient.fromEnv()) {
      fromEnv.createChatSession(CreateChatSessionRequest.builder().personaId(1).build());
    } finally {
      System.clearProperty("chatbridge.api-key");
      System.clearProperty("chatbridge.base-url");
    }
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer on_from_property");
  }

  @Test
  void builderUsesCloudByDefaultAndCanUseTheOnyxHeader() throws Exception {
    try (OnyxClient cloud = OnyxClient.builder().apiKey("on_x").build()) {
      assertThat(cloud.toString()).contains("https://cloud.onyx.app/api");
    }
    server.enqueue(json("{\"chat_session_id\":\"" + SESSION + "\"}"));
    try (OnyxClient proxied = OnyxClient.builder().apiKey("on_x").baseUrl(server.url("/api").toString())
        .useOnyxAuthorizationHeader(true).build()) {
      proxied.createChatSession(CreateChatSessionRequest.builder().build());
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeader("X-Onyx-Authorization")).isEqualTo("Bearer on_x");
    assertThat(r.getHeader("Authorization")).isNull();
    assertThat(r.getBody().readUtf8()).isEqualTo("{}");
  }

  @Test
  void blankOrNullSessionIdsAreRefusedBeforeSending() {
    for (String bad : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> onyx.getChatSession(bad)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("chat session id must not be blank");
      assertThatThrownBy(() -> onyx.deleteChatSession(bad)).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> onyx.stopChatSession(bad)).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> onyx.renameChatSession(bad, "x")).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> onyx.downloadChatFile(bad, false)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("file id must not be blank");
      assertThatThrownBy(() -> client.getSession(bad)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("session id must not be blank");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void toStringNamesTheServerNeverTheKey() {
    assertThat(onyx.toString()).contains("onyx").contains(server.url("/api").toString()).doesNotContain("on_test_key");
    assertThat(client.toString()).doesNotContain("on_test_key");
  }
}
