package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/**
 * A send whose connection failed before Onyx's ids line (the POST reset before the response, or the body broken
 * before the ids): the exchange is looked up in {@code get-chat-session} by its parent link when the request named
 * a parent, rejoined or read from there; UNKNOWN without a parent or when it cannot be identified for sure. The
 * message is POSTed once in every case. Bodies are the upstream corpus files (test resources
 * {@code upstream-corpus/}): session 8f14…, system message 40, our user message 41, its reply 42.
 */
class OnyxSendRecoveryTest extends OnyxRecoveryFixture {
  static final String PROMPT = "Tell me about durable runs";
  static final MessageRequest WITH_PARENT = MessageRequest.builder().text(PROMPT).parentId("40").build();
  static final String HEARTBEAT = "{\"placement\": {\"turn_index\": 0, \"tab_index\": 0, \"sub_turn_index\": null, "
      + "\"model_index\": null}, \"obj\": {\"type\": \"chat_heartbeat\"}}\n";

  ChatClient client(String baseUrl, Duration timeout) {
    return client(baseUrl, 2, timeout);
  }

  /** The POST reaches the server, whose answer never comes: the connection is closed after the request. */
  static MockResponse resetBeforeResponse() {
    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
  }

  /** The finished exchange, with {@code extra} message objects added to the session's messages. */
  static String sessionWith(String... extra) {
    String session = corpus("session-completed-durable.json");
    if (extra.length == 0) return session;
    int end = session.indexOf("],\"time_created\"");
    return session.substring(0, end) + "," + String.join(",", extra) + session.substring(end);
  }

  static String message(int id, Integer parent, String type, String text) {
    return "{\"chat_session_id\":\"" + SESSION + "\",\"message_id\":" + id + ",\"parent_message\":" + parent
        + ",\"latest_child_message\":null,\"message\":\"" + text + "\",\"reasoning_tokens\":null,\"message_type\":\""
        + type + "\",\"context_docs\":null,\"citations\":null,\"time_sent\":\"2026-08-21T10:00:01.305000Z\","
        + "\"files\":[],\"error\":null,\"current_feedback\":null,\"processing_duration_seconds\":null,"
        + "\"preferred_response_id\":null,\"model_display_name\":null,\"request_params\":null}";
  }

  static SendOutcomeUnknownException outcome(Throwable t) {
    assertThat(t).isInstanceOf(SendOutcomeUnknownException.class);
    return (SendOutcomeUnknownException) t;
  }

