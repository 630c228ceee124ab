package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.internal.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back against other writers, step by step on a server that replaces the whole history with the posted
 * one (up to v0.10): the send merges its exchange into the chat as it is right before the write, not as it was
 * when the send started, and when a writer's stale copy replaces it after the write, merges it again, without a
 * second completion.
 */
class OpenWebUiWriteBackMergeTest {
  private static final String PATH = OpenWebUiWireTest.CHAT_PATH;

  private MockWebServer server;
  private ChatClient client;
  /** The stored {@code chat}, replaced wholesale by every update (the v0.6–v0.10 semantics). */
  private ObjectNode stored;
  private int gets;
  private final List<JsonNode> updates = new CopyOnWriteArrayList<>();
  private int completions;
  /** What another writer does to the stored chat right after the n-th GET (1-based), before answering it. */
  private UnaryOperator<ObjectNode> beforeSecondGet = UnaryOperator.identity();
  private UnaryOperator<ObjectNode> beforeThirdGet = UnaryOperator.identity();
  private boolean alwaysStale;

  @BeforeEach
  void start() throws Exception {
    JsonNode envelope = Json.parse(OpenWebUiWireTest.BRANCHED_CHAT);
    stored = (ObjectNode) envelope.get("chat").deepCopy();
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public synchronized MockResponse dispatch(RecordedRequest r) {
        String key = r.getMethod() + " " + r.getRequestUrl().encodedPath();
        try {
          switch (key) {
            case "GET /api/models":
              return json(OpenWebUiWireTest.MODELS);
            case "POST /api/chat/completions":
              completions++;
              return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(OpenWebUiWireTest.SSE);
            case "GET " + PATH:
              gets++;
              if (gets == 2) stored = beforeSecondGet.apply(stored);
              if (gets == 3) stored = beforeThirdGet.apply(stored);
              if (alwaysStale && gets > 2) stored = foreign(original(), "stale-" + gets);
              return json(envelope(stored));
            case "POST " + PATH:
              JsonNode chat = Json.parse(r.getBody().readUtf8()).get("chat");
              updates.add(chat);
              stored = (ObjectNode) chat.deepCopy();
              return json(envelope(stored));
            default:
              return new MockResponse().setResponseCode(404);
          }
        } catch (Exception e) {
          return new MockResponse().setResponseCode(500);
        }
      }
    });
    server.start();
    client = ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl(server.url("/").toString())
        .apiKey("sk-0123456789abcdef0123456789abcdef").maxRetries(0).option("model", OpenWebUiWireTest.MODEL)
        .option("write-settle", "1ms").build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  @Test
  void theExchangeIsMergedIntoTheChatAsItIsRightBeforeTheWrite() {
    // another instance stores its exchange while our reply runs (between our first read and the write)
    beforeSecondGet = chat -> foreign(chat, "other");
    ChatReply reply = client.session(OpenWebUiWireTest.CHAT_ID).send("hi");
    assertThat(updates).hasSize(1);
    JsonNode messages = updates.get(0).get("history").get("messages");
    assertThat(messages.has("other")).as("the other writer's message is kept").isTrue();
    assertThat(messages.has(reply.message().id())).isTrue();
    assertThat(ids(messages.get("msg-3").get("childrenIds"))).contains("other", reply.userMessageId().orElseThrow());
    assertThat(updates.get(0).get("history").get("currentId").asText()).isEqualTo(reply.message().id());
    assertThat(completions).isEqualTo(1);
  }

  @Test
  void aStaleCopyWrittenOverTheExchangeIsMergedAgainWithoutASecondCompletion() {
    // another instance that read the chat before our write stores its stale copy right after it
    beforeThirdGet = chat -> foreign(original(), "late");
    ChatReply reply = client.session(OpenWebUiWireTest.CHAT_ID).send("hi");
    assertThat(updates).hasSize(2);
    JsonNode last = updates.get(1).get("history").get("messages");
    assertThat(last.has("late")).isTrue();
    assertThat(last.has(reply.message().id())).isTrue();
    assertThat(last.has(reply.userMessageId().orElseThrow())).isTrue();
    assertThat(stored.get("history").get("messages").has(reply.message().id())).isTrue();
    assertThat(completions).isEqualTo(1);
  }

  @Test
  void aWriterThatKeepsReplacingTheExchangeEndsTheSendAsNotStoredAfterBoundedAttempts() {
    alwaysStale = true;
    assertThatThrownBy(() -> client.session(OpenWebUiWireTest.CHAT_ID).send("hi"))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e ->
            assertThat(e.messageState()).isEqualTo(SendOutcomeUnknownException.MessageState.NOT_STORED));
    assertThat(updates).hasSize(ChatTurn.WRITE_ATTEMPTS);
    assertThat(completions).isEqualTo(1);
  }

  @Test
  void aZeroSettleWritesOnceWithoutTheCheck() {
    alwaysStale = true;
    try (ChatClient single = ChatClients.create(ChatConfig.builder().vendor("openwebui")
        .baseUrl(server.url("/").toString()).apiKey("sk-0123456789abcdef0123456789abcdef").maxRetries(0)
        .option("model", OpenWebUiWireTest.MODEL).option("write-settle", "0").build())) {
      single.session(OpenWebUiWireTest.CHAT_ID).send("hi");
    }
    assertThat(updates).hasSize(1);
    assertThat(gets).as("the first read and the re-read before the write, no check").isEqualTo(2);
  }

  /** {@code chat} with a foreign user message {@code id} under the current leaf msg-3, now the current one. */
  private static ObjectNode foreign(JsonNode chat, String id) {
    ObjectNode c = (ObjectNode) chat;
    ObjectNode messages = (ObjectNode) c.get("history").get("messages");
    ObjectNode m = messages.putObject(id).put("id", id).put("parentId", "msg-3");
    m.putArray("childrenIds");
    m.put("role", "user").put("content", "from elsewhere").put("timestamp", 1709164900);
    ((ArrayNode) messages.get("msg-3").get("childrenIds")).add(id);
    ((ObjectNode) c.get("history")).put("currentId", id);
    return c;
  }

  /** The chat as the send first read it. */
  private static ObjectNode original() {
    try {
      return (ObjectNode) Json.parse(OpenWebUiWireTest.BRANCHED_CHAT).get("chat").deepCopy();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String envelope(JsonNode chat) throws Exception {
    ObjectNode e = (ObjectNode) Json.parse(OpenWebUiWireTest.BRANCHED_CHAT);
    e.set("chat", chat);
    return e.toString();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private static List<String> ids(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
