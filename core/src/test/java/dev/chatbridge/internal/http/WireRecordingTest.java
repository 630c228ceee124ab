package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.WireRecording;
import dev.chatbridge.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire recording: what each line holds, that credentials never reach it, that message text is replaced on
 * request, and that recording changes nothing the server receives or the caller reads (a stream stays incremental).
 */
class WireRecordingTest {
  private static final String KEY = "sk-wire-0123456789";
  private MockWebServer server;
  private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private Transport transport(WireRecording recording) {
    return transport(server.url("/api/").toString(), recording);
  }

  private static Transport transport(String baseUrl, WireRecording recording) {
    ChatConfig.Builder config = ChatConfig.builder().vendor("test").baseUrl(baseUrl).apiKey(KEY).maxRetries(0)
        .callTimeout(Duration.ofSeconds(10)).streamIdleTimeout(Duration.ofSeconds(10));
    if (recording != null) config.recording(recording);
    return Transport.builder("test", config.build()).sleeper(d -> { }).build();
  }

  private List<JsonNode> lines() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : recorded.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) out.add(Json.MAPPER.readTree(line));
    }
    return out;
  }

  private static List<JsonNode> ofType(List<JsonNode> lines, String type) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : lines) if (n.path("type").asText().equals(type)) out.add(n);
    return out;
  }

  @Test
  void recordsEachPartOfAnExchange() throws IOException {
    String json = "{\"sessions\":[],\"has_more\":false}";
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setHeader("X-Request-Id", "r1")
        .setBody(json));
    try (WireRecording wire = WireRecording.builder(recorded).build(); Transport t = transport(wire)) {
      t.json(ApiRequest.post(t.path("chat/list").addQueryParameter("page_size", "2").build(), Map.of("a", 1)));
    }
    List<JsonNode> lines = lines();
    assertThat(lines.get(0).path("type").asText()).isEqualTo("recording");
    assertThat(lines.get(0).path("format").asText()).isEqualTo("chatbridge-wire");
    assertThat(lines.get(0).path("version").asInt()).isEqualTo(1);
    assertThat(lines).extracting(n -> n.path("type").asText())
        .containsExactly("recording", "request", "response", "chunk", "end");
    JsonNode request = lines.get(1);
    assertThat(request.path("call").asLong()).isEqualTo(1);
    assertThat(request.path("t").asLong()).isZero();
    assertThat(request.path("method").asText()).isEqualTo("POST");
    assertThat(request.path("path").asText()).isEqualTo("/api/chat/list");
    assertThat(request.path("query").asText()).isEqualTo("page_size=2");
    assertThat(request.path("baseUrl").asText()).isEqualTo(server.url("/api/").toString());
    assertThat(request.path("body").asText()).isEqualTo("{\"a\":1}");
    assertThat(request.path("headers").path("Content-Type").get(0).asText()).startsWith("application/json");
    assertThat(request.path("headers").path("User-Agent").get(0).asText()).startsWith("chatbridge-java/");
    assertThat(request.path("headers").path("Authorization").get(0).asText()).isEqualTo("[redacted]");
    JsonNode response = lines.get(2);
    assertThat(response.path("status").asInt()).isEqualTo(200);
    assertThat(response.path("protocol").asText()).isEqualTo("http/1.1");
    assertThat(response.path("headers").path("X-Request-Id").get(0).asText()).isEqualTo("r1");
    assertThat(lines.get(3).path("data").asText()).isEqualTo(json);
    assertThat(lines.get(4).path("bytes").asLong()).isEqualTo(json.length());
    assertThat(lines.get(4).path("complete").asBoolean()).isTrue();
    for (JsonNode n : lines.subList(1, lines.size())) assertThat(n.path("call").asLong()).isEqualTo(1);
  }

  @Test
  void theKeyNeverReachesTheRecording() throws IOException {
    String escaped = KEY.replace("-", "\\u002d");
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .addHeader("Set-Cookie", "session=abc; HttpOnly").setHeader("X-Echo", "key " + KEY)
        .setBody("{\"detail\":\"bad key " + KEY + "\",\"escaped\":\"" + escaped + "\"}\n"));
    try (WireRecording wire = WireRecording.builder(recorded).build(); Transport t = transport(wire)) {
      t.json(ApiRequest.get(t.path("echo").addQueryParameter("key", KEY).build()).header("Cookie", "c=1")
          .header("X-Onyx-Authorization", "Bearer other-credential").header("API-Token", "tok16"));
    }
    String text = recorded.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(KEY).doesNotContain(escaped).doesNotContain("sk-wire")
        .doesNotContain("session=abc").doesNotContain("other-credential").doesNotContain("tok16")
        .doesNotContain("c=1");
    List<JsonNode> lines = lines();
    JsonNode request = ofType(lines, "request").get(0);
    assertThat(request.path("query").asText()).isEqualTo("key=[redacted]");
    assertThat(request.path("headers").path("Cookie").get(0).asText()).isEqualTo("[redacted]");
    assertThat(request.path("headers").path("API-Token").get(0).asText()).isEqualTo("[redacted]");
    JsonNode response = ofType(lines, "response").get(0);
    assertThat(response.path("headers").path("Set-Cookie").get(0).asText()).isEqualTo("[redacted]");
    assertThat(response.path("headers").path("X-Echo").get(0).asText()).isEqualTo("key [redacted]");
    assertThat(ofType(lines, "chunk").get(0).path("data").asText()).contains("bad key [redacted]");
  }

  /** A key the server writes across two packets is still found: a chunk holds only complete lines. */
  @Test
  void aKeySplitAcrossReadsIsScrubbed() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      http.createContext("/", ex -> {
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(("{\"echo\":\"" + KEY.substring(0, 7)).getBytes(StandardCharsets.UTF_8));
          out.flush();
          sleep(100);
          out.write((KEY.substring(7) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
      });
      http.start();
      String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
      try (WireRecording wire = WireRecording.builder(recorded).build(); Transport t = transport(base, wire);
           Transport.StreamCall call = t.stream(ApiRequest.post(t.path("s").build(), Map.of()))) {
        assertThat(call.source().readUtf8()).contains(KEY); // the caller reads what was sent
      }
    } finally {
      http.stop(0);
    }
    assertThat(recorded.toString(StandardCharsets.UTF_8)).doesNotContain(KEY).doesNotContain(KEY.substring(0, 7));
    assertThat(ofType(lines(), "chunk")).extracting(n -> n.path("data").asText())
        .containsExactly("{\"echo\":\"[redacted]\"}\n");
  }

  /**
   * The recorder observes the body as the caller reads it: the first line is recorded (and read) while the server
   * still holds the second back, so nothing is read ahead and the stream stays incremental.
   */
  @Test
  void aStreamIsRecordedChunkByChunkWithoutReadingAhead() throws Exception {
    CountDownLatch secondLine = new CountDownLatch(1);
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      http.createContext("/", ex -> {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          await(secondLine);
          out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
        }
      });
      http.start();
      String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        try (WireRecording wire = WireRecording.builder(recorded).build(); Transport t = transport(base, wire);
             Transport.StreamCall call = t.stream(ApiRequest.post(t.path("s").build(), Map.of()))) {
          BufferedSource source = call.source();
          assertThat(source.readUtf8Line()).isEqualTo("data: one");
          assertThat(ofType(lines(), "chunk")).extracting(n -> n.path("data").asText())
              .containsExactly("data: one\n\n");
          secondLine.countDown();
          assertThat(source.readUtf8()).isEqualTo("\ndata: two\n\n");
        }
      });
    } finally {
      http.stop(0);
    }
    List<JsonNode> chunks = ofType(lines(), "chunk");
    assertThat(chunks).extracting(n -> n.path("data").asText()).containsExactly("data: one\n\n", "data: two\n\n");
    assertThat(chunks.get(1).path("t").asLong()).isGreaterThanOrEqualTo(chunks.get(0).path("t").asLong());
    assertThat(ofType(lines(), "end").get(0).path("complete").asBoolean()).isTrue();
  }

  /**
   * Byte identity: the server receives the same request line, headers and body with and without a recording, and
   * the caller reads exactly the bytes served (a binary body and a body sent in many pieces alike); the recorded
   * chunks put back together are those bytes too.
   */
  @Test
  void recordingChangesNothingSentOrRead() throws Exception {
    byte[] binary = new byte[3000];
    for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 31);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 200; i++) lines.append("{\"n\":").append(i).append(",\"text\":\"caf\u00e9 ").append(i)
        .append("\"}\n");
    byte[] ndjson = lines.toString().getBytes(StandardCharsets.UTF_8);
    Map<String, Object> body = Map.of("message", "h\u00e9llo", "n", 3);
    List<Exchange> without = exchanges(null, binary, ndjson, body);
    List<Exchange> with;
    try (WireRecording wire = WireRecording.builder(recorded).redactText(true).build()) {
      with = exchanges(wire, binary, ndjson, body);
    }
    assertThat(with).isEqualTo(without);
    assertThat(without.get(0).read).isEqualTo(binary);
    assertThat(without.get(1).read).isEqualTo(ndjson);
    List<JsonNode> recordedLines = lines();
    Buffer binaryBack = new Buffer();
    Buffer ndjsonBack = new Buffer();
    for (JsonNode chunk : ofType(recordedLines, "chunk")) {
      Buffer into = chunk.path("call").asLong() == 1 ? binaryBack : ndjsonBack;
      if (chunk.has("dataBase64")) into.write(Base64.getDecoder().decode(chunk.path("dataBase64").asText()));
      else into.writeUtf8(chunk.path("data").asText());
    }
    assertThat(binaryBack.readByteArray()).isEqualTo(binary);
    // redacted: every "text" replaced, everything else as it came
    assertThat(ndjsonBack.readUtf8()).isEqualTo(lines.toString().replaceAll("\"text\":\"[^\"]*\"",
        "\"text\":\"[redacted text]\""));
  }

  private record Exchange(String requestLine, Map<String, String> headers, String body, byte[] read) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Exchange e && e.requestLine.equals(requestLine) && e.headers.equals(headers)
          && e.body.equals(body) && java.util.Arrays.equals(e.read, read);
    }

    @Override
    public int hashCode() {
      return requestLine.hashCode();
    }
  }

  private List<Exchange> exchanges(WireRecording wire, byte[] binary, byte[] ndjson, Map<String, Object> body)
      throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/octet-stream")
        .setBody(new Buffer().write(binary)));
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/x-ndjson")
        .setChunkedBody(new Buffer().write(ndjson), 97).throttleBody(1024, 1, TimeUnit.MILLISECONDS));
    List<Exchange> out = new ArrayList<>();
    try (Transport t = transport(wire)) {
      byte[] first = t.json(ApiRequest.get(t.path("file").build()), BufferedSource::readByteArray);
      out.add(exchange(server.takeRequest(5, TimeUnit.SECONDS), first));
      try (Transport.StreamCall call = t.stream(ApiRequest.post(t.path("stream").build(), body))) {
        Buffer read = new Buffer();
        BufferedSource source = call.source();
        while (source.read(read, 50) != -1) {
          // small reads, as a stream parser makes them
        }
        out.add(exchange(server.takeRequest(5, TimeUnit.SECONDS), read.readByteArray()));
      }
    }
    return out;
  }

  private static Exchange exchange(RecordedRequest r, byte[] read) {
    Map<String, String> headers = new HashMap<>();
    for (String name : r.getHeaders().names()) headers.put(name, r.getHeader(name));
    return new Exchange(r.getRequestLine().replaceAll(":\\d+", ""), headers, r.getBody().readUtf8(), read);
  }

  @Test
  void redactTextReplacesMessageTextOnly() throws IOException {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(
        "event: chunk\ndata: {\"choices\":[{\"delta\":{\"content\":\"Echo: hi\"}}],\"id\":\"c1\"}\n\n"
            + "data: [DONE]\n\n"));
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody("<p>plain page</p>"));
    try (WireRecording wire = WireRecording.builder(recorded).redactText(true).build(); Transport t = transport(wire)) {
      Map<String, Object> body = Map.of("model", "m1", "chat_id", "c9",
          "messages", List.of(Map.of("role", "user", "content", "my secret question")));
      try (Transport.StreamCall call = t.stream(ApiRequest.post(t.path("chat/completions").build(), body))) {
        assertThat(call.source().readUtf8()).contains("Echo: hi");
      }
      t.json(ApiRequest.get(t.path("page").build()), BufferedSource::readUtf8);
    }
    String text = recorded.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("my secret question").doesNotContain("Echo: hi");
    List<JsonNode> lines = lines();
    assertThat(lines.get(0).path("redactText").asBoolean()).isTrue();
    JsonNode request = Json.MAPPER.readTree(ofType(lines, "request").get(0).path("body").asText());
    assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("[redacted text]");
    assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(request.path("model").asText()).isEqualTo("m1");
    assertThat(request.path("chat_id").asText()).isEqualTo("c9");
    List<JsonNode> chunks = ofType(lines, "chunk");
    assertThat(chunks.get(0).path("data").asText()).isEqualTo("event: chunk\ndata: "
        + "{\"choices\":[{\"delta\":{\"content\":\"[redacted text]\"}}],\"id\":\"c1\"}\n\ndata: [DONE]\n\n");
    assertThat(chunks.get(1).path("data").asText()).isEqualTo("<p>plain page</p>"); // not JSON: kept
  }

  @Test
  void failuresAreRecorded() throws IOException {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"a\":\"" + "x".repeat(10_000) + "\"}").setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (WireRecording wire = WireRecording.builder(recorded).build()) {
      try (Transport t = transport(wire)) {
        assertThatThrownBy(() -> t.json(ApiRequest.get(t.path("broken").build())))
            .isInstanceOf(ConnectionException.class);
      }
      try (Transport t = transport("http://127.0.0.1:" + closedPort + "/", wire)) {
        assertThatThrownBy(() -> t.json(ApiRequest.get(t.path("refused").build())))
            .isInstanceOf(ConnectionException.class);
      }
    }
    List<JsonNode> errors = ofType(lines(), "error");
    assertThat(errors).extracting(n -> n.path("phase").asText()).containsExactly("body", "request");
    assertThat(errors.get(0).path("call").asLong()).isEqualTo(1);
    assertThat(errors.get(1).path("call").asLong()).isEqualTo(2);
    assertThat(ofType(lines(), "response")).hasSize(1);
  }

  /** Concurrent calls interleave their events, but every line is whole and each exchange's events stay in order. */
  @Test
  void concurrentCallsWriteWholeLines() throws Exception {
    int calls = 16;
    StringBuilder b = new StringBuilder();
    for (int j = 0; j < 50; j++) b.append("{\"i\":").append(j).append(",\"pad\":\"").append("y".repeat(200))
        .append("\"}\n");
    int length = b.length();
    for (int i = 0; i < calls; i++) {
      server.enqueue(new MockResponse().setHeader("Content-Type", "application/x-ndjson")
          .setChunkedBody(b.toString(), 333));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (WireRecording wire = WireRecording.builder(recorded).build(); Transport t = transport(wire)) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        done.add(pool.submit(() -> {
          try (Transport.StreamCall call = t.stream(ApiRequest.post(t.path("s").build(), Map.of()))) {
            return call.source().readUtf8().length();
          }
        }));
      }
      for (Future<Integer> f : done) assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(length);
    } finally {
      pool.shutdownNow();
    }
    Map<Long, List<String>> byCall = new HashMap<>();
    Map<Long, Integer> bytes = new HashMap<>();
    for (JsonNode n : lines()) { // each line parses on its own: none was split or interleaved
      if (n.path("type").asText().equals("recording")) continue;
      long call = n.path("call").asLong();
      byCall.computeIfAbsent(call, k -> new ArrayList<>()).add(n.path("type").asText());
      if (n.has("data")) bytes.merge(call, n.path("data").asText().length(), Integer::sum);
    }
    assertThat(byCall).hasSize(calls);
    for (List<String> types : byCall.values()) {
      assertThat(types.get(0)).isEqualTo("request");
      assertThat(types.get(1)).isEqualTo("response");
      assertThat(types.get(types.size() - 1)).isEqualTo("end");
      assertThat(types.subList(2, types.size() - 1)).containsOnly("chunk");
    }
    assertThat(bytes.values()).containsOnly(length);
  }

  @Test
  void aRecordingThatCannotWriteNeverBreaksTheCall() throws IOException {
    OutputStream full = new OutputStream() {
      int written;

      @Override
      public void write(int b) throws IOException {
        if (++written > 200) throw new IOException("No space left on device");
      }
    };
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"ok\":true}"));
    try (WireRecording wire = WireRecording.builder(full).build(); Transport t = transport(wire)) {
      assertThat(t.json(ApiRequest.get(t.path("x").build())).path("ok").asBoolean()).isTrue();
    }
  }

  @Test
  void aFileRecordingIsEmptiedFirstAndClosedByItsOwner(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("wire.jsonl");
    Files.writeString(file, "old content\n");
    server.enqueue(new MockResponse().setBody("{}"));
    try (WireRecording wire = WireRecording.open(file); Transport t = transport(wire)) {
      assertThat(wire.path()).contains(file);
      t.json(ApiRequest.get(t.path("x").build()));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).contains("\"type\":\"recording\"");
    assertThat(lines).noneMatch(l -> l.contains("old content"));
    assertThat(lines).hasSize(5);
  }

  @Test
  void theConfigurationCarriesTheRecording() {
    try (WireRecording wire = WireRecording.builder(recorded).build()) {
      ChatConfig config = ChatConfig.builder().vendor("x").recording(wire).build();
      assertThat(config.recording()).containsSame(wire);
      assertThat(config.toBuilder().build().recording()).containsSame(wire);
      assertThat(ChatConfig.builder().vendor("x").build().recording()).isEmpty();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
