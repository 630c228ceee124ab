package dev.chatbridge.bench;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
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
 * Target 1: {@code ChatSession.send} (blocking, the public API through {@code ChatClients.create}) vs the same send
 * hand-written with OkHttp + Jackson ({@link HandWritten}), against the same in-process loopback server and the
 * same fixed vendor-shaped bodies. Run with {@code -prof gc} for bytes allocated per op. Onyx: one NDJSON call with
 * a 60-word reply. Open WebUI: read chat + completion + write-back, three calls with a 60-word reply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class PerCallBenchmark {
  static final int DELTAS = 60;
  static final String ONYX_SESSION = "9b2f0c4e-8a1d-4c3e-b6f7-2d5e8a9c0f11";
  static final String QUESTION = "Where is my order?";

  LoopbackServer server;
  ChatClient onyx;
  ChatClient openWebUi;
  ChatSession onyxSession;
  ChatSession openWebUiSession;
  OkHttpClient okHttp;
  String onyxBase;
  String openWebUiBase;

  @Setup(Level.Trial)
  public void start() {
    server = OpenWebUiScenario.routes(OnyxScenario.routes(new LoopbackServer(), DELTAS, null), DELTAS).start();
    onyx = Clients.onyx(server.url("/api"));
    openWebUi = Clients.openWebUi(server.url(""));
    onyxSession = onyx.session(ONYX_SESSION);
    openWebUiSession = openWebUi.session(OpenWebUiScenario.CHAT_ID);
    okHttp = new OkHttpClient();
    onyxBase = server.url("/api");
    openWebUiBase = server.url("");
  }

  @TearDown(Level.Trial)
  public void stop() {
    onyx.close();
    openWebUi.close();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    server.close();
  }

  @Benchmark
  public ChatReply onyxChatBridge() {
    return onyxSession.send(QUESTION);
  }

  @Benchmark
  public ChatReply onyxHandWritten() throws IOException {
    return HandWritten.onyxSend(okHttp, onyxBase, Clients.ONYX_KEY, ONYX_SESSION, QUESTION);
  }

  @Benchmark
  public ChatReply openWebUiChatBridge() {
    return openWebUiSession.send(QUESTION);
  }

  @Benchmark
  public ChatReply openWebUiHandWritten() throws IOException {
    return HandWritten.openWebUiSend(okHttp, openWebUiBase, Clients.OPEN_WEBUI_KEY, OpenWebUiScenario.CHAT_ID,
        OpenWebUiScenario.MODEL, "Llama 3.1 8B", QUESTION);
  }
}
