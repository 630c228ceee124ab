package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.ServerException;
import dev.chatbridge.StreamException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.stream.SseEvent;
import dev.chatbridge.internal.stream.SseReader;
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams end to end: transport → SSE reader → ChatStream, against a server that holds bytes back. */
class TransportStreamTest {
  private MockWebServer server;
  private Transport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
        .streamIdleTimeout(Duration.ofSeconds(30)).build()).sleeper(d -> { }).build();
  }

  @AfterEach
  void stop() throws IOException {
    transport.close();
    server.shutdown();
  }

  /** data: text → TextDelta, [DONE] → Completed. */
  static final class SseSource implements EventSource {
    private final Transport.StreamCall call;
    private final SseReader reader;
    private final ReplyAccumulator acc = new ReplyAccumulator();

    SseSource(Transport.StreamCall call) {
      this.call = call;
      this.reader = new SseReader(call.source());
    }

    @Override
    public ChatEvent next() throws IOException {
      SseEvent e = reader.next();
      if (e == null) return null;
      if (e.data().equals("[DONE]")) {
        return new ChatEvent.Completed(ChatReply.builder()
            .message(Message.builder().role(Role.ASSISTANT).text(acc.text()).build()).build());
      }
      return acc.accept(new ChatEvent.TextDelta(e.data()));
    }

    @Override
    public void cancel() {
      call.cancel();
    }

    @Override
    public void close() {
      call.close();
    }
  }

  private ChatStream open() {
    Transport.StreamCall call = transport.stream(ApiRequest.post(server.url("/chat"), Map.of("m", "hi"))
        .accept("text/event-stream"));
    return ChatStream.of("test", new SseSource(call));
  }

  /** A server that sends the first event, then holds the rest back until the test releases it. */
  private static final class WithholdingServer implements AutoCloseable {
    final CountDownLatch release = new CountDownLatch(1);
    final HttpServer http;

    WithholdingServer(String first, String rest) throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext("/", ex -> {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(first.getBytes(StandardCharsets.UTF_8));
          out.flush();
          release.await(30, TimeUnit.SECONDS);
          out.write(rest.getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException | IOException e) {
          // client gone
        }
      });
      http.start();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
      release.countDown();
      http.stop(0);
    }
  }

  @Test
  void firstEventArrivesWhileTheServerWithholdsTheRest() throws IOException {
    try (WithholdingServer slow = new WithholdingServer("data: Hello\n\n", "data:  world\n\ndata: [DONE]\n\n")) {
      transport.close();
      transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(slow.url()).build()).build();
      Transport.StreamCall call = transport.stream(ApiRequest.post(transport.url("chat").build(), Map.of("m", "hi")));
      try (ChatStream stream = ChatStream.of("test", new SseSource(call))) {
        Iterator<ChatEvent> it = stream.iterator();
        ChatEvent e = assertTimeoutPreemptively(Duration.ofSeconds(20), it::next,
            "the first event must not wait for the rest of the body");
        assertThat(e).isEqualTo(new ChatEvent.TextDelta("Hello"));
        assertThat(slow.release.getCount()).as("the server still holds the rest back").isEqualTo(1);
        stream.cancel(); // cancel closes the socket instead of waiting for the server
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), it::hasNext)).isFalse();
        assertThat(stream.isCancelled()).isTrue();
      }
      assertThat(transport.okHttpClient().connectionPool().connectionCount())
          .isEqualTo(transport.okHttpClient().connectionPool().idleConnectionCount());
    }
  }

  @Test
  void cancellingTheCallerStopsABodyStillArriving() throws Exception {
    try (WithholdingServer slow = new WithholdingServer("data: first\n\n", "data: [DONE]\n\n")) {
      transport.close();
      transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(slow.url()).build()).build();
      Cancellation cancellation = new Cancellation();
      java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
      try {
        // what an async send over a streaming vendor does: open the stream and drain it, all on one thread
        java.util.concurrent.Future<String> drained = pool.submit(() -> cancellation.run(() -> {
          Transport.StreamCall call = transport.stream(ApiRequest.post(transport.url("chat").build(), Map.of()));
          try (ChatStream stream = ChatStream.of("test", new SseSource(call))) {
            Iterator<ChatEvent> it = stream.iterator();
            it.next();
            firstSeen.countDown();
            return stream.reply().text();
          }
        }));
        assertThat(firstSeen.await(20, TimeUnit.SECONDS)).isTrue();
        cancellation.cancel();
        assertThatThrownBy(() -> drained.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(StreamException.class);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void idleStreamTimesOut() throws IOException {
    try (WithholdingServer slow = new WithholdingServer("data: a\n\n", "data: [DONE]\n\n")) {
      transport.close();
      transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(slow.url())
          .streamIdleTimeout(Duration.ofMillis(300)).build()).build();
      Transport.StreamCall call = transport.stream(ApiRequest.post(transport.url("chat").build(), Map.of("m", "hi")));
      try (ChatStream stream = ChatStream.of("test", new SseSource(call))) {
        Iterator<ChatEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("a"));
        assertThatThrownBy(it::hasNext).isInstanceOf(ChatTimeoutException.class).hasMessageContaining("idle");
      }
    }
  }

  @Test
  void completeStreamGivesDeltasAndReply() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream")
        .setChunkedBody("data: Hello\n\ndata:  world\n\ndata: [DONE]\n\n", 5));
    try (ChatStream stream = open()) {
      StringBuilder text = new StringBuilder();
      for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta) text.append(((ChatEvent.TextDelta) e).text());
      assertThat(text.toString()).isEqualTo("Hello world");
      assertThat(stream.reply().text()).isEqualTo("Hello world");
    }
  }

  @Test
  void truncatedStreamIsNeverSilent() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody("data: Hel\n\n"));
    try (ChatStream stream = open()) {
      assertThatThrownBy(() -> stream.forEach(e -> { })).isInstanceOf(StreamException.class);
    }
  }

  @Test
  void errorStatusBeforeTheStreamIsAnApiException() {
    server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"detail\":\"model crashed\"}"));
    assertThatThrownBy(this::open).isInstanceOf(ServerException.class).hasMessageContaining("model crashed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
