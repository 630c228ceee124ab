package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.RequestOptions;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.HostileIds;
import dev.chatbridge.testkit.OpenCxEmulator;
import java.time.Duration;
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

/** Hostile input on OpenCX: ids that are not one path segment, oversized ids, wrong-typed fields. */
class OpenCxHostileInputTest {
  OpenCxEmulator emulator;
  ChatClient client;
  OpenCxClient opencx;

  @BeforeEach
  void start() {
    emulator = (OpenCxEmulator) new OpenCxEmulator().start();
    ChatConfig.Builder config = ChatConfig.builder().vendor("opencx").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).callTimeout(Duration.ofSeconds(10));
    emulator.clientOptions().forEach(config::option);
    client = ChatClients.create(config.build());
    opencx = client.unwrap(OpenCxClient.class);
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  /** Every typed route that puts a session id into the path. */
  private Map<String, Consumer<String>> sessionRoutes() {
    Map<String, Consumer<String>> routes = new LinkedHashMap<>();
    routes.put("getSession", id -> opencx.getSession(id));
    routes.put("updateSession", id -> opencx.updateSession(id, UpdateSessionRequest.status(SessionStatus.OPEN)
        .build()));
    routes.put("updateStatus", id -> opencx.updateStatus(id, SessionStatus.CLOSED_RESOLVED));
    routes.put("closeSession", id -> opencx.closeSession(id));
    routes.put("reopenSession", id -> opencx.reopenSession(id));
    routes.put("send(text)", id -> opencx.send(id, "hi"));
    routes.put("send(request)", id -> opencx.send(id, SendMessageRequest.fromContact("hi").build()));
    routes.put("history", id -> opencx.history(id));
    routes.put("history(cursor)", id -> opencx.history(id, "c1"));
    routes.put("fullHistory", id -> opencx.fullHistory(id));
    routes.put("awaitReply", id -> opencx.awaitReply(id, "m1", Duration.ofSeconds(1)));
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
    sessionRoutes().forEach((route, call) -> assertThatThrownBy(() -> call.accept(id)).as(route)
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageContaining("session id"));
    assertThatThrownBy(() -> opencx.redactSession(id, null)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("sessionId");
    assertThatThrownBy(() -> opencx.redactMessage(id, null)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messageId");
    assertThat(emulator.requests()).as("requests that reached the server").isEmpty();
  }

  /**
   * A message near the body cap: the history page holding it and its echo is larger than 32 MiB, which the reply
   * poll once refused after the message was stored (the CLI failed, a retry would duplicate it). Polls read the
   * page item by item, so the send succeeds.
   */
  @org.junit.jupiter.api.Test
  void aMessageWhoseHistoryPageExceedsTheBodyCapStillGetsItsReply() {
    String big = "x".repeat(17_000_000); // with its echo, 34 MB in one history page: over the 32 MiB cap
    ChatReply reply = client.createSession().send(big);
    assertThat(reply.text()).hasSize("Echo: ".length() + big.length()).startsWith("Echo: xxx");
    assertThat(emulator.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/send")))
        .as("sent once").hasSize(1);
  }

  /** A poll that fails for good after the message was stored says so, with the stored message's id. */
  @org.junit.jupiter.api.Test
  void aReplyPollFailingAfterTheMessageWasStoredSaysSo() {
    ChatSession session = client.createSession();
    // the send's history snapshot (which does not stop the send) and then the poll
    emulator.inject(Fault.status(404, "{\"statusCode\":404,\"message\":\"Session not found\"}")
        .on("GET", "/chat/sessions/" + session.id() + "/history").times(2));
    assertThatThrownBy(() -> session.send("hello"))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
          assertThat(e.messageState()).isEqualTo(SendOutcomeUnknownException.MessageState.STORED);
          assertThat(e.messageId()).isPresent();
          assertThat(e.sessionId()).isEqualTo(session.id());
          assertThat(e.vendor()).isEqualTo("opencx");
          assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
        })
        .hasMessageContaining("was stored").hasMessageContaining("sending it again would store it twice");
    assertThat(emulator.requestCount("POST", "/chat/sessions/" + session.id() + "/send")).isEqualTo(1);
  }

  /** A 100,000-character id once ended in OkHttp's IllegalStateException; now it never leaves, every time. */
  @RepeatedTest(20)
  void aHundredThousandCharacterIdIsRefusedBeforeSendingEveryTime() {
    String id = "e".repeat(100_000);
    assertThatThrownBy(() -> client.getSession(id)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("100000 characters");
    assertThatThrownBy(() -> client.session(id)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> opencx.send(id, "hi")).isInstanceOf(InvalidRequestException.class);
    assertThat(emulator.requests()).isEmpty();
  }
  /**
   * Documented booleans and strings that arrive with another type are malformed, never read as "not an error". The
   * answer was a 2xx, so OpenCX took the message in: the send looks for it in the history (here the fault replaced
   * the emulator's answer, so it never appears) and ends in the typed unknown outcome caused by the format error.
   */
  @org.junit.jupiter.api.Test
  void wrongTypedFieldsOfTheSendResponseAreResponseFormatErrors() {
    ChatSession session = client.createSession();
    RequestOptions shortWait = RequestOptions.builder().timeout(java.time.Duration.ofMillis(600)).build();
    emulator.inject(Fault.status(200, "{\"success\":true,\"autopilotResponse\":{\"type\":\"text\",\"value\":"
        + "{\"error\":\"false\",\"content\":\"hi\"}}}").on("POST", "/chat/sessions/" + session.id() + "/send"));
    assertThatThrownBy(() -> session.send(MessageRequest.of("hello"), shortWait))
        .isInstanceOf(SendOutcomeUnknownException.class).hasCauseInstanceOf(ResponseFormatException.class)
        .hasMessageContaining("'error' is a string where the API documents true or false");
    emulator.inject(Fault.status(200, "{\"success\":true,\"autopilotResponse\":{\"type\":\"text\",\"value\":"
        + "{\"error\":false,\"content\":{\"a\":[1]}}}}").on("POST", "/chat/sessions/" + session.id() + "/send"));
    assertThatThrownBy(() -> session.send(MessageRequest.of("hello"), shortWait))
        .isInstanceOf(SendOutcomeUnknownException.class).hasCauseInstanceOf(ResponseFormatException.class)
        .hasMessageContaining("'content' is an object");
  }
}
