package dev.chatbridge.bench;

import dev.chatbridge.ChatStream;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.openjdk.jmh.infra.Blackhole;

/** The SDK-vs-baseline pairs {@link PairedRatio} cross-checks; the same code paths as the JMH benchmarks. */
final class Pairs {
  private Pairs() {}

  static final class Pair implements AutoCloseable {
    final String name;
    final String target;
    final int opsPerRound;
    final PairedRatio.Op sdk;
    final PairedRatio.Op baseline;
    final AutoCloseable resources;

    Pair(String name, String target, int opsPerRound, PairedRatio.Op sdk, PairedRatio.Op baseline,
        AutoCloseable resources) {
      this.name = name;
      this.target = target;
      this.opsPerRound = opsPerRound;
      this.sdk = sdk;
      this.baseline = baseline;
      this.resources = resources;
    }

    @Override
    public void close() throws Exception {
      if (resources != null) resources.close();
    }
  }

  static List<Pair> all() throws Exception {
    List<Pair> out = new ArrayList<>();
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    byte[] onyx = StreamParseBenchmark.ONYX;
    byte[] owui = StreamParseBenchmark.OPEN_WEBUI;
    out.add(new Pair("stream parse onyx (core reader)", "≤ 1/0.9 = 1.111", 5,
        () -> StreamParseBenchmark.drain(ChatStream.of("onyx", CoreParsers.onyx(new Buffer().write(onyx))), bh),
        () -> JacksonBaseline.onyx(new Buffer().write(onyx).inputStream(), bh::consume), null));
    out.add(new Pair("stream parse openwebui (core reader)", "≤ 1/0.9 = 1.111", 5,
        () -> StreamParseBenchmark.drain(ChatStream.of("openwebui", CoreParsers.openWebUi(new Buffer().write(owui))), bh),
        () -> JacksonBaseline.openWebUi(new Buffer().write(owui), bh::consume), null));
    VendorPairs.addTo(out, bh);
    return out;
  }
}
