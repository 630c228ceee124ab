package dev.chatbridge.onyx;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the reply-recovery tests share: a MockWebServer that answers Onyx's send, resume-stream and get-chat-session
 * routes from one queue each (500 when a queue is empty: an unexpected request), counts every route, and answers
 * stop-chat-session; a client with two resume attempts, no transport retries and a 600 ms idle timeout; and the
 * upstream corpus files (test resources {@code upstream-corpus/}) as bodies.
 */
abstract class OnyxRecoveryFixture {
  static final String SESSION = "8f14e45f-ceea-467f-a0e6-2c3b5d7a9e01";
  static final String WHOLE = "Durable runs keep generating.";

  MockWebServer server;
  ChatClient client;
  final AtomicInteger sends = new AtomicInteger();
  final AtomicInteger resumes = new AtomicInteger();
  final AtomicInteger sessionReads = new AtomicInteger();
  final AtomicInteger stops = new AtomicInteger();
  final Queue<Supplier<MockResponse>> sendAnswers = new ConcurrentLinkedQueue<>();
  final Queue<Supplier<MockResponse>> resumeAnswers = new ConcurrentLinkedQueue<>();
  final Queue<Supplier<MockResponse>> sessionAnswers = new ConcurrentLinkedQueue<>();
  final List<String> resumePaths = new ArrayList<>();

  static String corpus(String name) {
    try (InputStream in = OnyxRecoveryFixture.class.getResourceAsStream("/upstream-corpus/" + name)) {
      if (in == null) throw new IllegalArgumentException("no corpus file " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static MockResponse ndjson(String body) {
    return new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(body);
  }

  static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  /** {@code body}, then the connection reset before the rest. */
  static MockResponse reset(String body) {
    // the body is sent whole before the socket is closed abruptly: a reset after the last byte shown
    return ndjson(body).setSocketPolicy(SocketPolicy.DISCONNECT_AT_END);
  }

  static String text(List<ChatEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (ChatEvent e : events) if (e instanceof ChatEvent.TextDelta d) sb.append(d.text());
    return sb.toString();
  }

  static long count(List<ChatEvent> events, Class<?> type) {
    return events.stream().filter(type::isInstance).count();
  }

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        Queue<Supplier<MockResponse>> answers;
        if (path.startsWith("/api/chat/send-chat-message")) {
          sends.incrementAndGet();
          answers = sendAnswers;
        } else if (path.contains("/resume-stream")) {
          resumes.incrementAndGet();
          synchronized (resumePaths) {
            resumePaths.add(path);
          }
          answers = resumeAnswers;
        } else if (path.startsWith("/api/chat/get-chat-session/")) {
          sessionReads.incrementAndGet();
          answers = sessionAnswers;
        } else if (path.startsWith("/api/chat/stop-chat-session/")) {
          stops.incrementAndGet();
          return json(200, "{\"message\":\"Chat session stopped\"}");
        } else {
          return json(404, "{\"detail\":\"Not Found\"}");
        }
        Supplier<MockResponse> next = answers.poll();
        return next != null ? next.get() : json(500, "{\"detail\":\"unexpected " + path + "\"}");
      }
    });
    server.start();
    client = client(baseUrl(), 2, Duration.ofSeconds(10));
  }

  @AfterEach
  void stopServer() throws Exception {
    client.close();
    server.shutdown();
  }

  String baseUrl() {
    return server.url("/api").toString();
  }

  /** A client for {@code baseUrl} with {@code attempts} resume attempts; closes the current one. */
  ChatClient client(String baseUrl, int attempts, Duration timeout) {
    if (client != null) client.close();
    return ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(baseUrl)
        .apiKey("on_test_key").maxRetries(0).callTimeout(timeout).streamIdleTimeout(Duration.ofMillis(600))
        .option("resume-attempts", Integer.toString(attempts)).build());
  }
}
