package dev.chatbridge.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target 2: a 10,000-event body parsed into {@link ChatEvent}s from an in-memory okio {@link Buffer} (no network),
 * SDK path vs a raw Jackson streaming loop over the same bytes. One op = one event (ops/s = events/s); MB/s =
 * events/s × the body's bytes per event, printed by {@link #main}-less setup into RESULTS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StreamParseBenchmark.EVENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamParseBenchmark {
  public static final int EVENTS = 10_000;
  static final byte[] ONYX = Bodies.onyxNdjson(EVENTS);
  static final byte[] OPEN_WEBUI = Bodies.openWebUiSse(EVENTS);

  Buffer onyx;
  Buffer openWebUi;

  /** Fresh buffers per op, outside the measurement (a 1–2 MB parse takes milliseconds, so this is allowed). */
  @Setup(Level.Invocation)
  public void fill() {
    onyx = new Buffer().write(ONYX);
    openWebUi = new Buffer().write(OPEN_WEBUI);
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
