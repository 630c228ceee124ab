package dev.chatbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Core's share of a non-streaming call: {@link Transport#json} (auth, User-Agent, one-shot body, send tracking,
 * status mapping, size cap, JsonNode) vs the same POST with a plain OkHttp client and {@code readTree}, against
 * the same loopback server returning an Onyx {@code ChatFullResponse}. The vendor-level comparison (target 1) is
 * {@code PerCallBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransportBenchmark {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  static final String SESSION = "9b2f0c4e-8a1d-4c3e-b6f7-2d5e8a9c0f11";

  LoopbackServer server;
  Transport transport;
  OkHttpClient okHttp;
  ObjectMapper mapper;
  String url;
  byte[] reply = Bodies.onyxFullResponse(60, SESSION);

  @Setup(Level.Trial)
  public void start() {
    server = new LoopbackServer()
        .route("POST", "/api/chat/send-chat-message", (req, res) -> res.send(200, "application/json", reply))
        .start();
    url = server.url("/api/chat/send-chat-message");
    ChatConfig config = ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api")).apiKey("on_bench").build();
    transport = Transport.builder("onyx", config).build();
    okHttp = new OkHttpClient();
    mapper = new ObjectMapper();
  }

  @TearDown(Level.Trial)
  public void stop() {
    transport.close();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    server.close();
  }

  @Benchmark
  public JsonNode coreTransport() {
    return transport.json(ApiRequest.post(transport.path("chat/send-chat-message").build(),
        Map.of("chat_session_id", SESSION, "message", "Where is my order?", "stream", false)));
  }

  @Benchmark
  public JsonNode okHttpJackson() throws IOException {
    byte[] body = mapper.writeValueAsString(
        Map.of("chat_session_id", SESSION, "message", "Where is my order?", "stream", false))
        .getBytes(StandardCharsets.UTF_8);
    Request request = new Request.Builder().url(url)
        .header("Authorization", "Bearer on_bench")
        .post(RequestBody.create(body, JSON))
        .build();
    try (Response response = okHttp.newCall(request).execute()) {
      if (!response.isSuccessful()) throw new IOException("HTTP " + response.code());
      return mapper.readTree(response.body().bytes());
    }
  }
}
