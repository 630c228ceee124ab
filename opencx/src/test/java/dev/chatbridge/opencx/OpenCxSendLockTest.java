package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.http.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sends on one OpenCX session go one at a time (a reply is matched to its message by position), and a send that
 * waits behind a busy one ends at its own deadline or on a cancel, having sent nothing, instead of waiting as long
 * as the other takes. The busy send is held in a 30 s {@code Retry-After} wait after a 429 (a wait that does not use
 * up its operation's time), far longer than the waiting send's one-second call timeout.
 */
class OpenCxSendLockTest {
  private static final String SID = "3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a13";

  private MockWebServer server;
  private final AtomicInteger sends = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getMethod().equals("GET")) { // the history snapshot each send reads first
          return new MockResponse().setHeader("Content-Type", "application/json")
              .setBody("{\"items\":[],\"next\":null}");
        }
        sends.incrementAndGet();
        return new MockResponse().setResponseCode(429).setHeader("Retry-After", "30")
            .setHeader("Content-Type", "application/json")
            .setBody("{\"statusCode\":429,\"message\":\"ThrottlerException: Too Many Requests\"}");
      }
    });
    server.start();
    // warm up (class loading on a busy machine): the busy send's snapshot and POST must fit its 1 s call timeout
    try (OpenCxClient warm = OpenCxClient.builder().apiKey("sk-opencx-test-123").baseUrl(server.url("/").toString())
        .build()) {
      warm.history(SID);
    }
    server.takeRequest();
  }

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    server.shutdown();
  }

  private ChatClient client(Duration callTimeout) {
    return ChatClients.create(ChatConfig.builder().vendor("opencx").baseUrl(server.url("/").toString())
        .apiKey("sk-opencx-test-123").callTimeout(callTimeout).build());
  }

  /** Starts a send that then holds the session's lock for the 30 s Retry-After wait. */
  private CompletableFuture<ChatReply> busy(ChatSession session) throws InterruptedException {
    CompletableFuture<ChatReply> first = session.sendAsync("first");
    assertThat(server.takeRequest(20, TimeUnit.SECONDS)).as("the first send's snapshot").isNotNull();
    assertThat(server.takeRequest(20, TimeUnit.SECONDS).getMethod()).as("the first send's POST").isEqualTo("POST");
    return first;
  }

  @Test
  void aSendBehindABusyOneOnTheSameSessionEndsAtItsDeadlineHavingSentNothing() throws Exception {
    try (ChatClient client = client(Duration.ofSeconds(1))) {
      ChatSession session = client.session(SID);
      CompletableFuture<ChatReply> first = busy(session);
      CompletableFuture<ChatReply> second = session.sendAsync("second");
      assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(ChatTimeoutException.class)
          .hasMessageContaining("opencx send on session " + SID)
          .hasMessageContaining("call timeout");
      assertThat(sends.get()).as("only the first send's POST reached the server").isEqualTo(1);
      assertThat(first).isNotDone();
      first.cancel(true);
    }
  }

  @Test
  void aCancelEndsTheWaitBehindABusySendHavingSentNothing() throws Exception {
    try (ChatClient client = client(Duration.ofSeconds(30))) {
      ChatSession session = client.session(SID);
      CompletableFuture<ChatReply> first = busy(session);
      Cancellation cancellation = new Cancellation();
      Future<ChatReply> second = pool.submit(() -> cancellation.run(() -> session.send("second")));
      cancellation.cancel();
      assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isExactlyInstanceOf(ChatException.class)
          .hasMessageContaining(SID)
          .hasMessageContaining("cancelled");
      assertThat(sends.get()).as("only the first send's POST reached the server").isEqualTo(1);
      assertThat(first).isNotDone();
      first.cancel(true);
    }
  }

  @Test
  void sendsOnOtherSessionsDoNotWait() throws Exception {
    try (ChatClient client = client(Duration.ofSeconds(1))) {
      CompletableFuture<ChatReply> first = busy(client.session(SID));
      // another session is not behind the busy one: its own POST goes out at once (and meets the 429 itself)
      CompletableFuture<ChatReply> other = client.session("9b2d4f6a-1c3e-4a5b-8d7f-0e2c4a6b8d10").sendAsync("other");
      assertThat(server.takeRequest(20, TimeUnit.SECONDS).getPath()).contains("9b2d4f6a");
      other.cancel(true);
      first.cancel(true);
    }
  }
}
