package dev.chatbridge.bench;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target 2: a 10,000-event body parsed into {@link ChatEvent}s from an in-memory okio {@link Buffer} (no network),
 * SDK paths vs a raw Jackson streaming loop over the same bytes. One op = one event (ops/s = events/s); MB/s =
 * events/s × the body's bytes per event ({@link #ONYX} and {@link #OPEN_WEBUI} lengths ÷ {@link #EVENTS}).
 * {@code *Vendor} is the vendor module's parser (the figure of record), {@code *CoreReader} core's readers with a
 * minimal mapping (core's share), {@code *JacksonBaseline} the hand-written streaming loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StreamParseBenchmark.EVENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class StreamParseBenchmark {
  public static final int EVENTS = 10_000;
  static final byte[] ONYX = Bodies.onyxNdjson(EVENTS);
  static final byte[] OPEN_WEBUI = Bodies.openWebUiSse(EVENTS);

  Buffer onyx;
  Buffer openWebUi;
  ChatClient onyxClient;
  ChatClient openWebUiClient;

  /**
   * The real vendor modules, found through {@code ChatClients} as an application would, their OkHttp client
   * answering from the buffers below ({@link CannedResponses}): the whole SDK stream path, no socket.
   */
  @Setup(Level.Trial)
  public void clients() {
    onyxClient = ChatClients.create(Clients.config("onyx", "http://127.0.0.1:9/api")
        .okHttpClient(new CannedResponses()
            .on("POST", "/api/chat/send-chat-message", "text/event-stream; charset=utf-8", () -> onyx)
            .client())
        .build());
    openWebUiClient = ChatClients.create(Clients.config("openwebui", "http://127.0.0.1:9")
        .okHttpClient(new CannedResponses()
            .on("GET", "/api/models", "application/json", OpenWebUiScenario.MODELS)
            .on("GET", "/api/v1/chats/", "application/json", OpenWebUiScenario.CHAT)
            .on("POST", "/api/v1/chats/", "application/json", OpenWebUiScenario.CHAT)
            .on("POST", "/api/chat/completions", "text/event-stream; charset=utf-8", () -> openWebUi)
            .client())
        .build());
  }

  @TearDown(Level.Trial)
  public void closeClients() {
    onyxClient.close();
    openWebUiClient.close();
  }

  /** Fresh buffers per op, outside the measurement (a 1–2 MB parse takes milliseconds, so this is allowed). */
  @Setup(Level.Invocation)
  public void fill() {
    onyx = new Buffer().write(ONYX);
    openWebUi = new Buffer().write(OPEN_WEBUI);
  }

  /** The Onyx module's parser (OnyxStream + OnyxEventSource) through {@code ChatSession.stream}. */
  @Benchmark
  public int onyxVendor(Blackhole bh) {
    return drain(onyxClient.session(PerCallBenchmark.ONYX_SESSION).stream(PerCallBenchmark.QUESTION), bh);
  }

  /**
   * The Open WebUI module's parser (CompletionEventSource) through {@code ChatSession.stream}; the op also includes
   * the send's small chat read and write-back (answered from memory), so it slightly overstates parse cost.
   */
  @Benchmark
  public int openWebUiVendor(Blackhole bh) {
    return drain(openWebUiClient.session(OpenWebUiScenario.CHAT_ID).stream(PerCallBenchmark.QUESTION), bh);
  }

  @Benchmark
  public int onyxCoreReader(Blackhole bh) {
    return drain(ChatStream.of("onyx", CoreParsers.onyx(onyx)), bh);
  }

  @Benchmark
  public int onyxJacksonBaseline(Blackhole bh) throws IOException {
    return JacksonBaseline.onyx(onyx.inputStream(), bh::consume);
  }

  @Benchmark
  public int openWebUiCoreReader(Blackhole bh) {
    return drain(ChatStream.of("openwebui", CoreParsers.openWebUi(openWebUi)), bh);
  }

  @Benchmark
  public int openWebUiJacksonBaseline(Blackhole bh) throws IOException {
    return JacksonBaseline.openWebUi(openWebUi, bh::consume);
  }

  static int drain(ChatStream stream, Blackhole bh) {
    int n = 0;
    try (stream) {
      for (ChatEvent e : stream) {
        bh.consume(e);
        n++;
      }
    }
    return n;
  }
}
