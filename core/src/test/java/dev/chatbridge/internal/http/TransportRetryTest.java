package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.ServerException;
import dev.chatbridge.ChatTimeoutException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The retry matrix of docs/ARCHITECTURE.md, Transport rules, end to end through a server, with a recording sleeper. */
class TransportRetryTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private MockWebServer server;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private Transport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    if (transport != null) {
      assertThat(transport.okHttpClient().connectionPool().connectionCount())
          .as("every response closed: no connection still leased")
          .isEqualTo(transport.okHttpClient().connectionPool().idleConnectionCount());
      transport.close();
    }
    server.shutdown();
  }

  private ChatConfig.Builder config(String baseUrl) {
    return ChatConfig.builder().vendor("test").baseUrl(baseUrl).apiKey("sk-test-secret")
        .callTimeout(Duration.ofSeconds(5));
  }

  private Transport transport(ChatConfig.Builder config) {
    transport = Transport.builder("test", config.build())
        .sleeper(sleeps::add)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .jitter(() -> 1.0)
        .build();
    return transport;
  }

  private Transport transport() {
    return transport(config(server.url("/").toString()));
  }

  private static MockResponse status(int code) {
    return new MockResponse().setResponseCode(code).setBody("{\"detail\":\"status " + code + "\"}");
  }

  private static MockResponse ok() {
    return new MockResponse().setBody("{\"ok\":true}");
  }

  private ApiRequest post() {
    return ApiRequest.post(server.url("/chat/send"), Map.of("message", "hi"));
  }

  private ApiRequest get() {
    return ApiRequest.get(server.url("/chat/history"));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // --- nothing sent: always retried

  @Test
  void connectFailureIsRetriedForPost() throws IOException {
    Transport t = transport(config("http://127.0.0.1:" + closedPort()).connectTimeout(Duration.ofSeconds(2)));
    assertThatThrownBy(() -> t.json(ApiRequest.post(t.path("chat/send").build(), Map.of("m", "x"))))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("POST /chat/send");
    assertThat(sleeps).as("two retries: nothing was sent").hasSize(2);
  }

  @Test
  void connectFailureIsRetriedForGet() throws IOException {
    Transport t = transport(config("http://127.0.0.1:" + closedPort()).connectTimeout(Duration.ofSeconds(2)));
    assertThatThrownBy(() -> t.json(ApiRequest.get(t.path("chat/x").build())))
        .isInstanceOf(ConnectionException.class);
    assertThat(sleeps).hasSize(2);
  }

  // --- reset after sending

  @Test
  void resetAfterSendingIsNotRetriedForPost() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(ok());
    Transport t = transport();
    assertThatThrownBy(() -> t.json(post()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("not retried");
    assertThat(server.getRequestCount()).as("the message reached the server once").isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void resetAfterSendingIsRetriedForGet() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(ok());
    // OkHttp's own silent recovery is off here so the retry seen is ours
    OkHttpClient noSilentRetry = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    Transport t = transport(config(server.url("/").toString()).okHttpClient(noSilentRetry));
    assertThat(t.json(get()).get("ok").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeps).hasSize(1);
    noSilentRetry.connectionPool().evictAll();
  }

  @Test
  void readTimeoutOnPostIsNotRetried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(ok());
    Transport t = transport(config(server.url("/").toString()).callTimeout(Duration.ofMillis(300)));
    assertThatThrownBy(() -> t.json(post()))
        .isInstanceOf(ChatTimeoutException.class)
        .hasMessageContaining("not retried");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void readTimeoutOnGetIsRetried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(ok());
    Transport t = transport(config(server.url("/").toString()).callTimeout(Duration.ofMillis(300)));
    assertThat(t.json(get()).get("ok").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aGetThatTimedOutOnEveryAttemptSaysItWasRetriedNotThatItWasNot() {
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    Transport t = transport(config(server.url("/").toString()).callTimeout(Duration.ofMillis(300)));
    assertThatThrownBy(() -> t.json(get()))
        .isInstanceOf(ChatTimeoutException.class)
        .hasMessageContaining("3 attempts; no retries left (max-retries 2)")
        .hasMessageNotContaining("not retried")
        .hasMessageNotContaining("may have been processed");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aPostThatTimedOutSaysExactlyWhyItWasNotRetried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    Transport t = transport(config(server.url("/").toString()).callTimeout(Duration.ofMillis(300)).maxRetries(0));
    assertThatThrownBy(() -> t.json(post()))
        .isInstanceOf(ChatTimeoutException.class)
        .hasMessageContaining("timed out after the request was sent (1 attempt; not retried: the request may have "
            + "been processed)");
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    assertThatThrownBy(() -> t.json(get()))
        .isInstanceOf(ChatTimeoutException.class)
        .hasMessageContaining("(1 attempt; retries are off (max-retries 0))");
  }

  // --- status codes

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504})
  void serverErrorsAreNotRetriedOnPost(int code) {
    server.enqueue(status(code));
    server.enqueue(ok());
    Transport t = transport();
    assertThatThrownBy(() -> t.json(post())).isInstanceOf(ServerException.class)
        .satisfies(e -> assertThat(((ServerException) e).statusCode()).isEqualTo(code));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 408})
  void serverErrorsAreRetriedOnGet(int code) {
    server.enqueue(status(code));
    server.enqueue(status(code));
    server.enqueue(ok());
    Transport t = transport();
    assertThat(t.json(get()).get("ok").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void serverErrorOnDeleteIsRetried() {
    server.enqueue(status(502));
    server.enqueue(new MockResponse().setResponseCode(204));
    Transport t = transport();
    assertThat(t.json(ApiRequest.delete(server.url("/s/1"))).isNull()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serviceUnavailableWithRetryAfterIsRetriedForPost() {
    server.enqueue(status(503).setHeader("Retry-After", "3"));
    server.enqueue(ok());
    Transport t = transport();
    assertThat(t.json(post()).get("ok").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void serviceUnavailableWithoutRetryAfterIsNotRetriedForPost() {
    server.enqueue(status(503));
    server.enqueue(ok());
    Transport t = transport();
    assertThatThrownBy(() -> t.json(post())).isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "DELETE", "PATCH"})
  void tooManyRequestsIsRetriedForAnyMethod(String method) {
    server.enqueue(status(429));
    server.enqueue(ok());
    Transport t = transport();
    ApiRequest req = ApiRequest.of(method, server.url("/x"), method.equals("GET") || method.equals("DELETE")
        ? null : Map.of("a", 1), method.equals("GET") || method.equals("DELETE"));
    assertThat(t.json(req).get("ok").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void rateLimitExhaustedThrowsWithRetryAfter() {
    for (int i = 0; i < 3; i++) server.enqueue(status(429).setHeader("Retry-After", "7"));
    Transport t = transport();
    assertThatThrownBy(() -> t.json(post())).isInstanceOf(RateLimitException.class)
        .satisfies(e -> assertThat(((RateLimitException) e).retryAfter()).contains(Duration.ofSeconds(7)));
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
  }

  // --- one loop: a failed response and a body that breaks off share one retry budget

  private static MockResponse bodyBreaksOff() {
    return new MockResponse().setBody("{\"items\":[\"" + "x".repeat(4096) + "\"]}")
        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
  }

  @Test
  void aGetWhoseBodyBreaksOffIsRetriedInTheSameLoopAndBudgetAsAFailedResponse() throws InterruptedException {
    server.enqueue(status(503));
    server.enqueue(bodyBreaksOff());
    server.enqueue(ok());
    Transport t = transport();
    assertThat(t.json(get()).get("ok").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).as("one backoff per retry, counted on").containsExactly(Duration.ofMillis(500),
        Duration.ofSeconds(1));
    assertThat(server.takeRequest().getHeader("X-ChatBridge-Retry-Count")).isNull();
    assertThat(server.takeRequest().getHeader("X-ChatBridge-Retry-Count")).isEqualTo("1");
    assertThat(server.takeRequest().getHeader("X-ChatBridge-Retry-Count")).isEqualTo("2");
  }

  @Test
  void failedResponsesAndBrokenBodiesTogetherGetNoMoreThanMaxRetries() {
    server.enqueue(bodyBreaksOff());
    server.enqueue(status(503));
    server.enqueue(bodyBreaksOff());
    server.enqueue(ok());
    Transport t = transport();
    assertThatThrownBy(() -> t.json(get())).isInstanceOf(ConnectionException.class)
        .hasMessageContaining("connection broke while reading the response")
        .hasMessageContaining("(3 attempts)");
    assertThat(server.getRequestCount()).as("1 + max-retries 2 attempts in all").isEqualTo(3);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void aPostWhoseBodyBreaksOffIsNotRetried() {
    server.enqueue(bodyBreaksOff());
    server.enqueue(ok());
    Transport t = transport();
    assertThatThrownBy(() -> t.json(post())).isInstanceOf(ConnectionException.class)
        .hasMessageContaining("(1 attempt)");
    assertThat(server.getRequestCount()).as("the message reached the server once").isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aBodyReadItemByItemThatBreaksOffIsRetriedLikeABufferedOne() {
    server.enqueue(bodyBreaksOff());
    server.enqueue(new MockResponse().setBody("{\"items\":[1,2,3]}"));
    Transport t = transport();
    int count = t.json(get(), body -> {
      JsonNode tree = dev.chatbridge.internal.json.Json.MAPPER.readTree(body.inputStream());
      return tree.get("items").size();
    });
    assertThat(count).isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeps).hasSize(1);
  }

  // --- how long to wait

  @Test
  void retryAfterHttpDateIsHonoured() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));
    server.enqueue(status(429).setHeader("Retry-After", date));
    server.enqueue(ok());
    transport().json(post());
    assertThat(sleeps).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void retryAfterInThePastMeansNoWait() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(30).atOffset(ZoneOffset.UTC));
    server.enqueue(status(429).setHeader("Retry-After", date));
    server.enqueue(ok());
    transport().json(post());
    assertThat(sleeps).containsExactly(Duration.ZERO);
  }

  @Test
  void retryAfterIsCappedAtSixtySeconds() {
    server.enqueue(status(429).setHeader("Retry-After", "3600"));
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(86_400).atOffset(ZoneOffset.UTC));
    server.enqueue(status(503).setHeader("Retry-After", date));
    server.enqueue(ok());
    transport().json(post());
    assertThat(sleeps).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  @Test
  void unreadableRetryAfterFallsBackToBackoffForRateLimits() {
    server.enqueue(status(429).setHeader("Retry-After", "soon"));
    server.enqueue(ok());
    transport().json(post());
    assertThat(sleeps).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void negativeRetryAfterMsDoesNotBreakTheSleep() {
    server.enqueue(status(429).setHeader("retry-after-ms", "-100"));
    server.enqueue(ok());
    transport().json(post());
    assertThat(sleeps).hasSize(1);
    assertThat(sleeps.get(0).isNegative()).isFalse();
  }

  @Test
  void defaultBackoffIsExponentialCappedAtEightSecondsTimesJitter() {
    for (int i = 0; i < 7; i++) server.enqueue(status(502));
    server.enqueue(ok());
    transport(config(server.url("/").toString()).maxRetries(7)).json(get());
    assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(8));
  }

  @Test
  void jitterScalesTheBackoffDownToThreeQuarters() {
    server.enqueue(status(502));
    server.enqueue(status(502));
    server.enqueue(ok());
    transport = Transport.builder("test", config(server.url("/").toString()).build())
        .sleeper(sleeps::add).jitter(() -> 0.0).build();
    transport.json(get());
    assertThat(sleeps).containsExactly(Duration.ofMillis(375), Duration.ofMillis(750));
  }

  @Test
  void maxRetriesIsRespected() {
    for (int i = 0; i < 10; i++) server.enqueue(status(503));
    Transport t = transport(config(server.url("/").toString()).maxRetries(4));
    assertThatThrownBy(() -> t.json(get())).isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void zeroRetriesMeansOneAttempt() {
    server.enqueue(status(429));
    server.enqueue(ok());
    Transport t = transport(config(server.url("/").toString()).maxRetries(0));
    assertThatThrownBy(() -> t.json(get())).isInstanceOf(RateLimitException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void failedResponsesAreClosedSoEveryRetryReusesTheConnection() throws InterruptedException {
    server.enqueue(status(503).setBody("{\"detail\":\"" + "x".repeat(10_000) + "\"}"));
    server.enqueue(status(503));
    server.enqueue(ok());
    Transport t = transport();
    t.json(get());
    // a connection is reused only after the previous response on it was fully read and closed
    assertThat(server.takeRequest().getSequenceNumber()).isEqualTo(0);
    assertThat(server.takeRequest().getSequenceNumber()).isEqualTo(1);
    assertThat(server.takeRequest().getSequenceNumber()).isEqualTo(2);
  }

  @Test
  void oversizedErrorBodyIsClosedWithoutReadingItAll() {
    server.enqueue(status(500).setBody("{\"detail\":\"" + "x".repeat(200_000) + "\"}"));
    Transport t = transport();
    assertThatThrownBy(() -> t.json(post())).isInstanceOf(ServerException.class)
        .satisfies(e -> assertThat(((ServerException) e).rawBody().length()).isLessThanOrEqualTo(64 * 1024));
  }

  // --- what is sent

  @Test
  void postBodiesAreOneShotSoOkHttpNeverResendsThem() {
    List<Boolean> oneShot = new CopyOnWriteArrayList<>();
    OkHttpClient spy = new OkHttpClient.Builder().addInterceptor(chain -> {
      okhttp3.RequestBody body = chain.request().body();
      oneShot.add(body != null && body.isOneShot());
      return chain.proceed(chain.request());
    }).build();
    for (int i = 0; i < 3; i++) server.enqueue(ok());
    Transport t = transport(config(server.url("/").toString()).okHttpClient(spy));
    t.json(post());
    t.json(ApiRequest.of("POST", server.url("/chat/stop"), null, false));
    t.json(ApiRequest.of("PUT", server.url("/x"), Map.of("a", 1), true));
    assertThat(oneShot).containsExactly(true, true, false);
    spy.connectionPool().evictAll();
  }

  @Test
  void userAgentNamesVersionAndVendor() throws InterruptedException {
    server.enqueue(ok());
    transport().json(get());
    String ua = server.takeRequest().getHeader("User-Agent");
    assertThat(ua).matches("chatbridge-java/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(test\\)");
  }

  @Test
  void retriesCarryTheRetryCountHeader() throws InterruptedException {
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(ok());
    transport().json(get());
    assertThat(server.takeRequest().getHeader("X-ChatBridge-Retry-Count")).isNull();
    assertThat(server.takeRequest().getHeader("X-ChatBridge-Retry-Count")).isEqualTo("1");
    assertThat(server.takeRequest().getHeader("X-ChatBridge-Retry-Count")).isEqualTo("2");
  }

  @Test
  void authHeaderAndJsonBodyAreSent() throws InterruptedException {
    server.enqueue(ok());
    transport().json(post());
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer sk-test-secret");
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    assertThat(r.getBody().readUtf8()).isEqualTo("{\"message\":\"hi\"}");
  }

  @Test
  void emptyBodyReadsAsNullNode() {
    server.enqueue(new MockResponse().setResponseCode(200));
    JsonNode n = transport().json(get());
    assertThat(n.isNull()).isTrue();
  }

  // --- cancellation

  @Test
  void cancellationStopsABlockedCallWithoutRetrying() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(ok());
    Transport t = transport(config(server.url("/").toString()).callTimeout(Duration.ofSeconds(30)));
    Cancellation cancellation = new Cancellation();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<JsonNode> f = pool.submit(() -> cancellation.run(() -> t.json(get())));
      assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
      cancellation.cancel();
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ChatException.class)
          .hasMessageContaining("cancelled");
      assertThat(server.getRequestCount()).as("a cancelled GET is not retried").isEqualTo(1);
      assertThat(sleeps).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancelledBeforehandSendsNothing() {
    server.enqueue(ok());
    Transport t = transport();
    Cancellation cancellation = new Cancellation();
    cancellation.cancel();
    assertThatThrownBy(() -> cancellation.run(() -> t.json(get()))).isInstanceOf(ChatException.class)
        .hasMessageContaining("cancelled");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void cancellingDuringARetryAfterWaitEndsTheWaitAndSendsNothingMore() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "60")
        .setBody("{\"detail\":\"slow down\"}"));
    server.enqueue(ok());
    // the real sleeper: a minute's wait that only the cancel can cut short
    transport = Transport.builder("test", config(server.url("/").toString()).build()).build();
    Transport t = transport;
    Cancellation cancellation = new Cancellation();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<JsonNode> f = pool.submit(() -> cancellation.run(() -> t.json(post())));
      assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
      Thread.sleep(100); // let it reach the wait
      cancellation.cancel();
      assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ChatException.class)
          .hasMessageContaining("cancelled");
      assertThat(server.getRequestCount()).as("nothing is sent after the cancel").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCancellationSleepReturnsAtOnceWhenCancelled() throws Exception {
    Cancellation cancellation = new Cancellation();
    Thread waker = new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException ignored) {
        // ends the test thread's wait either way
      }
      cancellation.cancel();
    });
    waker.start();
    long start = System.nanoTime();
    cancellation.sleep(Duration.ofMinutes(5));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
    assertThat(cancellation.isCancelled()).isTrue();
    waker.join();
  }
}
