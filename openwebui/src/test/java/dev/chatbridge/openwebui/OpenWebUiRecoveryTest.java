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
import dev.chatbridge.ConnectionException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import dev.chatbridge.StreamException;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator.Persistence;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send whose completion reached Open WebUI but whose answer was lost (the connection reset after the request
 * was written): on the server-managed path the turn is found in the chat by the ids ChatBridge generated and the
 * reply followed to its end, or the typed unknown outcome; on the client-managed path nothing is stored before
 * ChatBridge's write-back, and the typed outcome says so ({@code NOT_STORED}; {@code STORED} once part of a
 * streamed reply arrived and was written back). The completion is POSTed exactly once in every case.
 */
class OpenWebUiRecoveryTest {
  private static final String COMPLETIONS = "/api/chat/completions";

  private OpenWebUiEmulator emulator;
  private MockWebServer proxy;
  private final OkHttpClient upstream = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  /** The next completion POST: forwarded to the emulator (after this delay), its answer replaced by a reset. */
  private volatile boolean dropNextCompletion;
  private volatile long forwardDelayMillis;
  /** Set: the dropped completion never reaches the emulator (the server did not take it in). */
  private volatile boolean swallowCompletion;
  /** The next completion POST: forwarded, its answer cut half-way through the body. */
  private volatile boolean cutNextCompletion;

