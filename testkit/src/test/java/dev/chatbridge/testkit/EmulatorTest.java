package dev.chatbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.testkit.tiny.TinyEmulator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator base: request recording and every fault kind, seen from a plain HTTP client. */
class EmulatorTest {
  private static final MediaType JSON = MediaType.get("application/json");

  private TinyEmulator emulator;
  private OkHttpClient http;

  @BeforeEach
  void start() {
    emulator = new TinyEmulator();
    emulator.start();
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).readTimeout(10, TimeUnit.SECONDS).build();
  }

  @AfterEach
  void stop() {
    emulator.close();
    http.connectionPool().evictAll();
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url("http://127.0.0.1:" + emulator.port() + path)
        .header("Authorization", "Bearer " + emulator.apiKey());
  }

  private Response post(String path, String json) throws IOException {
    return http.newCall(request(path).post(RequestBody.create(json, JSON)).build()).execute();
  }

  private Response get(String path) throws IOException {
    return http.newCall(request(path).build()).execute();
  }

  private String createSession() throws IOException {
    try (Response r = post("/tiny/sessions", "{}")) {
      return dev.chatbridge.internal.json.Json.parse(r.body().string()).get("id").asText();
    }
  }

  @Test
  void recordsRequestsWithHeadersBodyAndQuery() throws IOException {
    createSession();
    try (Response r = get("/tiny/sessions?limit=5&cursor=0&q=a%20b")) {
      assertThat(r.code()).isEqualTo(200);
    }
    List<Emulator.RecordedRequest> all = emulator.requests();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).method()).isEqualTo("POST");
    assertThat(all.get(0).body()).isEqualTo("{}");
    assertThat(all.get(0).header("AUTHORIZATION")).isEqualTo("Bearer tiny-secret-key-4f1c9e");
    assertThat(all.get(1).query()).isEqualTo("limit=5&cursor=0&q=a%20b");
    assertThat(emulator.requestCount("POST", "/tiny/sessions")).isEqualTo(1);
    assertThat(emulator.requestCount("get", "/tiny/sessions")).isEqualTo(1);
    assertThat(emulator.requestCount("GET", "/tiny/sessions/x")).isZero();
    emulator.clearRequests();
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void baseUrlIncludesTheVendorPath() {
    assertThat(emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port() + "/tiny");
    assertThat(emulator.vendor()).isEqualTo("tiny");
  }

  @Test
  void statusFaultAppliesTimesThenStops() throws IOException {
    emulator.inject(Fault.status(503, "{\"error\":\"busy\"}").header("Retry-After", "2").times(2));
    for (int i = 0; i < 2; i++) {
      try (Response r = post("/tiny/sessions", "{}")) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("2");
        assertThat(r.body().string()).isEqualTo("{\"error\":\"busy\"}");
      }
    }
    try (Response r = post("/tiny/sessions", "{}")) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(emulator.requestCount("POST", "/tiny/sessions")).as("faulted requests are recorded too").isEqualTo(3);
  }

  @Test
  void faultOnlyMatchesItsMethodAndPathPrefix() throws IOException {
    String id = createSession();
    emulator.inject(Fault.status(500, "{}").on("GET", "/tiny/sessions/" + id));
    try (Response r = post("/tiny/sessions", "{}")) {
      assertThat(r.code()).as("other method and path untouched").isEqualTo(200);
    }
    try (Response r = get("/tiny/sessions/" + id + "/messages")) {
      assertThat(r.code()).as("prefix match").isEqualTo(500);
    }
    try (Response r = get("/tiny/sessions/" + id + "/messages")) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void faultsApplyInInjectionOrder() throws IOException {
    emulator.inject(Fault.status(503, "{}"));
    emulator.inject(Fault.status(502, "{}"));
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (Response r = get("/tiny/sessions")) {
        codes.add(r.code());
      }
    }
    assertThat(codes).containsExactly(503, 502, 200);
  }

  @Test
  void sameFaultInjectedTwiceAppliesTwice() throws IOException {
    Fault f = Fault.status(500, "{}");
    emulator.inject(f);
    emulator.inject(f);
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (Response r = get("/tiny/sessions")) {
        codes.add(r.code());
      }
    }
    assertThat(codes).containsExactly(500, 500, 200);
  }

  @Test
  void clearFaultsRemovesPendingOnes() throws IOException {
    emulator.inject(Fault.status(500, "{}").times(3));
    emulator.clearFaults();
    try (Response r = get("/tiny/sessions")) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void dropConnectionSendsNoResponseAtAll() throws IOException {
    emulator.inject(Fault.dropConnection());
    assertThatThrownBy(() -> post("/tiny/sessions", "{}").close()).isInstanceOf(IOException.class);
    assertThat(emulator.requestCount("POST", "/tiny/sessions")).isEqualTo(1);
    try (Response r = post("/tiny/sessions", "{}")) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void malformedBodyIsHtmlWith200() throws IOException {
    emulator.inject(Fault.malformedBody());
    try (Response r = get("/tiny/sessions")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/html");
      assertThat(r.body().string()).contains("<html>");
    }
  }

  @Test
  void delayWaitsThenAnswersNormally() throws IOException {
    emulator.inject(Fault.delay(Duration.ofMillis(300)));
    long start = System.nanoTime();
    try (Response r = get("/tiny/sessions")) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void truncateStreamEndsCleanlyAfterNEvents() throws IOException {
    String id = createSession();
    emulator.inject(Fault.truncateStream(2));
    try (Response r = post("/tiny/sessions/" + id + "/messages", "{\"text\":\"one two three\"}")) {
      String body = r.body().string(); // a clean end: no exception
      assertThat(body.split("\n")).hasSize(2);
      assertThat(body).doesNotContain("\"done\"");
    }
  }

  @Test
  void truncateOnAPlainResponseCutsTheBody() throws IOException {
    String id = createSession();
    emulator.inject(Fault.truncateStream(0));
    try (Response r = get("/tiny/sessions/" + id)) {
      assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void stallStreamPausesAfterNEventsThenGoesOn() throws IOException {
    String id = createSession();
    emulator.inject(Fault.stallStream(1, Duration.ofMillis(400)));
    try (Response r = post("/tiny/sessions/" + id + "/messages", "{\"text\":\"a b\"}")) {
      BufferedSource source = r.body().source();
      assertThat(source.readUtf8LineStrict()).contains("\"start\"");
      long start = System.nanoTime();
      assertThat(source.readUtf8LineStrict()).contains("\"delta\"");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      String rest = source.readUtf8();
      assertThat(rest).contains("\"done\"");
    }
  }

  @Test
  void faultIsImmutableAndValidated() {
    Fault base = Fault.status(500, "{}");
    Fault narrowed = base.on("POST", "/x").times(3).header("A", "b");
    assertThat(base.times()).isEqualTo(1);
    assertThat(base.headers()).isEmpty();
    assertThat(narrowed.times()).isEqualTo(3);
    assertThat(narrowed.headers()).containsEntry("A", "b");
    assertThatThrownBy(() -> base.times(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.rateLimited("5", "{}").headers()).containsEntry("Retry-After", "5");
    assertThat(Fault.rateLimited("5", "{}").status()).isEqualTo(429);
  }

  @Test
  void echoReplyAndChunksAreDeterministic() {
    assertThat(Emulator.replyTo("hi there")).isEqualTo("Echo: hi there");
    assertThat(Emulator.chunks("Echo: hi there")).containsExactly("Echo:", " hi", " there");
    assertThat(String.join("", Emulator.chunks("  spaced  out "))).isEqualTo("  spaced  out ");
    assertThat(Emulator.chunks("")).isEmpty();
  }

  @Test
  void handlerExceptionBecomesA500InTheVendorShape() throws IOException {
    String id = createSession();
    // "limit=abc" makes the tiny emulator's Integer.parseInt throw
    try (Response r = get("/tiny/sessions?limit=abc")) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.body().string()).contains("emulator error");
    }
    assertThat(id).isNotBlank();
  }

  @Test
  void anEmulatorThatStatesNoPathsSaysSoWhenASuiteAsks() {
    Emulator bare = new Emulator("bare", "bare-key") {
      @Override
      public String errorBody(int status, String message) {
        return "{}";
      }

      @Override
      protected void handle(Exchange exchange) throws IOException {
        exchange.json(404, "{}");
      }
    };
    assertThatThrownBy(bare::createPath).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("createPath()").hasMessageContaining("override");
    assertThatThrownBy(() -> bare.sendPath("s-1")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("sendPath");
    assertThatThrownBy(() -> bare.readPath("s-1")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("readPath");
    assertThat(bare.clientOptions()).isEmpty();
    assertThat(bare.sessionOptions(7)).isSameAs(dev.chatbridge.SessionOptions.defaults());
    assertThat(bare.matrixName()).isEqualTo("bare");
  }

  @Test
  void emulatorsKnowEveryVendor() {
    for (String vendor : Emulators.vendors()) assertThat(Emulators.create(vendor).vendor()).isEqualTo(vendor);
    assertThatThrownBy(() -> Emulators.create("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("onyx");
  }

  @Test
  void closeIsIdempotentAndFreesThePort() {
    Request req = request("/tiny/sessions").build();
    emulator.close();
    emulator.close();
    assertThatThrownBy(emulator::port).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> http.newCall(req).execute().close()).isInstanceOf(IOException.class);
  }
}
