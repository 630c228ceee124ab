package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send whose answer is lost after it reached OpenCX (the connection reset after the request was written) is
 * recovered from the history: our message is the one new contact message with our text after the snapshot the
 * send took first, its reply the next ai/agent message; otherwise the typed unknown outcome. The message is POSTed
 * exactly once in every case.
 */
class OpenCxRecoveryTest {
  private static final String SID = "3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a13";

  private MockWebServer server;
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger gets = new AtomicInteger();
  /** The history each GET returns: the first before the send (the snapshot), then one per read, the last forever. */
  private final List<String> histories = new ArrayList<>();
  /** How the send POST is answered: its connection dropped after the request, unless a test says otherwise. */
  private volatile MockResponse postAnswer = new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getMethod().equals("POST")) {
          posts.incrementAndGet();
          return postAnswer;
        }
        int n = gets.getAndIncrement();
        String items = histories.get(Math.min(n, histories.size() - 1));
        return new MockResponse().setHeader("Content-Type", "application/json")
            .setBody("{\"items\":[" + items + "],\"next\":null}");
      }
    });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private ChatClient client(Duration callTimeout) {
    return ChatClients.create(ChatConfig.builder().vendor("opencx").baseUrl(server.url("/").toString())
        .apiKey("sk-opencx-test-123").callTimeout(callTimeout).build());
  }

  private static String item(String id, int second, String sender, String text) {
    return "{\"id\":\"" + id + "\",\"created_at\":\"2025-03-01T10:00:" + (10 + second) + ".000Z\",\"event\":{"
        + "\"type\":\"message\",\"sender\":{\"type\":\"" + sender + "\",\"name\":null},"
        + "\"content\":{\"type\":\"text\",\"text\":\"" + text + "\"},\"attachments\":[],\"context\":{}}}";
  }

  private static String join(String... items) {
    return String.join(",", items);
  }

  @Test
  void aLostAnswerIsReadBackFromTheHistoryOnceTheReplyAppears() {
    String older = item("e1", 0, "contact", "hello");
    String olderReply = item("e2", 1, "ai", "Hi there");
    String ours = item("e3", 2, "contact", "Where is my order?");
    histories.add(join(older, olderReply)); // the snapshot
    histories.add(join(older, olderReply)); // lagging: not stored yet
    histories.add(join(older, olderReply, ours)); // stored, no reply yet
    histories.add(join(older, olderReply, ours, item("e4", 3, "ai", "It ships tomorrow.")));
    try (ChatClient client = client(Duration.ofSeconds(10))) {
      ChatReply reply = client.session(SID).send("Where is my order?");
      assertThat(reply.text()).isEqualTo("It ships tomorrow.");
      assertThat(reply.message().id()).isEqualTo("e4");
      assertThat(reply.userMessageId()).contains("e3");
    }
    assertThat(posts).as("never re-sent").hasValue(1);
    assertThat(gets.get()).isGreaterThanOrEqualTo(4);
  }

  /** A 2xx answer means OpenCX took the message in: an unreadable one is recovered like a lost one. */
  @Test
  void anUnreadableSuccessAnswerIsReadBackFromTheHistory() {
    postAnswer = new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"message_id\": \"e3");
    String ours = item("e3", 2, "contact", "Where is my order?");
    histories.add(""); // the snapshot
    histories.add(join(ours, item("e4", 3, "ai", "It ships tomorrow.")));
    try (ChatClient client = client(Duration.ofSeconds(10))) {
      ChatReply reply = client.session(SID).send("Where is my order?");
      assertThat(reply.text()).isEqualTo("It ships tomorrow.");
      assertThat(reply.userMessageId()).contains("e3");
    }
    assertThat(posts).as("never re-sent").hasValue(1);
  }

  @Test
  void anUnreadableSuccessAnswerWhoseMessageNeverShowsSaysSo() {
    postAnswer = new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>signed out</html>");
    histories.add("");
    try (ChatClient client = client(Duration.ofMillis(800))) {
      assertThatThrownBy(() -> client.session(SID).send("hi"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
            assertThat(e).hasCauseInstanceOf(ResponseFormatException.class)
                .hasMessageContaining("answer to the send could not be read");
          });
    }
    assertThat(posts).hasValue(1);
  }

  @Test
  void anIdenticalEarlierMessageIsNeverTakenForOurs() {
    // our message was never stored: the earlier identical one and its reply must not be returned
    String older = item("e1", 0, "contact", "hi");
    String olderReply = item("e2", 1, "ai", "an old answer");
    histories.add(join(older, olderReply));
    try (ChatClient client = client(Duration.ofMillis(800))) {
      assertThatThrownBy(() -> client.session(SID).send("hi"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
            assertThat(e.exchangeIdentified()).isTrue();
            assertThat(e).hasCauseInstanceOf(ConnectionException.class)
                .hasMessageContaining("did not appear in the history");
          });
    }
    assertThat(posts).hasValue(1);
  }

  @Test
  void ourMessageStoredWithoutAReplyIsStored() {
    histories.add("");
    histories.add(item("e7", 0, "contact", "hi"));
    try (ChatClient client = client(Duration.ofMillis(800))) {
      assertThatThrownBy(() -> client.session(SID).send("hi"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.STORED);
            assertThat(e.messageId()).contains("e7");
          });
    }
    assertThat(posts).hasValue(1);
  }

  @Test
  void twoNewIdenticalMessagesCannotBeToldApartSoNoReplyIsReturned() {
    histories.add("");
    histories.add(join(item("e1", 0, "contact", "hi"), item("e2", 1, "contact", "hi"),
        item("e3", 2, "ai", "whose answer?")));
    try (ChatClient client = client(Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> client.session(SID).send("hi"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
            assertThat(e.exchangeIdentified()).isFalse();
            assertThat(e).hasMessageContaining("2 contact messages with the same text");
          });
    }
    assertThat(posts).hasValue(1);
  }

  @Test
  void aConnectionRefusedSendIsNotRecovered() throws Exception {
    server.shutdown(); // nothing listens: the message cannot have been taken in
    try (ChatClient client = ChatClients.create(ChatConfig.builder().vendor("opencx")
        .baseUrl(server.url("/").toString()).apiKey("sk-opencx-test-123").maxRetries(0)
        .callTimeout(Duration.ofSeconds(2)).build())) {
      assertThatThrownBy(() -> client.session(SID).send("hi")).isExactlyInstanceOf(ConnectionException.class);
    }
  }
}
