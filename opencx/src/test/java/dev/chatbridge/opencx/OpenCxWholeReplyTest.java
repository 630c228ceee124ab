package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenCxEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole replies: a polled send returns every ai/human_agent message after ours until the turn is over (the next
 * contact message, or a quiet period), joined by a blank line, each listed in vendor data; polls read only from the
 * snapshot's last history page on.
 */
class OpenCxWholeReplyTest {
  private static final String TEXT = "please tell me about the three plans we talked about";

  private OpenCxEmulator emulator;

  @BeforeEach
  void start() {
    emulator = new OpenCxEmulator();
    emulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private ChatClient client(long quietMs) {
    return ChatClients.create(ChatConfig.builder().vendor("opencx").baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).callTimeout(Duration.ofSeconds(10))
        .option(OpenCxProvider.OPTION_REPLY_QUIET_MS, String.valueOf(quietMs)).build());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> parts(ChatReply reply) {
    return (List<Map<String, Object>>) reply.message().vendorData().get("messages");
  }

  @Test
  void threeAiMessagesWithGapsAreOneReply() {
    emulator.multiPartReplies(3, Duration.ofMillis(200));
    try (ChatClient client = client(700)) {
      ChatSession session = client.createSession();
      ChatReply reply = session.send(TEXT);

      List<String> expected = OpenCxEmulator.replyParts(TEXT, 3);
      assertThat(expected).hasSize(3);
      assertThat(reply.text()).isEqualTo(String.join(OpenCxTurn.SEPARATOR, expected));
      assertThat(reply.message().vendorData()).containsEntry("turn_ended_by", "quiet_period");
      List<Message> ai = session.history().stream().filter(m -> m.role().equals(Role.ASSISTANT)).toList();
      assertThat(parts(reply)).extracting(p -> p.get("id")).containsExactlyElementsOf(
          ai.stream().map(Message::id).toList());
      assertThat(parts(reply)).extracting(p -> p.get("sender_type")).containsOnly("ai");
      assertThat(parts(reply)).allSatisfy(p -> assertThat(p.get("created_at")).isNotNull());
      assertThat(reply.message().id()).isEqualTo(ai.get(0).id());
      assertThat(reply.userMessageId()).isPresent();
    }
  }

  @Test
  void anAgentHandoffMidReplyKeepsTheAgentsAnswerInTheReply() {
    emulator.multiPartReplies(3, Duration.ofMillis(200)).handoffMidReply(true);
    try (ChatClient client = client(700)) {
      ChatReply reply = client.createSession().send(TEXT);

      String first = OpenCxEmulator.replyParts(TEXT, 3).get(0);
      assertThat(reply.text()).isEqualTo(first + OpenCxTurn.SEPARATOR + OpenCxEmulator.HANDOFF_TEXT);
      assertThat(parts(reply)).extracting(p -> p.get("sender_type")).containsExactly("ai", "human_agent");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> events = (List<Map<String, Object>>) reply.message().vendorData().get("events");
      assertThat(events).extracting(e -> e.get("type")).containsExactly("handoff", "human_agent_takeover");
    }
  }

  @Test
  void theNextContactMessageEndsTheTurn() throws Exception {
    emulator.multiPartReplies(2, Duration.ofMillis(300));
    try (ChatClient client = client(60_000); ChatClient other = client(0)) {
      ChatSession session = client.createSession();
      Thread next = new Thread(() -> {
        // once the first AI message is stored, another sender (a second client) writes in the session
        ChatSession same = other.session(session.id());
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until
            && same.history().stream().noneMatch(m -> m.role().equals(Role.ASSISTANT))) {
          Thread.onSpinWait();
        }
        same.send("a new question");
      });
      next.start();
      ChatReply reply = session.send(TEXT);
      next.join();

      // the quiet period (60 s) cannot have ended it: the contact message did, within the 10 s call timeout
      assertThat(reply.message().vendorData()).containsEntry("turn_ended_by", "next_contact_message");
      List<String> expected = OpenCxEmulator.replyParts(TEXT, 2);
      assertThat(reply.text()).isIn(expected.get(0), String.join(OpenCxTurn.SEPARATOR, expected));
      assertThat(reply.text()).doesNotContain("new question");
    }
  }

  @Test
  void aQuietPeriodOfZeroReturnsTheFirstMessage() {
    emulator.multiPartReplies(3, Duration.ofMillis(300));
    try (ChatClient client = client(0)) {
      ChatReply reply = client.createSession().send(TEXT);
      assertThat(reply.text()).isEqualTo(OpenCxEmulator.replyParts(TEXT, 3).get(0));
      assertThat(parts(reply)).hasSize(1);
    }
  }

  @Test
  void pollsReadOnlyFromTheSnapshotsLastPage() {
    emulator.historyPageSize(3);
    try (ChatClient client = client(300)) {
      ChatSession session = client.createSession();
      for (int i = 0; i < 4; i++) session.send("earlier message " + i); // 8 events: 3 pages
      emulator.clearRequests();
      ChatReply reply = session.send(TEXT);
      assertThat(reply.text()).isEqualTo(Emulator.replyTo(TEXT));

      String history = emulator.readPath(session.id());
      List<Emulator.RecordedRequest> reads = emulator.requests().stream()
          .filter(r -> r.method().equals("GET") && r.path().equals(history)).toList();
      assertThat(reads.size()).isGreaterThan(3); // the snapshot's 3 pages, then at least one poll
      // only the snapshot walks from the first page; every poll starts at the snapshot's last page
      assertThat(reads.stream().filter(r -> r.query() == null || !r.query().contains("cursor"))).hasSize(1);
    }
  }

  @Test
  void aBadQuietPeriodIsAConfigurationError() {
    for (String bad : List.of("-1", "soon", "600001")) {
      assertThatThrownBy(() -> ChatClients.create(ChatConfig.builder().vendor("opencx").baseUrl(emulator.baseUrl())
          .apiKey(emulator.apiKey()).option(OpenCxProvider.OPTION_REPLY_QUIET_MS, bad).build()))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("reply-quiet-ms");
    }
  }
}
