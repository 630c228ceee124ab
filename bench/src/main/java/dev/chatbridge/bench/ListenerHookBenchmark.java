package dev.chatbridge.bench;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatListener;
import dev.chatbridge.ChatOperation;
import dev.chatbridge.ChatReply;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of a registered {@link ChatListener}: an Onyx send (as {@link PerCallBenchmark#onyxChatBridge}) and an
 * Onyx stream parse (as {@link StreamParseBenchmark#onyxVendor}, per event), each with {@code listener=off} (no
 * listener: must allocate what those benchmarks do) and {@code listener=on} (one listener reading every figure at
 * the end). Run with {@code -prof gc}: the B/op difference is what the hook costs.
 */
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ListenerHookBenchmark {
  /** Reads what a metrics listener would, so nothing is optimised away. */
  static final class Reading implements ChatListener {
    long sink;

    @Override
    public void onEnd(ChatOperation op) {
      sink += op.attempts() + op.eventCount() + op.duration().getNano() + op.kind().ordinal()
          + op.outcome().ordinal() + op.httpStatus().orElse(0);
    }
  }

  static ChatConfig.Builder withListener(ChatConfig.Builder config, String listener) {
    return listener.equals("on") ? config.listener(new Reading()) : config;
  }

  /** A blocking Onyx send against the loopback server. */
  @State(Scope.Benchmark)
  public static class Send {
    @Param({"off", "on"})
    String listener;
    LoopbackServer server;
    ChatClient onyx;

    @Setup(Level.Trial)
    public void start() {
      server = OnyxScenario.routes(new LoopbackServer(), PerCallBenchmark.DELTAS, null).start();
      onyx = ChatClients.create(withListener(Clients.config("onyx", server.url("/api")), listener).build());
    }

    @TearDown(Level.Trial)
    public void stop() {
      onyx.close();
      server.close();
    }
  }

  /** An Onyx stream answered from memory, a fresh body per op (set up outside the measurement). */
  @State(Scope.Benchmark)
  public static class Stream {
    @Param({"off", "on"})
    String listener;
    ChatClient onyx;
    Buffer body;

    @Setup(Level.Trial)
    public void start() {
      onyx = ChatClients.create(withListener(Clients.config("onyx", "http://127.0.0.1:9/api"), listener)
          .okHttpClient(new CannedResponses()
              .on("POST", "/api/chat/send-chat-message", "text/event-stream; charset=utf-8", () -> body)
              .client())
          .build());
    }

    @Setup(Level.Invocation)
    public void fill() {
      body = new Buffer().write(StreamParseBenchmark.ONYX);
    }

    @TearDown(Level.Trial)
    public void stop() {
      onyx.close();
    }
  }

  /** {@link PerCallBenchmark#onyxChatBridge}, listener off or on. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ChatReply onyxSend(Send s) {
    return s.onyx.session(PerCallBenchmark.ONYX_SESSION).send(PerCallBenchmark.QUESTION);
  }

  /** {@link StreamParseBenchmark#onyxVendor}, listener off or on (per event, as there). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(StreamParseBenchmark.EVENTS)
  public int onyxStream(Stream s, Blackhole bh) {
    return StreamParseBenchmark.drain(s.onyx.session(PerCallBenchmark.ONYX_SESSION).stream(PerCallBenchmark.QUESTION),
        bh);
  }
}
