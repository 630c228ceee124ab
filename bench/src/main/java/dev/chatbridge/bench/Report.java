package dev.chatbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result ({@code -rf json}) into the markdown tables of bench/RESULTS.md, ratios computed from the
 * same run: {@code java -cp bench/target/benchmarks.jar dev.chatbridge.bench.Report bench/target/results/jmh.json}.
 */
public final class Report {
  private final Map<String, JsonNode> results = new LinkedHashMap<>();

  private Report(File json) throws IOException {
    for (JsonNode r : new ObjectMapper().readTree(json)) {
      String name = r.get("benchmark").asText();
      results.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), r);
    }
  }

  public static void main(String[] args) throws IOException {
    Report r = new Report(new File(args.length > 0 ? args[0] : "bench/target/results/jmh.json"));
    StringBuilder out = new StringBuilder();
    r.perCall(out);
    r.streamParse(out);
    r.transport(out);
    r.breakdown(out);
    System.out.print(out);
  }

  private double score(String name) {
    JsonNode r = results.get(name);
    return r == null ? Double.NaN : r.path("primaryMetric").path("score").asDouble();
  }

  private double error(String name) {
    JsonNode r = results.get(name);
    return r == null ? Double.NaN : r.path("primaryMetric").path("scoreError").asDouble();
  }

  private double alloc(String name) {
    JsonNode r = results.get(name);
    return r == null ? Double.NaN
        : r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
  }

  private static String f(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  private static String verdict(boolean ok) {
    return ok ? "met" : "**missed**";
  }

  private void perCall(StringBuilder out) {
    out.append("### Target 1: per-call overhead (`ChatSession.send` vs hand-written OkHttp + Jackson)\n\n");
    out.append("| vendor | ChatBridge µs/op | hand-written µs/op | time ratio (≤ 1.05) | ChatBridge B/op "
        + "| hand-written B/op | alloc ratio (≤ 1.2) |\n|---|---|---|---|---|---|---|\n");
    for (String[] v : new String[][] {{"Onyx", "onyx"}, {"Open WebUI", "openWebUi"}}) {
      String sdk = "PerCallBenchmark." + v[1] + "ChatBridge";
      String base = "PerCallBenchmark." + v[1] + "HandWritten";
      double t = score(sdk) / score(base);
      double a = alloc(sdk) / alloc(base);
      out.append(f("| %s | %.1f ± %.1f | %.1f ± %.1f | %.3f %s | %.0f | %.0f | %.3f %s |%n", v[0], score(sdk),
          error(sdk), score(base), error(base), t, verdict(t <= 1.05), alloc(sdk), alloc(base), a, verdict(a <= 1.2)));
    }
    out.append('\n');
  }

  private void streamParse(StringBuilder out) {
    out.append("### Target 2: stream parse throughput (10,000-event body from an in-memory okio Buffer)\n\n");
    out.append("| body | path | events/s | MB/s | B/event | ratio to baseline (≥ 0.9) |\n|---|---|---|---|---|---|\n");
    double onyxBytes = StreamParseBenchmark.ONYX.length / (double) StreamParseBenchmark.EVENTS;
    double owuiBytes = StreamParseBenchmark.OPEN_WEBUI.length / (double) StreamParseBenchmark.EVENTS;
    for (Object[] v : new Object[][] {{"Onyx NDJSON", "onyx", onyxBytes}, {"Open WebUI SSE", "openWebUi", owuiBytes}}) {
      String base = "StreamParseBenchmark." + v[1] + "JacksonBaseline";
      for (String[] path : new String[][] {{"Vendor", "vendor module parser via ChatSession.stream"},
          {"CoreReader", "core reader + minimal mapping"}, {"JacksonBaseline", "raw Jackson streaming loop"}}) {
        String name = "StreamParseBenchmark." + v[1] + path[0];
        double ratio = score(name) / score(base);
        out.append(f("| %s (%.0f B/event) | %s | %,.0f ± %,.0f | %.1f | %.0f | %s |%n", v[0], (double) v[2], path[1],
            score(name), error(name), score(name) * (double) v[2] / 1e6, alloc(name),
            path[0].equals("JacksonBaseline") ? "1" : f("%.3f %s", ratio, path[0].equals("Vendor")
                ? verdict(ratio >= 0.9) : "(core's share)")));
      }
    }
    out.append('\n');
  }

  private void transport(StringBuilder out) {
    String sdk = "TransportBenchmark.coreTransport";
    String base = "TransportBenchmark.okHttpJackson";
    if (!results.containsKey(sdk)) return;
    out.append("### Core transport alone (`Transport.json` vs plain OkHttp + `readTree`, Onyx ChatFullResponse)\n\n");
    out.append("| path | µs/op | B/op |\n|---|---|---|\n");
    out.append(f("| core Transport.json | %.1f ± %.1f | %.0f |%n", score(sdk), error(sdk), alloc(sdk)));
    out.append(f("| OkHttp + Jackson | %.1f ± %.1f | %.0f |%n", score(base), error(base), alloc(base)));
    out.append(f("| ratio | %.3f | %.3f |%n%n", score(sdk) / score(base), alloc(sdk) / alloc(base)));
  }

  private void breakdown(StringBuilder out) {
    if (!results.containsKey("StreamParseBreakdownBenchmark.onyxReadTree")) return;
    out.append("### Where the Onyx stream path spends its time (same body, events/s)\n\n");
    out.append("| step | events/s | B/event |\n|---|---|---|\n");
    for (String[] s : new String[][] {
        {"StreamParseBreakdownBenchmark.onyxRawTokensOnly", "raw Jackson parser, values tokenised and skipped"},
        {"StreamParseBreakdownBenchmark.onyxCoreTokensOnly", "core NdjsonReader.nextValue, values skipped"},
        {"StreamParseBreakdownBenchmark.onyxReadTree", "core NdjsonReader.next: a tree per value"},
        {"StreamParseBenchmark.onyxCoreReader", "core reader + minimal mapping + ChatStream"},
        {"StreamParseBenchmark.onyxVendor", "Onyx module parser + ChatStream"},
        {"StreamParseBenchmark.onyxJacksonBaseline", "raw Jackson streaming loop (no tree)"}}) {
      out.append(f("| %s | %,.0f | %.0f |%n", s[1], score(s[0]), alloc(s[0])));
    }
    out.append('\n');
  }
}
