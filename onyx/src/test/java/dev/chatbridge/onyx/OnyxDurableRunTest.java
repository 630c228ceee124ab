package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.OnyxEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end against the emulator's durable runs: the run outlives a broken send stream, the client rejoins it
 * through resume-stream (or reads the session when it is over or the route refuses), and the message is POSTed once.
 */
class OnyxDurableRunTest {
  static final String QUESTION = "tell me about durable runs please";

  OnyxEmulator emulator;
  ChatClient client;

  @BeforeEach
  void start() {
    emulator = new OnyxEmulator().start().generationPace(Duration.ofMillis(40));
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).maxRetries(0).callTimeout(Duration.ofSeconds(10)).build());
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  String resumePath(ChatSession session) {
    return "/api/chat/chat-session/" + session.id() + "/resume-stream";
  }

  @Test
  void aStreamBrokenWhileTheRunGoesOnIsRejoinedAndEveryDeltaArrivesOnce() {
    ChatSession session = client.createSession();
    // ids line, message_start, one delta, then the connection is cut; the run keeps generating
    emulator.inject(Fault.truncateStream(3).on("POST", "/api/chat/send-chat-message"));
    List<ChatEvent> events = new ArrayList<>();
    ChatReply reply;
    try (ChatStream stream = session.stream(QUESTION)) {
      for (ChatEvent e : stream) events.add(e);
      reply = stream.reply();
    }
    StringBuilder text = new StringBuilder();
    for (ChatEvent e : events) if (e instanceof ChatEvent.TextDelta d) text.append(d.text());
    assertThat(text.toString()).isEqualTo(Emulator.replyTo(QUESTION));
    assertThat(events.stream().filter(ChatEvent.MessageStarted.class::isInstance)).hasSize(1);
    assertThat(events.stream().filter(ChatEvent.CitationAdded.class::isInstance)).hasSize(1);
    assertThat(reply.message().vendorData()).containsEntry("recovered_from", "resume-stream");
    assertThat(emulator.requestCount("POST", "/api/chat/send-chat-message")).isEqualTo(1);
    assertThat(emulator.requestCount("GET", resumePath(session))).isEqualTo(1);
    assertThat(session.history()).extracting(m -> m.text()).containsExactly(QUESTION, Emulator.replyTo(QUESTION));
  }

  @Test
  void resumeRefusedWhileTheRunGoesOnWaitsForTheStoredReply() {
    ChatSession session = client.createSession();
    emulator.inject(Fault.truncateStream(3).on("POST", "/api/chat/send-chat-message"));
    emulator.inject(Fault.status(503, "{\"error_code\":\"SERVICE_UNAVAILABLE\",\"detail\":\"busy\"}")
        .on("GET", resumePath(session)).times(10));
    ChatReply reply = session.send(QUESTION);
    assertThat(reply.text()).isEqualTo(Emulator.replyTo(QUESTION));
    assertThat(reply.message().vendorData()).containsEntry("recovered_from", "session");
    assertThat(emulator.requestCount("POST", "/api/chat/send-chat-message")).isEqualTo(1);
  }

  @Test
  void theSessionShowsTheRunAndThePlaceholderUntilTheRunEnds() throws Exception {
    ChatSession session = client.createSession();
    OnyxClient onyx = client.unwrap(OnyxClient.class);
    emulator.generationPace(Duration.ofMillis(100));
    int reserved;
    try (OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(session.id(), QUESTION))) {
      OnyxStreamItem.MessageIds ids = (OnyxStreamItem.MessageIds) stream.next();
      reserved = ids.reservedAssistantMessageId();
      ChatSessionDetail running = onyx.getChatSession(session.id());
      assertThat(running.currentRun()).containsEntry("run_id", (long) reserved);
      assertThat(running.message(reserved).message()).isEqualTo(OnyxEmulator.PLACEHOLDER);
      assertThat(running.message(reserved).parentMessage()).isEqualTo(ids.userMessageId());
      // a second reader replays the run from its first line and follows it to its stop (closing it earlier would
      // stop the run, as for any unfinished Onyx stream)
      try (OnyxStream replay = onyx.resumeStream(session.id())) {
        assertThat(replay.next()).isInstanceOf(OnyxStreamItem.MessageIds.class);
        OnyxStreamItem last = null;
        for (OnyxStreamItem item = replay.next(); item != null; item = replay.next()) last = item;
        assertThat(((Packet) last).type()).isEqualTo("stop");
      }
      while (stream.next() != null) {
        // read to the end
      }
    }
    ChatSessionDetail done = onyx.getChatSession(session.id());
    assertThat(done.currentRun()).isNull();
    assertThat(done.message(reserved).message()).isEqualTo(Emulator.replyTo(QUESTION));
    // the run is over: nothing to resume, although its lines were buffered
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> onyx.resumeStream(session.id()))
        .isInstanceOfSatisfying(NotFoundException.class,
            e -> assertThat(e.errorCode()).contains("NOT_FOUND"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> onyx.resumeStream("00000000-0000-4000-8000-000000000000"))
        .isInstanceOfSatisfying(NotFoundException.class,
            e -> assertThat(e.errorCode()).contains("SESSION_NOT_FOUND"));
  }
}
