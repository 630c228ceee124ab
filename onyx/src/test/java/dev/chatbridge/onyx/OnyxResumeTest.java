package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.StreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/**
 * Rejoining a reply whose connection broke ({@link OnyxEventSource}): resume-stream with cursor 0, the lines already
 * read skipped, the session as the fallback; the message is POSTed once in every case. Bodies are the upstream
 * corpus files (test resources {@code upstream-corpus/}).
 */
class OnyxResumeTest extends OnyxRecoveryFixture {
  ChatClient client(int attempts, Duration timeout) {
    return client(baseUrl(), attempts, timeout);
  }

  List<ChatEvent> events(ChatStream stream) {
    List<ChatEvent> out = new ArrayList<>();
    for (ChatEvent e : stream) out.add(e);
    return out;
  }

  /** Streams one message and checks the whole reply arrived once, with one POST. */
  ChatReply streamWhole() {
    List<ChatEvent> events;
    ChatReply reply;
    try (ChatStream stream = client.session(SESSION).stream("Tell me about durable runs")) {
      events = events(stream);
      reply = stream.reply();
    }
    assertThat(text(events)).isEqualTo(WHOLE);
    assertThat(count(events, ChatEvent.MessageStarted.class)).isEqualTo(1);
    assertThat(count(events, ChatEvent.Completed.class)).isEqualTo(1);
    assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Completed.class);
    assertThat(reply.message().text()).isEqualTo(WHOLE);
    assertThat(reply.message().id()).isEqualTo("42");
    assertThat(reply.message().parentId()).contains("41");
    assertThat(sends.get()).isEqualTo(1);
    return reply;
  }

  @Test
  void aBodyEndingWithoutStopIsRejoinedAndEveryDeltaArrivesOnce() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")));
    ChatReply reply = streamWhole();
    assertThat(resumes.get()).isEqualTo(1);
    assertThat(resumePaths).containsExactly("/api/chat/chat-session/" + SESSION + "/resume-stream?cursor=0");
    assertThat(reply.message().vendorData()).containsEntry("recovered_from", "resume-stream");
  }

  @Test
  void aResetAfterTheDeltasIsRejoined() {
    sendAnswers.add(() -> reset(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")));
    streamWhole();
    assertThat(resumes.get()).isEqualTo(1);
  }

  @Test
  void aBodyCutInTheMiddleOfALineIsABreakAndIsRejoined() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken-midline.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")));
    streamWhole();
    assertThat(resumes.get()).isEqualTo(1);
  }

  @Test
  void aBreakAtEveryLineOfTheReplyIsRejoinedExactlyOnce() {
    String replay = corpus("resume-replay-cursor0.ndjson");
    String[] lines = replay.split("(?<=\n)");
    // after the ids line, after message_start, mid-delta, just before stop (the heartbeat line is a resume's own)
    for (int cut = 1; cut < lines.length - 1; cut++) {
      String prefix = String.join("", java.util.Arrays.copyOf(lines, cut));
      sends.set(0);
      resumes.set(0);
      sendAnswers.add(() -> reset(prefix));
      resumeAnswers.add(() -> ndjson(replay));
      streamWhole();
      assertThat(resumes.get()).as("cut after line %d", cut).isEqualTo(1);
    }
  }

  @Test
  void aBreakHalfWayThroughALineAtEveryLineIsRejoined() {
    String replay = corpus("resume-replay-cursor0.ndjson");
    String[] lines = replay.split("(?<=\n)");
    for (int cut = 1; cut < lines.length - 1; cut++) {
      String prefix = String.join("", java.util.Arrays.copyOf(lines, cut))
          + lines[cut].substring(0, lines[cut].length() / 2);
      sends.set(0);
      sendAnswers.add(() -> ndjson(prefix));
      resumeAnswers.add(() -> ndjson(replay));
      streamWhole();
    }
  }

  @Test
  void aBlockingSendIsRejoinedToo() {
    sendAnswers.add(() -> reset(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")));
    ChatReply reply = client.session(SESSION).send("Tell me about durable runs");
    assertThat(reply.message().text()).isEqualTo(WHOLE);
    assertThat(sends.get()).isEqualTo(1);
    assertThat(resumes.get()).isEqualTo(1);
  }

  @Test
  void noResumableRunReadsTheFinishedReplyFromTheSessionAndDeliversOnlyTheRest() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> json(404, corpus("resume-404-no-run.json")));
    sessionAnswers.add(() -> json(200, corpus("session-completed-durable.json")));
    ChatReply reply = streamWhole();
    assertThat(sessionReads.get()).isEqualTo(1);
    assertThat(reply.message().vendorData()).containsEntry("recovered_from", "session");
  }

  @Test
  void aReplayThatEndsEarlyFallsBackToTheSession() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-gap-evicted-chunk.ndjson")));
    sessionAnswers.add(() -> json(200, corpus("session-completed-durable.json")));
    streamWhole();
    assertThat(sessionReads.get()).isEqualTo(1);
  }

  @Test
  void anEmptyReplayFallsBackToTheSession() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-gap-truncated-buffer.ndjson")));
    sessionAnswers.add(() -> json(200, corpus("session-completed-durable.json")));
    streamWhole();
    assertThat(sessionReads.get()).isEqualTo(1);
  }

  @Test
  void aServerWithoutTheRouteIsReadFromTheSessionAndNotAskedAgain() {
    for (int i = 0; i < 2; i++) {
      sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
      resumeAnswers.add(() -> json(404, "{\"detail\":\"Not Found\"}"));
      sessionAnswers.add(() -> json(200, corpus("session-completed-durable.json")));
    }
    streamWhole();
    sends.set(0);
    streamWhole();
    assertThat(resumes.get()).as("the missing route is learned once").isEqualTo(1);
    assertThat(sessionReads.get()).isEqualTo(2);
  }

  @Test
  void aRunStillGoingIsWaitedForThenRejoined() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    // the fence is set before the buffer's first flush: get-chat-session shows the run while resume answers 404
    resumeAnswers.add(() -> json(404, corpus("resume-404-no-run.json")));
    sessionAnswers.add(() -> json(200, corpus("session-current-run.json")));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")));
    streamWhole();
    assertThat(resumes.get()).isEqualTo(2);
  }

  @Test
  void aReplayOfAnotherRunIsNotTakenForOurs() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-replay-cursor0.ndjson")
        .replace("\"reserved_assistant_message_id\": 42", "\"reserved_assistant_message_id\": 44")
        .replace("Durable ", "Other ")));
    sessionAnswers.add(() -> json(200, corpus("session-completed-durable.json")));
    streamWhole();
    assertThat(sessionReads.get()).isEqualTo(1);
  }

  @Test
  void theReplaysUserCancelledStopEndsTheReply() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-user-cancelled.ndjson")));
    try (ChatStream stream = client.session(SESSION).stream("Tell me about durable runs")) {
      List<ChatEvent> events = events(stream);
      assertThat(text(events)).isEqualTo("Durable runs ");
      assertThat(stream.reply().finishReason()).contains("user_cancelled");
    }
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void anErrorInTheReplayIsTheRunsOwnAndIsNotRejoinedAgain() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> ndjson(corpus("resume-model-error.ndjson")));
    assertThatThrownBy(() -> client.session(SESSION).send("Tell me about durable runs"))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("openai service error: upstream 503 [SERVICE_UNAVAILABLE]");
    assertThat(resumes.get()).isEqualTo(1);
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void aSessionThatIsGoneEndsWithAStreamExceptionSayingTheMessageWasSent() {
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> json(404, corpus("resume-404-session.json")));
    assertThatThrownBy(() -> client.session(SESSION).send("Tell me about durable runs"))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("message 41")
        .hasMessageContaining("13 characters of the reply had arrived")
        .hasMessageContaining("do not send it again");
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void resumeRefusedTwiceAndNoReplyInTheSessionEndsWithTheRunsState() {
    client = client(2, Duration.ofSeconds(2));
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    for (int i = 0; i < 2; i++) resumeAnswers.add(() -> json(503, "{\"detail\":\"busy\"}"));
    for (int i = 0; i < 20; i++) sessionAnswers.add(() -> json(200, corpus("session-current-run.json")));
    assertThatThrownBy(() -> client.session(SESSION).send("Tell me about durable runs"))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("reply broke off after the message was sent")
        .hasMessageContaining("the run is still going")
        .hasMessageContaining("13 characters of the reply had arrived");
    assertThat(resumes.get()).isEqualTo(2);
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void eachResumeAttemptIsOneRequestEvenWithTransportRetries() {
    // the recovery's attempts are its retries: a transport retrying each refused resume (503, with backoff) would
    // spend the call's time before the session is read
    client.close();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api").toString())
        .apiKey("on_test_key").maxRetries(2).callTimeout(Duration.ofSeconds(10))
        .streamIdleTimeout(Duration.ofMillis(600)).option("resume-attempts", "2").build());
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    for (int i = 0; i < 6; i++) resumeAnswers.add(() -> json(503, "{\"detail\":\"busy\"}"));
    sessionAnswers.add(() -> json(200, corpus("session-completed-durable.json")));
    streamWhole();
    assertThat(resumes.get()).as("one request per resume attempt").isEqualTo(2);
    assertThat(sessionReads.get()).isEqualTo(1);
  }

  @Test
  void aHeartbeatOnlyReplayIsBoundedByTheDeadline() {
    client = client(1, Duration.ofSeconds(2));
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    String heartbeat = "{\"placement\": {\"turn_index\": 0, \"tab_index\": 0, \"sub_turn_index\": null, "
        + "\"model_index\": null}, \"obj\": {\"type\": \"chat_heartbeat\"}}\n";
    String replay = String.join("", java.util.Arrays.copyOf(
        corpus("resume-original-broken.ndjson").split("(?<=\n)"), 2)) + heartbeat.repeat(200);
    // a dead writer: the replay then only heartbeats, every 100 ms, for longer than the call may take
    resumeAnswers.add(() -> ndjson(replay).throttleBody(heartbeat.length(), 100, TimeUnit.MILLISECONDS));
    for (int i = 0; i < 50; i++) sessionAnswers.add(() -> json(200, corpus("session-current-run.json")));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.session(SESSION).send("Tell me about durable runs"))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("the message is stored");
    // a functional bound, not a timing assertion: unbounded, the replay would run for 20 s
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(sends.get()).isEqualTo(1);
  }

  @Test
  void aBreakBeforeTheIdsLineIsAnUnknownOutcome() {
    // the response began (a heartbeat) but broke before the ids line: which stored message is ours is unknown
    sendAnswers.add(() -> reset("{\"placement\": {\"turn_index\": 0, \"tab_index\": 0, \"sub_turn_index\": null, "
        + "\"model_index\": null}, \"obj\": {\"type\": \"chat_heartbeat\"}}\n"));
    assertThatThrownBy(() -> client.session(SESSION).send("Tell me about durable runs"))
        .isInstanceOf(SendOutcomeUnknownException.class)
        .satisfies(e -> assertThat(((SendOutcomeUnknownException) e).messageState())
            .isEqualTo(SendOutcomeUnknownException.MessageState.UNKNOWN));
    assertThat(sends.get()).isEqualTo(1);
    assertThat(resumes.get()).isZero();
  }

  @Test
  void zeroAttemptsTurnsRecoveryOff() {
    client = client(0, Duration.ofSeconds(5));
    sendAnswers.add(() -> reset(corpus("resume-original-broken.ndjson")));
    assertThatThrownBy(() -> client.session(SESSION).send("Tell me about durable runs"))
        .isInstanceOf(StreamException.class);
    assertThat(resumes.get()).isZero();
    assertThat(sessionReads.get()).isZero();
  }

  @Test
  void cancellingASendWhileItIsBeingRejoinedStopsTheRunAndEnds() throws Exception {
    CountDownLatch resuming = new CountDownLatch(1);
    sendAnswers.add(() -> ndjson(corpus("resume-original-broken.ndjson")));
    resumeAnswers.add(() -> {
      resuming.countDown();
      return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE); // the rejoin hangs
    });
    CompletableFuture<ChatReply> reply = client.session(SESSION).sendAsync("Tell me about durable runs");
    assertThat(resuming.await(5, TimeUnit.SECONDS)).isTrue();
    reply.cancel(true);
    assertThatThrownBy(reply::join).isInstanceOf(java.util.concurrent.CancellationException.class);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (stops.get() == 0 && System.nanoTime() < until) Thread.sleep(10);
    assertThat(stops.get()).isEqualTo(1);
    assertThat(sends.get()).isEqualTo(1);
  }
}
