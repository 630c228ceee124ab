package dev.chatbridge.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.NdjsonReader;
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
 * Where the Onyx stream path spends its time, step by step over the same 10k-line body: tokenising alone with a raw
 * Jackson parser and through core's {@link NdjsonReader} (its value cap and bookkeeping), and core's
 * {@link NdjsonReader#next()} building a tree per value. Used to explain target 2's ratio in RESULTS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StreamParseBenchmark.EVENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamParseBreakdownBenchmark {
  Buffer onyx;

  @Setup(Level.Invocation)
  public void fill() {
    onyx = new Buffer().write(StreamParseBenchmark.ONYX);
  }

  /** A raw Jackson parser over the body, every value tokenised and skipped: the floor of any JSON reader. */
  @Benchmark
  public int onyxRawTokensOnly() throws IOException {
    int n = 0;
    try (JsonParser p = Json.MAPPER.createParser(onyx.inputStream())) {
      while (p.nextToken() != null) {
        p.skipChildren();
        n++;
      }
    }
    return n;
  }

  /** The same through core's NdjsonReader.nextValue(): what core adds to tokenising. */
  @Benchmark
  public int onyxCoreTokensOnly() throws IOException {
    NdjsonReader r = new NdjsonReader(onyx);
    int n = 0;
    JsonParser p;
    while ((p = r.nextValue()) != null) {
      p.skipChildren();
      n++;
    }
    return n;
  }

  /** Core NdjsonReader.next(): a JsonNode tree per value, no mapping. */
  @Benchmark
  public int onyxReadTree(Blackhole bh) throws IOException {
    NdjsonReader r = new NdjsonReader(onyx);
    int n = 0;
    JsonNode node;
    while ((node = r.next()) != null) {
      bh.consume(node);
      n++;
    }
    return n;
  }
}
