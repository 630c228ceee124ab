package dev.chatbridge.bench;

import java.util.List;
import okio.Buffer;
import org.openjdk.jmh.infra.Blackhole;

/** Pairs that go through the vendor modules (found with ChatClients): vendor stream parse and per-call send. */
final class VendorPairs {
  private VendorPairs() {}

  static void addTo(List<Pairs.Pair> out, Blackhole bh) throws Exception {
    StreamParseBenchmark parse = new StreamParseBenchmark();
    parse.clients();
    byte[] onyx = StreamParseBenchmark.ONYX;
    byte[] owui = StreamParseBenchmark.OPEN_WEBUI;
    out.add(new Pairs.Pair("stream parse onyx (vendor parser)", "≤ 1/0.9 = 1.111", 5,
        () -> {
          parse.onyx = new Buffer().write(onyx); // the same fill as the baseline's, nothing more
          return parse.onyxVendor(bh);
        },
        () -> JacksonBaseline.onyx(new Buffer().write(onyx).inputStream(), bh::consume), null));
    out.add(new Pairs.Pair("stream parse openwebui (vendor parser)", "≤ 1/0.9 = 1.111", 5,
        () -> {
          parse.openWebUi = new Buffer().write(owui);
          return parse.openWebUiVendor(bh);
        },
        () -> JacksonBaseline.openWebUi(new Buffer().write(owui), bh::consume), parse::closeClients));

    PerCallBenchmark call = new PerCallBenchmark();
    call.start();
    out.add(new Pairs.Pair("per-call onyx send", "≤ 1.05", 20, call::onyxChatBridge, call::onyxHandWritten, null));
    out.add(new Pairs.Pair("per-call openwebui send", "≤ 1.05", 20, call::openWebUiChatBridge,
        call::openWebUiHandWritten, call::stop));
  }
}
