package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every blocking operation of the neutral API ends within the call timeout plus retry waits, whatever the server
 * does: a send read through the stream path, several calls in one operation, a GET that hangs. Streams keep the
 * idle timeout and gain an optional total cap. The bounds asserted are functional (many times the timeout), never
 * a measurement.
 */
class OperationDeadlineTest {
  /** A generous bound on an operation whose time limit is about a second. */
  private static final Duration ENDS_WITHIN = Duration.ofSeconds(20);

  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  /**
   * A vendor shaped like the real ones: {@code createSession} makes three GETs, {@code send} reads its reply through
   * the stream path (as Onyx and Open WebUI do), {@code history} is one GET, {@code stream} reads lines.
   */
  static final class StepBackend implements ChatBackend {
    final Transport transport;

    StepBackend(ChatConfig config) {
      transport = Transport.builder("steps", config).build();
    }

    @Override
    public String vendor() {
      return "steps";
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.STREAMING, Capability.HISTORY);
    }

    @Override
    public SessionDetails createSession(SessionOptions options) {
      for (int i = 0; i < 3; i++) transport.json(ApiRequest.get(transport.url("step", String.valueOf(i)).build()));
      return new SessionDetails(SessionSummary.builder().id("s").build(), List.of());
    }

    @Override
    public ChatReply send(String sessionId, MessageRequest request) {
      try (Transport.StreamCall call = transport.stream(ApiRequest.post(transport.url("send").build(), Map.of()))) {
        String text = call.source().readUtf8();
        return ChatReply.builder().message(Message.builder().role(Role.ASSISTANT).text(text).build()).build();
      } catch (IOException e) {
        if (Transport.isTimeout(e)) throw new ChatTimeoutException("steps send timed out", e);
        throw new StreamException("steps send broke", e);
      }
    }

    @Override
    public ChatStream stream(String sessionId, MessageRequest request) {
      Transport.StreamCall call = transport.stream(ApiRequest.post(transport.url("send").build(), Map.of()));
      BufferedSource source = call.source();
      ReplyAccumulator text = new ReplyAccumulator();
      return ChatStream.of(vendor(), new EventSource() {
        private boolean done;

        @Override
        public ChatEvent next() throws IOException {
          if (done) return null;
          String line = source.readUtf8Line();
          if (line != null) return text.accept(new ChatEvent.TextDelta(line));
          done = true;
          return new ChatEvent.Completed(ChatReply.builder()
              .message(Message.builder().role(Role.ASSISTANT).text(text.text()).build()).build());
        }

        @Override
        public void cancel() {
          call.cancel();
        }

        @Override
        public ChatReply partialReply() {
          return null;
        }

        @Override
        public void close() {
          call.close();
        }
      });
    }

    @Override
    public List<Message> history(String sessionId) {
      transport.json(ApiRequest.get(transport.url("history").build()));
      return List.of();
    }

    @Override
    public Object typedClient() {
      return transport;
    }

    @Override
    public void close() {
      transport.close();
    }
  }

  private ChatClient client(Duration callTimeout) {
    return client(ChatConfig.builder().callTimeout(callTimeout));
  }

  private ChatClient client(ChatConfig.Builder config) {
    return ChatClient.of(new StepBackend(config.vendor("steps").baseUrl(server.url("/").toString())
        .streamIdleTimeout(Duration.ofSeconds(30)).build()));
  }

  /** A 200 whose body arrives one byte every {@code millis}: never silent long enough for the idle timeout. */
  private static MockResponse dripping(int bytes, long millis) {
    return new MockResponse().setBody("x".repeat(bytes)).throttleBody(1, millis, TimeUnit.MILLISECONDS);
  }

  @Test
  void aSendReadThroughTheStreamPathEndsAtTheCallTimeoutThoughBytesKeepComing() {
    server.enqueue(dripping(120, 500)); // a minute of drip, idle timeout 30 s: only the call timeout can end it
    try (ChatClient client = client(Duration.ofSeconds(1))) {
      assertTimeoutPreemptively(ENDS_WITHIN, () -> assertThatThrownBy(() -> client.session("s").send("hi"))
          .isInstanceOf(ChatTimeoutException.class));
    }
    assertThat(server.getRequestCount()).as("a send is never retried").isEqualTo(1);
  }

  @Test
  void aSendThatNeverGetsAnAnswerEndsAtTheCallTimeoutNotTheIdleTimeout() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    try (ChatClient client = client(Duration.ofSeconds(1))) {
      assertTimeoutPreemptively(ENDS_WITHIN, () -> assertThatThrownBy(() -> client.session("s").send("hi"))
          .isInstanceOf(ChatTimeoutException.class));
    }
  }

  @Test
  void sendAsyncIsBoundedTheSameWay() {
    server.enqueue(dripping(120, 500));
    try (ChatClient client = client(Duration.ofSeconds(1))) {
      assertTimeoutPreemptively(ENDS_WITHIN, () -> assertThatThrownBy(() -> client.session("s").sendAsync("hi").get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ChatTimeoutException.class));
    }
  }

  @Test
  void anOperationOfSeveralCallsIsBoundedAsAWhole() {
    // each step alone fits in the call timeout; the three together do not
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setBody("{}").setHeadersDelay(600, TimeUnit.MILLISECONDS));
    }
    try (ChatClient client = client(Duration.ofSeconds(1))) {
      assertTimeoutPreemptively(ENDS_WITHIN, () -> assertThatThrownBy(client::createSession)
          .isInstanceOf(ChatTimeoutException.class)
          .hasMessageContaining("the operation used up its time limit"));
    }
    assertThat(server.getRequestCount()).as("the third step was never started").isEqualTo(2);
  }

  @Test
  void aHungGetInsideAnOperationIsNotRetriedPastTheDeadlineAndSaysSo() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setBody("{}"));
    try (ChatClient client = client(Duration.ofMillis(800))) {
      assertTimeoutPreemptively(ENDS_WITHIN, () -> assertThatThrownBy(() -> client.session("s").history())
          .isInstanceOf(ChatTimeoutException.class)
          .hasMessageContaining("1 attempt; not retried: the operation used up its time limit")
          .hasMessageNotContaining("may have been processed"));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retryWaitsDoNotUseUpTheOperationsTime() {
    // the Retry-After wait (1 s, real) is longer than the whole call timeout; the retry still gets its time
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1").setBody("{}"));
    server.enqueue(new MockResponse().setBody("{}"));
    try (ChatClient client = client(Duration.ofMillis(800))) {
      assertThat(client.session("s").history()).isEmpty();
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStreamIsNotBoundByTheCallTimeoutOnlyByItsIdleTimeout() {
    server.enqueue(new MockResponse().setBody("a\nb\nc\nd\n").throttleBody(2, 400, TimeUnit.MILLISECONDS));
    try (ChatClient client = client(Duration.ofMillis(500));
        ChatStream stream = client.session("s").stream("hi")) {
      assertThat(stream.reply().text()).isEqualTo("abcd");
    }
  }

  @Test
  void streamTotalTimeoutCapsALivelyStream() {
    server.enqueue(dripping(120, 200).setBody("a\n".repeat(60)));
    try (ChatClient client = client(ChatConfig.builder().streamTotalTimeout(Duration.ofSeconds(1)));
        ChatStream stream = client.session("s").stream("hi")) {
      assertTimeoutPreemptively(ENDS_WITHIN, () -> assertThatThrownBy(() -> stream.forEach(e -> { }))
          .isInstanceOf(ChatTimeoutException.class)
          .hasMessageContaining("stream-total-timeout"));
    }
  }
}