  @Test
  void aResetBeforeTheResponseWithAParentIsFoundByItsParentLinkAndReadOnce() {
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    // the session shows the exchange finished, and no resumable run is left
    sessionAnswers.add(() -> json(200, sessionWith()));
    resumeAnswers.add(() -> json(404, corpus("resume-404-no-run.json")));
    sessionAnswers.add(() -> json(200, sessionWith()));
    ChatReply reply = client.session(SESSION).send(WITH_PARENT);
    assertThat(reply.message().text()).isEqualTo(WHOLE);
    assertThat(reply.message().id()).isEqualTo("42");
    assertThat(reply.userMessageId()).contains("41");
    assertThat(reply.message().vendorData()).containsEntry("recovered_from", "session");
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void aResetBeforeTheResponseWithoutAParentIsUnknownAtOnce() {
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    assertThatThrownBy(() -> client.session(SESSION).send(PROMPT))
        .satisfies(t -> {
          SendOutcomeUnknownException e = outcome(t);
          assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
          assertThat(e.getCause()).isInstanceOf(ConnectionException.class);
        })
        .hasMessageContaining("send with a parentId");
    assertThat(sends.get()).isEqualTo(1);
    assertThat(sessionReads.get()).as("no history wait").isZero();
  }

  @Test
  void twoUserMessagesWithTheParentAndTheTextCannotBeIdentified() {
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    // another sender stored the same text under the same parent: which exchange is ours cannot be told
    String twice = sessionWith(message(43, 40, "user", PROMPT), message(44, 43, "assistant", "Another reply."));
    sessionAnswers.add(() -> json(200, twice));
    assertThatThrownBy(() -> client.session(SESSION).send(WITH_PARENT))
        .satisfies(t -> {
          SendOutcomeUnknownException e = outcome(t);
          assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
          assertThat(e.exchangeIdentified()).isFalse();
        })
        .hasMessageContaining("2 user messages");
    assertThat(sends.get()).isEqualTo(1);
    assertThat(resumes.get()).isZero();
  }

  @Test
  void aUserMessageWithAnotherTextUnderTheParentIsNotTakenForOurs() {
    client = client(baseUrl(), Duration.ofSeconds(1));
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    String other = corpus("session-completed-durable.json").replace(PROMPT, "Something else");
    for (int i = 0; i < 20; i++) sessionAnswers.add(() -> json(200, other));
    assertThatThrownBy(() -> client.session(SESSION).send(WITH_PARENT))
        .satisfies(t -> {
          SendOutcomeUnknownException e = outcome(t);
          assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
          assertThat(e.exchangeIdentified()).isTrue();
        })
        .hasMessageContaining("did not appear in the history");
    assertThat(sends.get()).isEqualTo(1);
    assertThat(resumes.get()).isZero();
  }

  @Test
  void aStoredMessageWhoseReplyNeverCameIsStoredWithItsId() {
    client = client(baseUrl(), Duration.ofSeconds(1));
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    // the user message is committed before the reply row is reserved: a setup that never got further
    String userOnly = corpus("session-completed-durable.json")
        .replaceFirst(",\\{[^{}]*\"message_id\":42[^{}]*\\}", "");
    assertThat(userOnly).doesNotContain("\"message_id\":42");
    for (int i = 0; i < 20; i++) sessionAnswers.add(() -> json(200, userOnly));
    assertThatThrownBy(() -> client.session(SESSION).send(WITH_PARENT))
        .satisfies(t -> {
          SendOutcomeUnknownException e = outcome(t);
          assertThat(e.messageState()).isEqualTo(MessageState.STORED);
          assertThat(e.messageId()).contains("41");
        });
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void aReplyThatNeverFinishedByTheDeadlineIsStoredWithTheMessagesId() {
    client = client(baseUrl(), Duration.ofSeconds(1));
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    // the reply row holds Onyx's placeholder and no run names it: a writer that died, or a history that lags
    String placeholder = corpus("session-current-run.json").replace("Does Onyx support SSO?", PROMPT)
        .replace("\"current_run\":{\"run_id\":42}", "\"current_run\":null");
    assertThat(placeholder).contains("\"current_run\":null");
    resumeAnswers.add(() -> json(404, corpus("resume-404-no-run.json")));
    for (int i = 0; i < 20; i++) sessionAnswers.add(() -> json(200, placeholder));
    assertThatThrownBy(() -> client.session(SESSION).send(WITH_PARENT))
        .satisfies(t -> {
          SendOutcomeUnknownException e = outcome(t);
          assertThat(e.messageState()).isEqualTo(MessageState.STORED);
          assertThat(e.messageId()).contains("41");
        })
        .hasMessageContaining("found by its parent 40, reply 42");
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void aRunStillGoingAfterAResetIsRejoinedAndEveryDeltaArrivesOnce() {
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    sessionAnswers.add(() -> json(200, corpus("session-current-run.json").replace("Does Onyx support SSO?", PROMPT)));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")));
    List<ChatEvent> events = new ArrayList<>();
    ChatReply reply;
    try (ChatStream stream = client.session(SESSION).stream(WITH_PARENT)) {
      for (ChatEvent e : stream) events.add(e);
      reply = stream.reply();
    }
    assertThat(text(events)).isEqualTo(WHOLE);
    assertThat(count(events, ChatEvent.MessageStarted.class)).isEqualTo(1);
    assertThat(count(events, ChatEvent.Completed.class)).isEqualTo(1);
    assertThat(reply.message().id()).isEqualTo("42");
    assertThat(reply.message().vendorData()).containsEntry("recovered_from", "resume-stream");
    assertThat(sends.get()).isEqualTo(1);
    assertThat(resumes.get()).isEqualTo(1);
  }

  @Test
  void aStreamBrokenBeforeTheIdsLineIsFoundByItsParentAndEveryDeltaArrivesOnce() {
    sendAnswers.add(() -> reset(HEARTBEAT));
    sessionAnswers.add(() -> json(200, sessionWith()));
    resumeAnswers.add(() -> json(404, corpus("resume-404-no-run.json")));
    sessionAnswers.add(() -> json(200, sessionWith()));
    List<ChatEvent> events = new ArrayList<>();
    try (ChatStream stream = client.session(SESSION).stream(WITH_PARENT)) {
      for (ChatEvent e : stream) events.add(e);
      assertThat(stream.reply().message().text()).isEqualTo(WHOLE);
    }
    assertThat(text(events)).isEqualTo(WHOLE);
    assertThat(count(events, ChatEvent.Completed.class)).isEqualTo(1);
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void aReplayOfAnotherRunIsNotTakenForTheExchangeFoundByItsParent() {
    sendAnswers.add(OnyxSendRecoveryTest::resetBeforeResponse);
    sessionAnswers.add(() -> json(200, corpus("session-current-run.json").replace("Does Onyx support SSO?", PROMPT)));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")
        .replace("\"reserved_assistant_message_id\": 42", "\"reserved_assistant_message_id\": 44")
        .replace("Durable ", "Other ")));
    sessionAnswers.add(() -> json(200, sessionWith()));
    assertThat(client.session(SESSION).send(WITH_PARENT).text()).isEqualTo(WHOLE);
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void aConnectFailureSentNothingAndStaysAConnectionException() throws Exception {
    MockWebServer closed = new MockWebServer();
    closed.start();
    String url = closed.url("/api").toString();
    closed.shutdown(); // nothing listens there: the connection is refused
    client = client(url, Duration.ofSeconds(2));
    assertThatThrownBy(() -> client.session(SESSION).send(WITH_PARENT))
        .isInstanceOf(ConnectionException.class)
        .isNotInstanceOf(SendOutcomeUnknownException.class);
  }
}