  @BeforeEach
  void start() throws IOException {
    emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).start();
    proxy = new MockWebServer();
    proxy.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return OpenWebUiRecoveryTest.this.dispatch(r);
      }
    });
    proxy.start();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.shutdown();
    emulator.close();
  }

  private MockResponse dispatch(RecordedRequest r) {
    if (r.getMethod().equals("POST") && r.getRequestUrl().encodedPath().equals(COMPLETIONS) && cutNextCompletion) {
      cutNextCompletion = false;
      // the server answered; the connection breaks half-way through the answer's body
      return forward(r).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
    }
    boolean drop = r.getMethod().equals("POST") && r.getRequestUrl().encodedPath().equals(COMPLETIONS)
        && dropNextCompletion;
    if (!drop) return forward(r);
    dropNextCompletion = false;
    if (swallowCompletion) return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    long delay = forwardDelayMillis;
    if (delay == 0) {
      forward(r); // the server processed it; its answer never arrives
    } else {
      Thread late = new Thread(() -> {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          return;
        }
        forward(r); // the server takes the request in only after the client saw the connection fail
      });
      late.setDaemon(true);
      late.start();
    }
    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
  }

  private MockResponse forward(RecordedRequest r) {
    String url = emulator.baseUrl().replaceAll("/+$", "") + r.getPath();
    RequestBody body = r.getBodySize() > 0 || r.getMethod().equals("POST")
        ? RequestBody.create(r.getBody().clone().readByteArray(), MediaType.get("application/json")) : null;
    Request.Builder b = new Request.Builder().url(url).method(r.getMethod(), body);
    String auth = r.getHeader("Authorization");
    if (auth != null) b.header("Authorization", auth);
    try (Response res = upstream.newCall(b.build()).execute()) {
      String type = res.header("Content-Type", "application/json");
      return new MockResponse().setResponseCode(res.code()).setHeader("Content-Type", type)
          .setBody(res.body() == null ? "" : res.body().string());
    } catch (IOException e) {
      return new MockResponse().setResponseCode(502).setBody("proxy could not reach the emulator: " + e);
    }
  }

  private ChatClient client(String history, Duration callTimeout) {
    ChatConfig.Builder b = ChatConfig.builder().vendor(OpenWebUiProvider.NAME).baseUrl(proxy.url("/").toString())
        .apiKey(emulator.apiKey()).callTimeout(callTimeout).option("write-settle", "1ms");
    emulator.clientOptions().forEach(b::option);
    b.option("history", history);
    return ChatClients.create(b.build());
  }

  /** A new chat, made by a client with time to spare (a short call timeout is for the send under test). */
  private String newChat() {
    try (ChatClient client = client("server", Duration.ofSeconds(10))) {
      return client.createSession().id();
    }
  }

  private int completionPosts() {
    return emulator.requestCount("POST", COMPLETIONS);
  }

  @Test
  void aLostAnswerOnTheServerPathIsRecoveredFromTheChatByOurIds() {
    try (ChatClient client = client("server", Duration.ofSeconds(10))) {
      ChatSession session = client.createSession();
      dropNextCompletion = true;
      ChatReply reply = session.send("where is my order");
      assertThat(reply.text()).isEqualTo(Emulator.replyTo("where is my order"));
      ChatHistory history = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history();
      HistoryMessage stored = history.message(reply.message().id()).orElseThrow();
      assertThat(stored.done()).contains(true);
      assertThat(stored.parentId()).isEqualTo(reply.userMessageId());
      assertThat(session.send("and now?").text()).as("the chat is free again").isEqualTo(Emulator.replyTo("and now?"));
    }
    assertThat(completionPosts()).as("never re-sent").isEqualTo(2);
  }

  @Test
  void aTurnStoredOnlyAfterTheConnectionFailedAndASlowReplyAreWaitedFor() {
    // the server takes the request in 300 ms after the reset, and its reply stalls for 300 ms after 1 chunk
    emulator.inject(Fault.stallStream(1, Duration.ofMillis(300)).on("POST", COMPLETIONS));
    forwardDelayMillis = 300;
    try (ChatClient client = client("server", Duration.ofSeconds(10))) {
      ChatSession session = client.createSession();
      dropNextCompletion = true;
      ChatReply reply = session.send("take your time");
      assertThat(reply.text()).isEqualTo(Emulator.replyTo("take your time"));
    }
    assertThat(completionPosts()).isEqualTo(1);
  }

  @Test
  void aReplyNotDoneByTheDeadlineIsStoredNotFailed() {
    emulator.inject(Fault.stallStream(1, Duration.ofSeconds(30)).on("POST", COMPLETIONS));
    try (ChatClient client = client("server", Duration.ofMillis(800))) {
      ChatSession session = client.session(newChat());
      dropNextCompletion = true;
      assertThatThrownBy(() -> session.send("never ends"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.STORED);
            assertThat(e.exchangeIdentified()).isTrue();
            assertThat(e.messageId()).isPresent();
            assertThat(e).hasCauseInstanceOf(ConnectionException.class);
            ChatHistory history = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history();
            assertThat(history.message(e.messageId().get())).as("the id names our stored message").isPresent();
          });
    }
    assertThat(completionPosts()).isEqualTo(1);
  }

  @Test
  void aTurnThatNeverAppearsIsUnknownNeverNotStored() {
    swallowCompletion = true;
    try (ChatClient client = client("server", Duration.ofMillis(600))) {
      ChatSession session = client.session(newChat());
      dropNextCompletion = true;
      assertThatThrownBy(() -> session.send("lost on the way"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
            assertThat(e).hasCauseInstanceOf(ConnectionException.class);
          });
    }
    assertThat(completionPosts()).isZero();
  }

  @Test
  void aRecoveredStreamDeliversEveryPartOfTheReplyOnce() {
    try (ChatClient client = client("server", Duration.ofSeconds(10))) {
      ChatSession session = client.createSession();
      dropNextCompletion = true;
      List<String> deltas = new ArrayList<>();
      int started = 0;
      ChatReply reply;
      try (ChatStream stream = session.stream("stream it back to me in several chunks")) {
        for (ChatEvent e : stream) {
          if (e instanceof ChatEvent.TextDelta d) deltas.add(d.text());
          if (e instanceof ChatEvent.MessageStarted) started++;
        }
        reply = stream.reply();
      }
      String expected = Emulator.replyTo("stream it back to me in several chunks");
      assertThat(started).isEqualTo(1);
      assertThat(String.join("", deltas)).isEqualTo(reply.text()).isEqualTo(expected);
      assertThat(deltas).isNotEmpty();
    }
    assertThat(completionPosts()).isEqualTo(1);
  }

  @Test
  void aLostAnswerOnTheClientPathIsTheTypedNotStoredOutcome() {
    try (ChatClient client = client("client", Duration.ofSeconds(5))) {
      ChatSession session = client.createSession();
      dropNextCompletion = true;
      assertThatThrownBy(() -> session.send("hello?"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.NOT_STORED);
            assertThat(e).hasCauseInstanceOf(ConnectionException.class)
                .hasMessageContaining("before ChatBridge wrote the exchange to the chat")
                .hasMessageContaining("the model may have run")
                .hasMessageContaining("sending it again will not duplicate it");
          });
      ChatHistory history = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history();
      assertThat(history.messages()).as("the unbound completion stores nothing").isEmpty();
      assertThat(OpenWebUiServerManagedTest.updates(emulator, session.id())).as("no write-back").isZero();
      assertThat(session.send("hello?").text()).as("sending again is safe").isEqualTo(Emulator.replyTo("hello?"));
      assertThat(client.unwrap(OpenWebUiClient.class).getChat(session.id()).history().messages()).hasSize(2);
    }
    assertThat(completionPosts()).isEqualTo(2);
  }

  @Test
  void aBlockingSendWhoseAnswerBreaksOffOnTheClientPathIsNotStored() {
    try (ChatClient client = client("client", Duration.ofSeconds(5))) {
      ChatSession session = client.createSession();
      cutNextCompletion = true;
      assertThatThrownBy(() -> session.send("cut me off"))
          .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
            assertThat(e.messageState()).isEqualTo(MessageState.NOT_STORED);
            assertThat(e.getCause()).isInstanceOf(StreamException.class).hasMessageContaining("broke mid-reply");
          });
      assertThat(client.unwrap(OpenWebUiClient.class).getChat(session.id()).history().messages()).isEmpty();
      assertThat(OpenWebUiServerManagedTest.updates(emulator, session.id())).as("no write-back").isZero();
    }
    assertThat(completionPosts()).isEqualTo(1);
  }

  @Test
  void aStreamThatBreaksOffOnTheClientPathStoresWhatArrivedAndSaysItIsStored() {
    try (ChatClient client = client("client", Duration.ofSeconds(5))) {
      ChatSession session = client.createSession();
      cutNextCompletion = true;
      StringBuilder deltas = new StringBuilder();
      assertThatThrownBy(() -> {
        try (ChatStream stream = session.stream("stream it back to me in several chunks, then break")) {
          for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta d) deltas.append(d.text());
        }
      }).isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
        assertThat(e.messageState()).isEqualTo(MessageState.STORED);
        assertThat(e).hasMessageContaining("wrote the part that arrived to the chat")
            .hasMessageContaining("sending it again would store it twice");
        assertThat(e.getCause()).isInstanceOf(StreamException.class);
        // stored when the exception is thrown, not only once the stream is closed
        ChatHistory history = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history();
        HistoryMessage user = history.message(e.messageId().orElseThrow()).orElseThrow();
        assertThat(user.role()).isEqualTo("user");
        HistoryMessage reply = history.message(history.currentId().orElseThrow()).orElseThrow();
        assertThat(reply.parentId()).contains(user.id());
        assertThat(reply.node().path("error").path("content").asText()).contains("broke mid-reply");
      });
      assertThat(deltas).as("part of the reply arrived").isNotEmpty();
      String stored = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history().messages().values()
          .stream().filter(m -> m.role().equals("assistant")).findFirst().orElseThrow().text();
      assertThat(stored).isEqualTo(deltas.toString());
      assertThat(Emulator.replyTo("stream it back to me in several chunks, then break")).startsWith(stored)
          .isNotEqualTo(stored);
    }
    assertThat(completionPosts()).isEqualTo(1);
  }
}
