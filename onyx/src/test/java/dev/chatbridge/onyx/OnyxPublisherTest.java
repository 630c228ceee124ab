package dev.chatbridge.onyx;

import static dev.chatbridge.onyx.OnyxStreamTest.SESSION;
import static dev.chatbridge.onyx.OnyxStreamTest.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.StreamException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * {@code ChatSession.publisher} over a real socket: the network is read only as fast as the subscriber asks, a
 * cancel tells Onyx to stop generating (stop-chat-session) and releases the connection, a cut stream is
 * {@code onError}; and the publisher as Reactor adapts it ({@link JdkFlowAdapter}).
 */
class OnyxPublisherTest {
  private static final String IDS = "{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n";
  private static final String DELTA = packet(1, "{\"type\": \"message_delta\", \"content\": \"word \"}");

  private final OkHttpClient http = new OkHttpClient();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private MockWebServer server;
  private ChatClient client;

  @AfterEach
  void stop() throws Exception {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("the stream task ended").isTrue();
    if (client != null) client.close();
    if (server != null) server.shutdown();
    assertThat(http.connectionPool().connectionCount()).as("no connection is still leased")
        .isEqualTo(http.connectionPool().idleConnectionCount());
  }

  private ChatClient client(String baseUrl) {
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(baseUrl).apiKey("on_test_key")
        .okHttpClient(http).maxRetries(0).build());
    return client;
  }

  /** Answers a send with {@code body} at {@code bytesPerSecond}, and stop-chat-session with 200. */
  private void mockServer(String body, long bytesPerSecond) throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().startsWith("/api/chat/stop-chat-session/")) {
          return new MockResponse().setBody("{\"message\":\"Chat session stopped\"}");
        }
        return new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(body)
            .throttleBody(bytesPerSecond, 1, TimeUnit.SECONDS);
      }
    });
    server.start();
    client(server.url("/api").toString());
  }

  private static String longReply(int deltas) {
    StringBuilder b = new StringBuilder(IDS).append(packet(1, "{\"type\": \"message_start\"}"));
    for (int i = 0; i < deltas; i++) b.append(DELTA);
    return b.toString();
  }

  /** Takes the requests until stop-chat-session, which must come. */
  private void assertStopChatSession() throws InterruptedException {
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/chat/send-chat-message");
    RecordedRequest stop = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(stop).as("stop-chat-session after the cancel").isNotNull();
    assertThat(stop.getMethod()).isEqualTo("POST");
    assertThat(stop.getPath()).isEqualTo("/api/chat/stop-chat-session/" + SESSION);
  }

  @Test
  void aSubscriberWithoutDemandHoldsTheServerBack() throws Exception {
    long total = 64L << 20;
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      AtomicLong written = new AtomicLong();
      AtomicReference<Throwable> writerEnd = new AtomicReference<>();
      CountDownLatch writerDone = new CountDownLatch(1);
      Thread writer = new Thread(() -> {
        try (Socket socket = listener.accept()) {
          writerEnd.set(serveLongReply(socket, total, written));
        } catch (IOException e) {
          writerEnd.set(e);
        } finally {
          writerDone.countDown();
        }
      });
      writer.start();
      client("http://127.0.0.1:" + listener.getLocalPort() + "/api");
      Recorder sub = new Recorder();
      client.session(SESSION).publisher(MessageRequest.of("a very long answer"), executor).subscribe(sub);
      sub.subscription().request(2);
      sub.awaitEvents(2);

      long stalledAt = awaitStall(written, writerDone);
      assertThat(writerDone.getCount()).as("the server could not write the whole reply: nothing reads it").isOne();
      assertThat(stalledAt).as("bytes the server got out: socket buffers and one read buffer, not %d", total)
          .isLessThan(16L << 20);
      assertThat(sub.events).hasSize(2);

      sub.subscription().cancel();
      assertThat(writerDone.await(10, TimeUnit.SECONDS)).as("the cancel closed the connection").isTrue();
      assertThat(writerEnd.get()).as("the server's write failed on the closed socket").isInstanceOf(IOException.class);
      assertThat(sub.terminals()).isZero();
    }
  }

  /**
   * Answers one HTTP request with an Onyx NDJSON reply of about {@code total} bytes, counting what the socket took;
   * returns null when it wrote it all.
   */
  private static Throwable serveLongReply(Socket socket, long total, AtomicLong written) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      // the request head; its body stays unread (the reply does not depend on it)
    }
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nConnection: close\r\n\r\n"
        + IDS + packet(1, "{\"type\": \"message_start\"}")).getBytes(StandardCharsets.UTF_8));
    byte[] chunk = DELTA.repeat(64).getBytes(StandardCharsets.UTF_8);
    while (written.get() < total) {
      out.write(chunk); // blocks once the client's receive buffer and this socket's send buffer are full
      written.addAndGet(chunk.length);
    }
    out.flush();
    return null;
  }

  /** Waits until the server has written nothing more for 300 ms (or finished), and returns what it wrote. */
  private static long awaitStall(AtomicLong written, CountDownLatch writerDone) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long last = -1;
    int quiet = 0;
    while (quiet < 6 && writerDone.getCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      long now = written.get();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
    return written.get();
  }

  @Test
  void cancelStopsGenerationAndReleasesTheConnection() throws Exception {
    mockServer(longReply(200), 400);
    Recorder sub = new Recorder();
    client.session(SESSION).publisher(MessageRequest.of("long answer please"), executor).subscribe(sub);
    sub.subscription().request(1);
    sub.awaitEvents(1);
    assertThat(sub.events.get(0)).isEqualTo(new ChatEvent.MessageStarted("102"));
    sub.subscription().cancel();
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("the stream task ended").isTrue();
    assertStopChatSession();
    assertThat(sub.terminals()).as("no signal after cancel").isZero();
    assertThat(sub.events).hasSize(1);
  }

  @Test
  void aCutStreamIsOnErrorStreamException() throws Exception {
    mockServer(IDS + packet(1, "{\"type\": \"message_delta\", \"content\": \"partial\"}"), Long.MAX_VALUE);
    // reply recovery off: the cut itself is the subject here (OnyxResumeTest covers rejoining it)
    client.close();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api").toString())
        .apiKey("on_test_key").okHttpClient(http).maxRetries(0).option("resume-attempts", "0").build());
    Recorder sub = new Recorder();
    client.session(SESSION).publisher(MessageRequest.of("hi"), executor).subscribe(sub);
    sub.subscription().request(Long.MAX_VALUE);
    sub.awaitTerminal();
    assertThat(sub.events).containsExactly(new ChatEvent.TextDelta("partial"));
    assertThat(sub.error).isInstanceOf(StreamException.class);
    assertThat(sub.terminals()).isOne();
  }

  @Test
  void reactorTakeCancelsTheStreamAndOnyxIsToldToStop() throws Exception {
    mockServer(longReply(200), 400);
    Flux<ChatEvent> flux = JdkFlowAdapter.flowPublisherToFlux(
        client.session(SESSION).publisher(MessageRequest.of("long answer please"), executor));
    List<ChatEvent> first = flux.take(3).collectList().block(Duration.ofSeconds(10));
    assertThat(first).hasSize(3).first().isEqualTo(new ChatEvent.MessageStarted("102"));
    assertThat(first.subList(1, 3)).containsOnly(new ChatEvent.TextDelta("word "));
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("take(3) cancelled the stream").isTrue();
    assertStopChatSession();
  }

  @Test
  void reactorReadsAWholeReplyWithBoundedDemand() throws Exception {
    mockServer(OnyxStreamTest.FULL_STREAM, Long.MAX_VALUE);
    List<ChatEvent> events = JdkFlowAdapter.flowPublisherToFlux(
            client.session(SESSION).publisher(MessageRequest.of("How do I deploy?"), executor))
        .limitRate(2) // requests two events at a time
        .collectList().block(Duration.ofSeconds(10));
    assertThat(events).last().isInstanceOf(ChatEvent.Completed.class);
    assertThat(((ChatEvent.Completed) events.get(events.size() - 1)).reply().text())
        .isEqualTo("Onyx is self-hosted \u2014 see [1].");
  }

  /** A plain subscriber that requests only what the test asks for and records every signal. */
  private static final class Recorder implements Flow.Subscriber<ChatEvent> {
    final List<ChatEvent> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Flow.Subscription subscription;
    private volatile int terminals;
    volatile Throwable error;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      subscribed.countDown();
    }

    @Override
    public void onNext(ChatEvent item) {
      synchronized (this) {
        events.add(item);
        notifyAll();
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      terminals++;
      terminated.countDown();
    }

    @Override
    public void onComplete() {
      terminals++;
      terminated.countDown();
    }

    Flow.Subscription subscription() throws InterruptedException {
      assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
      return subscription;
    }

    synchronized void awaitEvents(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.size() < n) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) throw new AssertionError("only " + events.size() + " of " + n + " events: " + error);
        wait(left);
      }
    }

    void awaitTerminal() throws InterruptedException {
      assertThat(terminated.await(10, TimeUnit.SECONDS)).as("a terminal signal").isTrue();
    }

    int terminals() {
      return terminals;
    }
  }
}
