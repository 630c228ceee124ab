package dev.chatbridge.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * Where the Onyx stream path spends its time, step by step over the same 10k-line body: line splitting alone, lines
 * + {@code readTree} per line (core {@link NdjsonReader}), and one parser building a tree per root value. Used to
 * explain target 2's ratio in RESULTS.md.
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

  /** Line splitting only: the floor of any line-based reader. */
  @Benchmark
  public int onyxLinesOnly(Blackhole bh) throws IOException {
    NdjsonReader r = new NdjsonReader(onyx);
    int n = 0;
    byte[] line;
    while ((line = r.nextLine()) != null) {
      bh.consume(line);
      n++;
    }
    return n;
  }

  /** Core NdjsonReader.next(): lines + a JsonNode tree per line, no mapping. */
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

  /** One streaming parser over the whole body, a tree per root value: the cost of the tree itself. */
  @Benchmark
  public int onyxOneParserTrees(Blackhole bh) throws IOException {
    int n = 0;
    try (JsonParser p = Json.MAPPER.createParser(onyx.inputStream())) {
      while (p.nextToken() == JsonToken.START_OBJECT) {
        bh.consume((JsonNode) Json.MAPPER.readTree(p));
        n++;
      }
    }
    return n;
  }
}
