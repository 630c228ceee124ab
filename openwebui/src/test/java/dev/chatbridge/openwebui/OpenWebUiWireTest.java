package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Citation;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests and responses shaped exactly like Open WebUI's own, on MockWebServer. */
class OpenWebUiWireTest {
  static final String CHAT_ID = "770g0622-g4bd-63f6-c938-668877662222";
  static final String CHAT_PATH = "/api/v1/chats/" + CHAT_ID;
  static final String MODEL = "llama3.2:latest";

  /** A ChatResponse whose history has a regenerated reply: msg-1 → {msg-2, msg-3}, current branch ends at msg-3. */
  static final String BRANCHED_CHAT = "{"
      + "\"id\":\"" + CHAT_ID + "\",\"user_id\":\"user-123\",\"title\":\"Refund question\","
      + "\"chat\":{\"title\":\"Refund question\",\"models\":[\"llama3.2:latest\"],\"params\":{},\"files\":[],"
      + "\"tags\":[],\"timestamp\":1709337600123,"
      + "\"history\":{\"messages\":{"
      + "\"msg-1\":{\"id\":\"msg-1\",\"parentId\":null,\"childrenIds\":[\"msg-2\",\"msg-3\"],\"role\":\"user\","
      + "\"content\":\"Hello!\",\"timestamp\":1709164800,\"models\":[\"llama3.2:latest\"]},"
      + "\"msg-2\":{\"id\":\"msg-2\",\"parentId\":\"msg-1\",\"childrenIds\":[],\"role\":\"assistant\","
      + "\"content\":\"Hi (first try)\",\"model\":\"llama3.2:latest\",\"modelName\":\"llama3.2:latest\","
      + "\"modelIdx\":0,\"timestamp\":1709164805,\"done\":true},"
      + "\"msg-3\":{\"id\":\"msg-3\",\"parentId\":\"msg-1\",\"childrenIds\":[],\"role\":\"assistant\","
      + "\"content\":\"\",\"output\":[{\"type\":\"reasoning\",\"summary\":[]},{\"type\":\"message\",\"content\":"
      + "[{\"type\":\"output_text\",\"text\":\"Hello! How can I help?\"}]}],\"model\":\"llama3.2:latest\","
      + "\"modelIdx\":0,\"timestamp\":1709164810,\"done\":true,"
      + "\"sources\":[{\"source\":{\"id\":\"doc-1\",\"name\":\"refunds.pdf\"},\"document\":[\"Refunds take 5 days.\"],"
      + "\"metadata\":[{\"source\":\"refunds.pdf\",\"name\":\"refunds.pdf\",\"file_id\":\"doc-1\"}]}]}"
      + "},\"currentId\":\"msg-3\"},"
      + "\"messages\":[]},"
      + "\"created_at\":1709337600,\"updated_at\":1709337700,\"share_id\":null,\"archived\":false,\"pinned\":false,"
      + "\"meta\":{\"tags\":[]},\"folder_id\":null,\"current_message_id\":\"msg-3\"}";

  static final String MODELS = "{\"data\":["
      + "{\"id\":\"llama3.2:latest\",\"name\":\"llama3.2:latest\",\"object\":\"model\",\"created\":1709164800,"
      + "\"owned_by\":\"ollama\",\"connection_type\":\"local\",\"ollama\":{\"name\":\"llama3.2:latest\"},"
      + "\"urlIdx\":0,\"tags\":[],\"actions\":[],\"filters\":[]},"
      + "{\"id\":\"gpt-4o\",\"name\":\"GPT-4o\",\"object\":\"model\",\"created\":1709164800,\"owned_by\":\"openai\","
      + "\"info\":{\"id\":\"gpt-4o\",\"base_model_id\":null,\"meta\":{\"description\":\"big\"}},\"tags\":[{\"name\":\"x\"}]}"
      + "]}";

