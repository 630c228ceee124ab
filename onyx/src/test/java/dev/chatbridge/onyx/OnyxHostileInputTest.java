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
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.HostileIds;
import dev.chatbridge.testkit.OnyxEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile input on Onyx: ids that are not one path segment, oversized ids, wrong-typed fields. */
class OnyxHostileInputTest {
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

  /** Every typed route that puts an id into the path (or names a session in its body), with the id's name. */
  private Map<String, Consumer<String>> idRoutes() {
    Map<String, Consumer<String>> routes = new LinkedHashMap<>();
    routes.put("getChatSession", id -> onyx.getChatSession(id));
    routes.put("getChatSession(shared, deleted)", id -> onyx.getChatSession(id, true, true));
    routes.put("renameChatSession", id -> onyx.renameChatSession(id, "x"));
    routes.put("deleteChatSession", id -> onyx.deleteChatSession(id));
    routes.put("deleteChatSession(hard)", id -> onyx.deleteChatSession(id, true));
    routes.put("stopChatSession", id -> onyx.stopChatSession(id));
    routes.put("setChatSessionSharing", id -> onyx.setChatSessionSharing(id, "public"));
    routes.put("endIncognitoSession", id -> onyx.endIncognitoSession(id));
    routes.put("resumeStream", id -> onyx.resumeStream(id).close());
    return routes;
  }

  static Stream<Arguments> hostileIds() {
    List<String> ids = new ArrayList<>(HostileIds.all());
    ids.add(null);
    return ids.stream().map(id -> Arguments.of(HostileIds.describe(id), id));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileIds")
  void typedRoutesRefuseAnIdThatIsNotOnePathSegmentAndSendNothing(String name, String id) {
    idRoutes().forEach((route, call) -> assertThatThrownBy(() -> call.accept(id)).as(route)
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageContaining("chat session id"));
    assertThatThrownBy(() -> onyx.downloadChatFile(id, false)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("file id");
    assertThat(emulator.requests()).as("requests that reached the server").isEmpty();
  }

  /** A 100,000-character id once ended in OkHttp's IllegalStateException; now it never leaves, every time. */
  @RepeatedTest(20)
  void aHundredThousandCharacterIdIsRefusedBeforeSendingEveryTime() {
    String id = "e".repeat(100_000);
    assertThatThrownBy(() -> client.getSession(id)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("100000 characters");
    assertThatThrownBy(() -> client.session(id)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> onyx.getChatSession(id)).isInstanceOf(InvalidRequestException.class);
    assertThat(emulator.requests()).isEmpty();
  }
  /** A documented string that arrives as an object is malformed, not printed as {@code {a=[1]}}. */
  @org.junit.jupiter.api.Test
  void aMessageDeltaWhoseContentIsAnObjectIsAResponseFormatError() {
    ChatSession session = client.createSession();
    String placement = "{\"placement\":{\"turn_index\":0,\"tab_index\":0},\"obj\":";
    String body = "{\"user_message_id\":1,\"reserved_assistant_message_id\":2}\n"
        + placement + "{\"type\":\"message_start\"}}\n"
        + placement + "{\"type\":\"message_delta\",\"content\":{\"a\":[1]}}}\n"
        + placement + "{\"type\":\"stop\"}}\n";
    emulator.inject(Fault.status(200, body).contentType("application/x-ndjson")
        .on("POST", "/api/chat/send-chat-message"));
    assertThatThrownBy(() -> session.send("hi")).isInstanceOf(ResponseFormatException.class)
        .hasMessageContaining("message_delta").hasMessageContaining("'content' is an object");
  }

  /** A reply longer than max-reply-chars is cut in reply().text() and marked; the deltas carry all of it. */
  @org.junit.jupiter.api.Test
  void aReplyLongerThanMaxReplyCharsIsMarkedTruncated() {
    try (ChatClient small = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).maxReplyChars(8).build())) {
      StringBuilder deltas = new StringBuilder();
      ChatReply reply;
      try (ChatStream stream = small.createSession().stream("hello world")) {
        for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta d) deltas.append(d.text());
        reply = stream.reply();
      }
      assertThat(deltas.toString()).isEqualTo("Echo: hello world");
      assertThat(reply.text()).isEqualTo("Echo: he");
      assertThat(reply.truncated()).isTrue();
      assertThat(small.createSession().send("hi").truncated()).isFalse();
    }
  }
  /** Reading a typed stream after closing it was okio's untyped IllegalStateException("closed"). */
  @org.junit.jupiter.api.Test
  void readingATypedStreamAfterCloseIsAStreamException() {
    String id = onyx.createChatSession(CreateChatSessionRequest.builder().build()).chatSessionId();
    OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(id, "hello"));
    stream.close();
    assertThatThrownBy(stream::next).isInstanceOf(dev.chatbridge.StreamException.class)
        .hasMessageContaining("closed");
  }
}
