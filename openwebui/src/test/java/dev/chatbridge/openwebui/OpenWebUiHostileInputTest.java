package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.HostileIds;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile input on Open WebUI: chat ids that are not one path segment, stored-then-failed sends, cut replies. */
class OpenWebUiHostileInputTest {
  OpenWebUiEmulator emulator;
  ChatClient client;
  OpenWebUiClient owui;

  @BeforeEach
  void start() {
    emulator = (OpenWebUiEmulator) new OpenWebUiEmulator().start();
    client = ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).option("model", "llama3.2:latest").option("history", "client").build());
    owui = client.unwrap(OpenWebUiClient.class);
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  /** Every typed route that puts a chat id into the path. */
  private Map<String, Consumer<String>> chatRoutes() {
    Map<String, Consumer<String>> routes = new LinkedHashMap<>();
    routes.put("getChat", id -> owui.getChat(id));
    routes.put("updateChat", id -> owui.updateChat(id, Map.of("title", "x")));
    routes.put("renameChat", id -> owui.renameChat(id, "x"));
    routes.put("deleteChat", id -> owui.deleteChat(id));
    routes.put("toggleArchive", id -> owui.toggleArchive(id));
    routes.put("archiveChat", id -> owui.archiveChat(id));
    routes.put("unarchiveChat", id -> owui.unarchiveChat(id));
    routes.put("togglePin", id -> owui.togglePin(id));
    routes.put("cloneChat", id -> owui.cloneChat(id, null));
    routes.put("shareChat", id -> owui.shareChat(id));
    routes.put("unshareChat", id -> owui.unshareChat(id));
    return routes;
  }

  static Stream<Arguments> hostileIds() {
    List<String> ids = new ArrayList<>(HostileIds.all());
    ids.add(null);
    return ids.stream().map(id -> Arguments.of(HostileIds.describe(id), id));
  }

  /** {@code sessions delete .} once sent {@code DELETE /api/v1/chats/}: the route that deletes every chat. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileIds")
  void typedRoutesRefuseAnIdThatIsNotOnePathSegmentAndSendNothing(String name, String id) {
    chatRoutes().forEach((route, call) -> assertThatThrownBy(() -> call.accept(id)).as(route)
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageContaining("chat id"));
    assertThat(emulator.requests()).as("requests that reached the server").isEmpty();
  }
  @SuppressWarnings("unchecked")
  private Map<String, Object> stored(String chatId, String messageId) {
    Map<String, Object> history = (Map<String, Object>) emulator.storedChat(chatId).get("history");
    return ((Map<String, Map<String, Object>>) history.get("messages")).get(messageId);
  }

  /**
   * A message near the body cap: the server answers the write-back with the whole stored chat (larger than 32 MiB
   * here), which once failed the send after the exchange was stored. Only the answer's id is read now.
   */
  @Test
  void aWriteBackWhoseAnswerExceedsTheBodyCapDoesNotFailTheSend() {
    String big = "y".repeat(17_000_000);
    ChatSession session = client.createSession();
    ChatReply reply = session.send(big);
    assertThat(reply.truncated()).as("longer than max-reply-chars").isTrue();
    assertThat(reply.text()).hasSize(ChatConfig.DEFAULT_MAX_REPLY_CHARS).startsWith("Echo: yyy");
    Map<String, Object> assistant = stored(session.id(), reply.message().id());
    assertThat((String) assistant.get("content")).isEqualTo(reply.text());
    assertThat(assistant.get("error").toString()).contains("chatbridge.max-reply-chars");
    assertThat((String) stored(session.id(), reply.userMessageId().orElseThrow()).get("content")).hasSize(big.length());
  }

  /** A cut reply says so, the deltas still carry all of it, and what is stored is what the reply holds, marked. */
  @Test
  void aReplyLongerThanMaxReplyCharsIsMarkedAndStoredMarked() {
    try (ChatClient small = ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).option("model", "llama3.2:latest").option("history", "client")
        .maxReplyChars(10).build())) {
      ChatSession session = small.createSession();
      StringBuilder deltas = new StringBuilder();
      ChatReply reply;
      try (ChatStream stream = session.stream("a rather long message")) {
        for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta d) deltas.append(d.text());
        reply = stream.reply();
      }
      assertThat(deltas.toString()).isEqualTo("Echo: a rather long message");
      assertThat(reply.text()).isEqualTo("Echo: a ra");
      assertThat(reply.truncated()).isTrue();
      Map<String, Object> assistant = stored(session.id(), reply.message().id());
      assertThat(assistant.get("content")).isEqualTo("Echo: a ra");
      assertThat(assistant.get("error").toString()).contains("first 10 of the reply's 27 characters");
      ChatReply whole = session.send("hi");
      assertThat(whole.truncated()).isFalse();
      assertThat(stored(session.id(), whole.message().id())).doesNotContainKey("error");
    }
  }

  static Stream<Arguments> writeBackFailures() {
    return Stream.of(
        Arguments.of("200 with an unreadable answer", Fault.malformedBody(), MessageState.STORED),
        Arguments.of("400", Fault.status(400, "{\"detail\":\"bad chat\"}"), MessageState.NOT_STORED),
        Arguments.of("connection dropped (every retry)", Fault.dropConnection().times(100), MessageState.UNKNOWN),
        Arguments.of("500 (every retry)", Fault.status(500, "{\"detail\":\"boom\"}").times(100),
            MessageState.UNKNOWN));
  }

  /** The completion worked but storing the exchange failed: the exception says whether it is stored. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("writeBackFailures")
  void aFailedWriteBackSaysWhetherTheExchangeIsStored(String name, Fault fault, MessageState state) {
    ChatSession session = client.createSession();
    emulator.inject(fault.on("POST", "/api/v1/chats/" + session.id()));
    assertThatThrownBy(() -> session.send("hello"))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
          assertThat(e.messageState()).isEqualTo(state);
          assertThat(e.sessionId()).isEqualTo(session.id());
          assertThat(e.messageId()).isPresent();
        })
        .hasMessageStartingWith("openwebui: ");
    assertThat(emulator.requestCount("POST", "/api/chat/completions")).isEqualTo(1);
  }
  /** A chunk whose documented string content is an object is malformed, not silently dropped. */
  @Test
  void aChunkWhoseContentIsAnObjectIsAResponseFormatError() {
    ChatSession session = client.createSession();
    emulator.inject(Fault.status(200, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":{\"a\":[1]}}}]}\n\n"
        + "data: [DONE]\n\n").contentType("text/event-stream").on("POST", "/api/chat/completions"));
    assertThatThrownBy(() -> session.stream("hi").reply()).isInstanceOf(ResponseFormatException.class)
        .hasMessageContaining("'content' is an object");
  }
}