  static final String SSE = ": keep-alive\n\n"
      + "data: {\"sources\":[{\"source\":{\"id\":\"doc-1\",\"name\":\"refunds.pdf\"},\"document\":[\"Refunds take 5 days.\"],"
      + "\"metadata\":[{\"source\":\"refunds.pdf\",\"name\":\"refunds.pdf\",\"file_id\":\"doc-1\"}]}]}\n\n"
      + "data:{\"selected_model_id\":\"llama3.2:latest\"}\n\n"
      + "\n"
      + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1709164900,\"model\":\"llama3.2:latest\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"User asks about refunds.\"},"
      + "\"finish_reason\":null}]}\n\n"
      + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1709164900,\"model\":\"llama3.2:latest\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Refunds take\"},\"finish_reason\":null}]}\r\n\r\n"
      + "data:{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1709164900,\"model\":\"llama3.2:latest\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" 5 days [1].\"},\"finish_reason\":null}]}\n\n"
      + ": ping\n"
      + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1709164900,\"model\":\"llama3.2:latest\","
      + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}\n\n"
      + "data: [DONE]\n\n";

  private MockWebServer server;
  private Routes routes;
  private ChatClient client;

  @BeforeEach
  void start() throws Exception {
    routes = new Routes().storeChatUpdates();
    server = new MockWebServer();
    server.setDispatcher(routes);
    server.start();
    client = client(MODEL);
  }

  private ChatClient client(String model) {
    ChatConfig.Builder b = ChatConfig.builder().vendor("openwebui").baseUrl(server.url("/").toString())
        .apiKey("sk-0123456789abcdef0123456789abcdef").maxRetries(0).option("write-settle", "1ms");
    if (model != null) b.option("model", model);
    return ChatClients.create(b.build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  private static JsonNode json(RecordedRequest r) throws Exception {
    return Json.parse(r.getBody().readUtf8());
  }

  @Test
  void historyIsTheCurrentBranchAndTheWholeTreeIsReachable() {
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    List<Message> history = client.session(CHAT_ID).history();
    assertThat(history).extracting(Message::id).containsExactly("msg-1", "msg-3");
    assertThat(history.get(0).role()).isEqualTo(Role.USER);
    assertThat(history.get(0).parentId()).isEmpty();
    assertThat(history.get(0).createdAt()).contains(Instant.ofEpochSecond(1709164800));
    Message reply = history.get(1);
    assertThat(reply.parentId()).contains("msg-1");
    assertThat(reply.text()).isEqualTo("Hello! How can I help?"); // content empty: read from output items
    assertThat(reply.citations()).extracting(Citation::documentId).containsExactly("doc-1");
    assertThat(reply.vendorData()).containsEntry("model", MODEL).containsEntry("done", true);

    ChatResponse typed = client.unwrap(OpenWebUiClient.class).getChat(CHAT_ID);
    assertThat(typed.history().messages()).containsOnlyKeys("msg-1", "msg-2", "msg-3");
    assertThat(typed.history().children("msg-1")).extracting(HistoryMessage::id).containsExactly("msg-2", "msg-3");
    assertThat(typed.history().currentId()).contains("msg-3");
    assertThat(typed.createdAt()).contains(Instant.ofEpochSecond(1709337600));
    assertThat(typed.updatedAt()).contains(Instant.ofEpochSecond(1709337700));
    assertThat(typed.chatTimestamp()).contains(Instant.ofEpochMilli(1709337600123L));
    assertThat(typed.currentMessageId()).contains("msg-3");
    assertThat(typed.chat()).containsKeys("title", "models", "params", "history", "messages");
    assertThat(typed.userId()).contains("user-123");
  }

  @Test
  void getSessionMapsSummaryFromChatResponse() {
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    SessionDetails details = client.getSession(CHAT_ID);
    SessionSummary s = details.summary();
    assertThat(s.id()).isEqualTo(CHAT_ID);
    assertThat(s.title()).contains("Refund question");
    assertThat(s.createdAt()).contains(Instant.ofEpochSecond(1709337600));
    assertThat(s.status()).contains("active");
    assertThat(details.messages()).hasSize(2);
  }

  @Test
  void createSendsTheSeedShapeToTheV1Path() throws Exception {
    String seedResponse = "{\"id\":\"770g0622-g4bd-63f6-c938-668877662222\",\"user_id\":\"user-123\","
        + "\"title\":\"New AI Conversation\",\"chat\":{\"title\":\"New AI Conversation\",\"history\":{\"messages\":"
        + "{\"msg-1\":{\"id\":\"msg-1\",\"role\":\"user\",\"content\":\"Hello!\",\"timestamp\":1709164800}},"
        + "\"currentId\":\"msg-1\"}},\"created_at\":1709337600,\"updated_at\":1709337600,\"share_id\":null,"
        + "\"archived\":false,\"pinned\":false,\"meta\":{},\"folder_id\":null}";
    routes.on("POST", "/api/v1/chats/new", Routes.json(200, seedResponse));
    var session = client.createSession(dev.chatbridge.SessionOptions.builder().title("New AI Conversation").build());
    assertThat(session.id()).isEqualTo("770g0622-g4bd-63f6-c938-668877662222"); // not a valid UUID: opaque
    assertThat(session.initialMessages()).extracting(Message::id).containsExactly("msg-1");
    RecordedRequest r = routes.requests("POST", "/api/v1/chats/new").get(0);
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer sk-0123456789abcdef0123456789abcdef");
    JsonNode body = json(r);
    assertThat(body.has("folder_id")).isTrue();
    assertThat(body.get("folder_id").isNull()).isTrue();
    JsonNode chat = body.get("chat");
    assertThat(chat.get("title").asText()).isEqualTo("New AI Conversation");
    assertThat(chat.get("models").get(0).asText()).isEqualTo(MODEL);
    assertThat(chat.get("timestamp").asLong()).isGreaterThan(100_000_000_000L); // milliseconds
    assertThat(chat.get("history").get("messages").isObject()).isTrue();
    assertThat(chat.get("history").has("currentId")).isTrue();
  }

  @Test
  void streamParsesOpenWebUiFramesAndWritesTheExchangeBackBeforeCompleting() throws Exception {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.sse(SSE));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));

    List<ChatEvent> events = new ArrayList<>();
    int writesAtCompleted = -1;
    ChatReply reply;
    try (ChatStream stream = client.session(CHAT_ID).stream("How long do refunds take?")) {
      for (ChatEvent e : stream) {
        events.add(e);
        if (e instanceof ChatEvent.Completed) writesAtCompleted = routes.requests("POST", CHAT_PATH).size();
      }
      reply = stream.reply();
    }
    assertThat(writesAtCompleted).as("the chat is written back before Completed").isEqualTo(1);
    assertThat(events.get(0)).isInstanceOf(ChatEvent.CitationAdded.class);
    Citation citation = ((ChatEvent.CitationAdded) events.get(0)).citation();
    assertThat(citation.documentId()).isEqualTo("doc-1");
    assertThat(citation.title()).contains("refunds.pdf");
    assertThat(citation.number()).contains(1);
    assertThat(events.get(1)).isInstanceOf(ChatEvent.Unknown.class);
    assertThat(((ChatEvent.Unknown) events.get(1)).type()).isEqualTo("selected_model_id");
    assertThat(events).filteredOn(e -> e instanceof ChatEvent.ReasoningDelta).hasSize(1);
    assertThat(events).filteredOn(e -> e instanceof ChatEvent.TextDelta)
        .extracting(e -> ((ChatEvent.TextDelta) e).text()).containsExactly("Refunds take", " 5 days [1].");
    assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Completed.class);
    assertThat(reply.text()).isEqualTo("Refunds take 5 days [1].");
    assertThat(reply.finishReason()).contains("stop");
    assertThat(reply.citations()).extracting(Citation::documentId).containsExactly("doc-1");
    assertThat(reply.message().vendorData()).containsKey("usage").containsEntry("reasoning", "User asks about refunds.");
    String userId = reply.userMessageId().orElseThrow();
    String assistantId = reply.message().id();
    assertThat(userId).matches("[0-9a-f-]{36}");
    assertThat(assistantId).matches("[0-9a-f-]{36}");
    ChatEvent.MessageStarted started = (ChatEvent.MessageStarted) events.stream()
        .filter(e -> e instanceof ChatEvent.MessageStarted).findFirst().orElseThrow();
    assertThat(started.messageId()).isEqualTo(assistantId);

    // the completion: unbound, streaming, the current branch plus the new message
    JsonNode completion = json(routes.requests("POST", "/api/chat/completions").get(0));
    assertThat(completion.get("model").asText()).isEqualTo(MODEL);
    assertThat(completion.get("stream").asBoolean()).isTrue();
    assertThat(completion.has("chat_id")).isFalse();
    assertThat(completion.has("id")).isFalse();
    assertThat(completion.has("session_id")).isFalse();
    assertThat(completion.get("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Hello!\"},"
        + "{\"role\":\"assistant\",\"content\":\"Hello! How can I help?\"},"
        + "{\"role\":\"user\",\"content\":\"How long do refunds take?\"}]");

    // the write-back: the complete chat with the exchange linked into the tree
    JsonNode chat = json(routes.requests("POST", CHAT_PATH).get(0)).get("chat");
    JsonNode messages = chat.get("history").get("messages");
    assertThat(messages.size()).isEqualTo(5);
    assertThat(messages.get("msg-2").get("content").asText()).isEqualTo("Hi (first try)"); // other branch kept
    assertThat(messages.get("msg-3").get("childrenIds").toString()).isEqualTo("[\"" + userId + "\"]");
    JsonNode user = messages.get(userId);
    assertThat(user.get("id").asText()).isEqualTo(userId);
    assertThat(user.get("parentId").asText()).isEqualTo("msg-3");
    assertThat(user.get("childrenIds").toString()).isEqualTo("[\"" + assistantId + "\"]");
    assertThat(user.get("role").asText()).isEqualTo("user");
    assertThat(user.get("content").asText()).isEqualTo("How long do refunds take?");
    assertThat(user.get("models").toString()).isEqualTo("[\"llama3.2:latest\"]");
    assertThat(user.get("timestamp").asLong()).isBetween(1_600_000_000L, 99_999_999_999L); // seconds
    JsonNode assistant = messages.get(assistantId);
    assertThat(assistant.get("parentId").asText()).isEqualTo(userId);
    assertThat(assistant.get("childrenIds").size()).isZero();
    assertThat(assistant.get("role").asText()).isEqualTo("assistant");
    assertThat(assistant.get("content").asText()).isEqualTo("Refunds take 5 days [1].");
    assertThat(assistant.get("model").asText()).isEqualTo(MODEL);
    assertThat(assistant.get("done").asBoolean()).isTrue();
    assertThat(assistant.get("usage").get("total_tokens").asInt()).isEqualTo(18);
    assertThat(assistant.get("sources").get(0).get("source").get("id").asText()).isEqualTo("doc-1");
    assertThat(assistant.has("error")).isFalse();
    assertThat(chat.get("history").get("currentId").asText()).isEqualTo(assistantId);
    List<String> flat = new ArrayList<>();
    chat.get("messages").forEach(m -> flat.add(m.get("id").asText()));
    assertThat(flat).containsExactly("msg-1", "msg-3", userId, assistantId);
    assertThat(chat.get("title").asText()).isEqualTo("Refund question");
    assertThat(chat.get("timestamp").asLong()).isEqualTo(1709337600123L);
  }

  @Test
  void blockingSendUsesTheNonStreamingCompletion() throws Exception {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.json(200, "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\","
        + "\"created\":1709164900,\"model\":\"llama3.2:latest\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"Five days.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
        + "\"completion_tokens\":2,\"total_tokens\":11},\"sources\":[{\"source\":{\"name\":\"https://example.com/r\","
        + "\"url\":\"https://example.com/r\"},\"document\":[\"…\"],\"metadata\":[{\"source\":\"https://example.com/r\"}]}]}"));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    ChatReply reply = client.session(CHAT_ID).send("How long?");
    assertThat(reply.text()).isEqualTo("Five days.");
    assertThat(reply.citations()).extracting(c -> c.url().orElse(null)).containsExactly("https://example.com/r");
    JsonNode completion = json(routes.requests("POST", "/api/chat/completions").get(0));
    assertThat(completion.get("stream").asBoolean()).isFalse();
    JsonNode chat = json(routes.requests("POST", CHAT_PATH).get(0)).get("chat");
    assertThat(chat.get("history").get("messages").get(reply.message().id()).get("content").asText())
        .isEqualTo("Five days.");
    assertThat(chat.get("history").get("currentId").asText()).isEqualTo(reply.message().id());
  }

  @Test
  void theChatSystemPromptIsSentFirst() throws Exception {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT.replace("\"params\":{}",
        "\"params\":{\"system\":\"Answer in one sentence.\"}")));
    routes.on("POST", "/api/chat/completions", Routes.sse(SSE));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    client.session(CHAT_ID).send("hi");
    JsonNode messages = json(routes.requests("POST", "/api/chat/completions").get(0)).get("messages");
    assertThat(messages.get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Answer in one sentence.\"}");
    assertThat(messages.size()).isEqualTo(4);
  }

  @Test
  void errorFrameIsAStreamExceptionAndThePartialReplyIsSavedWithTheError() throws Exception {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.sse(
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Partial\"},"
            + "\"finish_reason\":null}]}\n\n"
            + "data: {\"error\":{\"detail\":\"Ollama: model requires more system memory\"}}\n\n"));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    try (ChatStream stream = client.session(CHAT_ID).stream("hi")) {
      assertThatThrownBy(() -> stream.forEach(e -> { }))
          .isInstanceOf(StreamException.class)
          .hasMessageContaining("model requires more system memory");
    }
    JsonNode chat = json(routes.requests("POST", CHAT_PATH).get(0)).get("chat");
    JsonNode assistant = chat.get("history").get("messages").get(chat.get("history").get("currentId").asText());
    assertThat(assistant.get("content").asText()).isEqualTo("Partial");
    assertThat(assistant.get("error").get("content").asText()).contains("model requires more system memory");
  }

  @Test
  void anErrorFrameEchoingTheKeyNeverShowsIt() {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.sse(
        "data: {\"error\":{\"detail\":\"upstream refused key sk-0123456789abcdef0123456789abcdef\"}}\n\n"));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    try (ChatStream stream = client.session(CHAT_ID).stream("hi")) {
      assertThatThrownBy(() -> stream.forEach(e -> { }))
          .isInstanceOf(StreamException.class)
          .hasMessageContaining("upstream refused key")
          .hasMessageNotContaining("sk-0123456789abcdef0123456789abcdef");
    }
  }

  @Test
  void streamEndingWithoutDoneOrAFinishReasonIsTruncated() {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.sse(
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half\"},"
            + "\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" more\"},"
            + "\"finish_reason\":null}]}\n\n"));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    try (ChatStream stream = client.session(CHAT_ID).stream("hi")) {
      assertThatThrownBy(() -> stream.forEach(e -> { }))
          .isInstanceOf(StreamException.class)
          .hasMessageContaining("[DONE]");
    }
  }

  @Test
  void chatBoundAnswersAreRefusedClearly() {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.json(200, "{\"status\":true,\"task_id\":\"5d6c\"}"),
        Routes.json(200, "null"));
    assertThatThrownBy(() -> client.session(CHAT_ID).send("hi"))
        .isInstanceOf(ResponseFormatException.class).hasMessageContaining("task");
    assertThatThrownBy(() -> client.session(CHAT_ID).send("hi"))
        .isInstanceOf(ResponseFormatException.class).hasMessageContaining("null");
    assertThat(routes.requests("POST", CHAT_PATH)).as("nothing written back").isEmpty();
  }

  @Test
  void jsonAnswerToAStreamRequestIsReadAsOneCompletion() {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Whole.\"},\"finish_reason\":\"stop\"}]}"));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    try (ChatStream stream = client.session(CHAT_ID).stream("hi")) {
      assertThat(stream.reply().text()).isEqualTo("Whole.");
    }
    assertThat(routes.requests("POST", CHAT_PATH)).hasSize(1);
  }

  @Test
  void unauthorizedOnAChatRouteWithNotFoundDetailIsNotFound() {
    routes.on("GET", CHAT_PATH, Routes.json(401, "{\"detail\":\"We could not find what you're looking for :/\"}"));
    routes.on("POST", CHAT_PATH + "/archive", Routes.json(401, "{\"detail\":\"Something went wrong :/\"}"));
    assertThatThrownBy(() -> client.getSession(CHAT_ID))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("chat not found or not owned by this user; Open WebUI answers 401");
    assertThatThrownBy(() -> client.unwrap(OpenWebUiClient.class).toggleArchive(CHAT_ID))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteWithoutTheDeletePermissionIsPermissionDeniedNotNotFound() {
    routes.on("DELETE", CHAT_PATH, Routes.json(401, "{\"detail\":\"You do not have permission to access this "
        + "resource. Please contact your administrator for assistance.\"}"),
        Routes.json(404, "{\"detail\":\"We could not find what you're looking for :/\"}"));
    assertThatThrownBy(() -> client.deleteSession(CHAT_ID))
        .isInstanceOfSatisfying(dev.chatbridge.PermissionDeniedException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(401);
          assertThat(e.getMessage()).contains("chat.delete");
        });
    assertThatThrownBy(() -> client.deleteSession(CHAT_ID)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void unauthorizedWithAuthDetailIsAnAuthenticationError() {
    routes.on("GET", CHAT_PATH, Routes.json(401, "{\"detail\":\"Not authenticated\"}"),
        Routes.json(401, "{\"detail\":\"Your session has expired or the token is invalid. Please sign in again.\"}"));
    routes.on("GET", "/api/v1/chats/", Routes.json(401, "{\"detail\":\"Invalid token\"}"));
    assertThatThrownBy(() -> client.getSession(CHAT_ID)).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Not authenticated");
    assertThatThrownBy(() -> client.getSession(CHAT_ID)).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("token is invalid");
    assertThatThrownBy(() -> client.listSessions()).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Invalid token");
  }

  @Test
  void apiKeysDisabledIsAnAuthenticationError() {
    routes.on("GET", "/api/v1/chats/",
        Routes.json(403, "{\"detail\":\"Use of API key is not enabled in the environment.\"}"));
    assertThatThrownBy(() -> client.listSessions())
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Use of API key is not enabled")
        .satisfies(e -> assertThat(((AuthenticationException) e).statusCode()).isEqualTo(403));
  }

  @Test
  void validationErrorsKeepTheirDetails() {
    routes.on("POST", "/api/v1/chats/new", Routes.json(422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\","
        + "\"chat\"],\"msg\":\"Field required\",\"input\":{}},{\"type\":\"string_type\",\"loc\":[\"body\",\"folder_id\"],"
        + "\"msg\":\"Input should be a valid string\",\"input\":5}]}"));
    assertThatThrownBy(() -> client.createSession())
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).details())
            .containsExactly("body.chat: Field required", "body.folder_id: Input should be a valid string"));
  }

  @Test
  void missingModelIsAConfigurationErrorListingTheModels() {
    try (ChatClient noModel = client(null)) {
      routes.on("GET", "/api/models", Routes.json(200, MODELS));
      assertThatThrownBy(() -> noModel.session(CHAT_ID).send("hi"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("chatbridge.openwebui.model")
          .hasMessageContaining("llama3.2:latest, gpt-4o");
      assertThat(routes.requests("GET", CHAT_PATH)).as("nothing read before the model is known").isEmpty();
    }
  }

  @Test
  void unknownModelIsAnInvalidRequestListingTheModels() {
    try (ChatClient wrong = client("gpt-5-turbo")) {
      routes.on("GET", "/api/models", Routes.json(200, MODELS));
      assertThatThrownBy(() -> wrong.session(CHAT_ID).send("hi"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("gpt-5-turbo")
          .hasMessageContaining("llama3.2:latest, gpt-4o");
      assertThat(routes.requests("POST", "/api/chat/completions")).isEmpty();
    }
  }

  @Test
  void serverModelNotFoundIsAnInvalidRequestListingTheModels() {
    routes.on("GET", "/api/models", Routes.json(500, "{\"detail\":\"busy\"}"), Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.json(400, "{\"detail\":\"Model not found\"}"));
    assertThatThrownBy(() -> client.session(CHAT_ID).send("hi"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Model not found")
        .hasMessageContaining("models available: llama3.2:latest, gpt-4o")
        .satisfies(e -> assertThat(((InvalidRequestException) e).statusCode()).isEqualTo(400));
  }

  @Test
  void modelsAreParsedStrictlyAndKeepTheRest() {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    List<Model> models = client.unwrap(OpenWebUiClient.class).models();
    assertThat(models).extracting(Model::id).containsExactly("llama3.2:latest", "gpt-4o");
    assertThat(models.get(1).name()).isEqualTo("GPT-4o");
    assertThat(models.get(1).ownedBy()).contains("openai");
    assertThat(models.get(1).extra()).containsKeys("info", "tags", "object", "created");
    assertThat(models.get(1).extra()).doesNotContainKeys("id", "name", "owned_by");
  }

  @Test
  void malformedModelEntryIsAResponseFormatError() {
    routes.on("GET", "/api/models", Routes.json(200, "{\"data\":[{\"id\":\"m\",\"name\":{\"en\":\"M\"}}]}"));
    assertThatThrownBy(() -> client.unwrap(OpenWebUiClient.class).models())
        .isInstanceOf(ResponseFormatException.class).hasMessageContaining("name");
  }

  @Test
  void listingPagesByPageNumberAndStopsOnAShortPage() {
    StringBuilder full = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      if (i > 0) full.append(',');
      full.append("{\"id\":\"c").append(i).append("\",\"title\":\"Chat ").append(i)
          .append("\",\"updated_at\":1709337700,\"created_at\":1709337600}");
    }
    full.append(']');
    routes.on("GET", "/api/v1/chats/", Routes.json(200, full.toString()),
        Routes.json(200, "[{\"id\":\"c60\",\"title\":\"Last\",\"updated_at\":1709337700,\"created_at\":1709337600,"
            + "\"active\":false}]"));
    Page<SessionSummary> first = client.listSessions(PageRequest.first());
    assertThat(first.items()).hasSize(60);
    assertThat(first.next()).isPresent();
    Page<SessionSummary> second = first.nextPage();
    assertThat(second.items()).extracting(SessionSummary::id).containsExactly("c60");
    assertThat(second.items().get(0).vendorData()).containsEntry("active", false);
    assertThat(second.hasNext()).isFalse();
    List<RecordedRequest> lists = routes.requests("GET", "/api/v1/chats/");
    assertThat(lists).hasSize(2);
    assertThat(lists.get(0).getRequestUrl().queryParameter("page")).isEqualTo("1");
    assertThat(lists.get(1).getRequestUrl().queryParameter("page")).isEqualTo("2");
    assertThat(lists.get(0).getRequestUrl().queryParameter("include_pinned")).isEqualTo("true");
    assertThat(first.items().get(0).createdAt()).contains(Instant.ofEpochSecond(1709337600));
  }

  @Test
  void listingTrimsTheFixedServerPageToTheLimitAndGoesOnRightAfterIt() {
    StringBuilder full = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      if (i > 0) full.append(',');
      full.append("{\"id\":\"c").append(i).append("\",\"title\":\"Chat ").append(i)
          .append("\",\"updated_at\":").append(1709337700 - i).append(",\"created_at\":1709337600}");
    }
    full.append(']');
    routes.on("GET", "/api/v1/chats/", Routes.json(200, full.toString()));
    Page<SessionSummary> first = client.listSessions(PageRequest.of(25, null));
    assertThat(first.items()).hasSize(25);
    assertThat(first.items().get(24).id()).isEqualTo("c24");
    Page<SessionSummary> second = first.nextPage();
    assertThat(second.items()).extracting(SessionSummary::id).first().isEqualTo("c25");
    assertThat(second.items()).hasSize(25);
    assertThat(second.nextPage().items()).extracting(SessionSummary::id).containsExactly(
        "c50", "c51", "c52", "c53", "c54", "c55", "c56", "c57", "c58", "c59");
    List<RecordedRequest> lists = routes.requests("GET", "/api/v1/chats/");
    assertThat(lists).extracting(r -> r.getRequestUrl().queryParameter("page")).containsExactly("1", "1", "1");
    assertThatThrownBy(() -> client.listSessions(PageRequest.of(25, "2")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("page cursor");
    assertThat(routes.requests("GET", "/api/v1/chats/")).as("refused before sending").hasSize(3);
  }

  @Test
  void endArchivesOnlyWhenNotArchivedSinceTheEndpointToggles() {
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT.replace("\"archived\":false", "\"archived\":true")));
    client.session(CHAT_ID).end();
    assertThat(routes.requests("POST", CHAT_PATH + "/archive")).isEmpty();

    routes.on("GET", "/api/v1/chats/other", Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/v1/chats/other/archive",
        Routes.json(200, BRANCHED_CHAT.replace("\"archived\":false", "\"archived\":true")));
    client.session("other").end();
    assertThat(routes.requests("POST", "/api/v1/chats/other/archive")).hasSize(1);
  }

  @Test
  void cloneSendsAnEmptyObjectAndRenameOnlyTheTitle() throws Exception {
    routes.on("POST", CHAT_PATH + "/clone", Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    OpenWebUiClient typed = client.unwrap(OpenWebUiClient.class);
    typed.cloneChat(CHAT_ID, null);
    assertThat(routes.requests("POST", CHAT_PATH + "/clone").get(0).getBody().readUtf8()).isEqualTo("{}");
    typed.renameChat(CHAT_ID, "Renamed");
    assertThat(json(routes.requests("POST", CHAT_PATH).get(0)).toString()).isEqualTo("{\"chat\":{\"title\":\"Renamed\"}}");
  }

  @Test
  void branchingSendsFromTheGivenParentAndAddsASibling() throws Exception {
    routes.on("GET", "/api/models", Routes.json(200, MODELS));
    routes.on("GET", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    routes.on("POST", "/api/chat/completions", Routes.sse(SSE));
    routes.on("POST", CHAT_PATH, Routes.json(200, BRANCHED_CHAT));
    ChatReply reply = client.session(CHAT_ID).send(dev.chatbridge.MessageRequest.builder().text("Edited question")
        .parentId("msg-2").build());
    JsonNode completion = json(routes.requests("POST", "/api/chat/completions").get(0));
    assertThat(completion.get("messages").get(1).get("content").asText()).isEqualTo("Hi (first try)");
    JsonNode chat = json(routes.requests("POST", CHAT_PATH).get(0)).get("chat");
    assertThat(chat.get("history").get("messages").get("msg-2").get("childrenIds").get(0).asText())
        .isEqualTo(reply.userMessageId().orElseThrow());
    assertThat(chat.get("history").get("messages").get("msg-3").get("childrenIds").size()).isZero();
    List<String> flat = new ArrayList<>();
    chat.get("messages").forEach(m -> flat.add(m.get("id").asText()));
    assertThat(flat).containsExactly("msg-1", "msg-2", reply.userMessageId().orElseThrow(), reply.message().id());
    assertThatThrownBy(() -> client.session(CHAT_ID).send(dev.chatbridge.MessageRequest.builder().text("x")
        .parentId("nope").build())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("nope");
  }

  @Test
  void outputOnlyMessageTextIsConcatenated() throws Exception {
    HistoryMessage m = new HistoryMessage("k", Json.parse("{\"id\":\"k\",\"role\":\"assistant\",\"content\":\"\","
        + "\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"A\"},"
        + "{\"type\":\"output_text\",\"text\":\"B\"}]},{\"type\":\"function_call\",\"name\":\"f\"},"
        + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"C\"}]}]}"));
    assertThat(m.text()).isEqualTo("ABC");
    Map<String, Object> fields = m.fields();
    assertThat(fields).containsKey("output");
  }

  @Test
  void blankOrNullChatIdsAreRefusedBeforeSending() {
    OpenWebUiClient typed = client.unwrap(OpenWebUiClient.class);
    for (String bad : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> typed.getChat(bad)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("chat id must not be blank");
      assertThatThrownBy(() -> typed.deleteChat(bad)).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> typed.toggleArchive(bad)).isInstanceOf(InvalidRequestException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }
}
