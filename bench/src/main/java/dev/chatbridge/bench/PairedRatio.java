package dev.chatbridge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A noise-resistant cross-check of the JMH ratios for a shared, busy machine: runs an SDK path and its baseline in
 * alternating short rounds, so a burst of load from other processes hits both sides alike, and reports the median
 * per-round ratio. JMH stays the measurement of record; this says whether a JMH ratio is load or real.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.chatbridge.bench.PairedRatio [rounds [name-filter]]}; the
 * filter keeps the pairs whose name contains it (e.g. {@code "per-call onyx"}).
 */
public final class PairedRatio {
  private PairedRatio() {}

  /** One side of a pair: does one op, returns something to keep the JIT honest. */
  interface Op {
    Object run() throws Exception;
  }

  /** Median over rounds of (sdk ns/op ÷ baseline ns/op), plus each side's median ns/op. */
  static double[] measure(Op sdk, Op baseline, int rounds, int opsPerRound) throws Exception {
    Object sink = null;
    long warmupEnd = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      sink = sdk.run();
      sink = baseline.run();
    }
    double[] ratios = new double[rounds];
    double[] a = new double[rounds];
    double[] b = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < opsPerRound; i++) sink = sdk.run();
      long t1 = System.nanoTime();
      for (int i = 0; i < opsPerRound; i++) sink = baseline.run();
      long t2 = System.nanoTime();
      a[r] = (t1 - t0) / (double) opsPerRound;
      b[r] = (t2 - t1) / (double) opsPerRound;
      ratios[r] = a[r] / b[r];
    }
    if (sink == null) System.out.print("");
    return new double[] {median(ratios), median(a), median(b)};
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    List<String> lines = new ArrayList<>();
    String filter = args.length > 1 ? args[1] : "";
    for (Pairs.Pair p : Pairs.all()) {
      if (!p.name.contains(filter)) {
        p.close();
        continue;
      }
      try {
        double[] m = measure(p.sdk, p.baseline, rounds, p.opsPerRound);
        lines.add(String.format(Locale.ROOT, "%-34s sdk %12.1f ns/op  baseline %12.1f ns/op  ratio %.3f  (target %s)",
            p.name, m[1], m[2], m[0], p.target));
        System.out.println(lines.get(lines.size() - 1));
      } finally {
        p.close();
      }
    }
  }
}
