package dev.chatbridge.bench;

import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/** Pairs that need the vendor modules. */
final class VendorPairs {
  private VendorPairs() {}

  static void addTo(List<Pairs.Pair> out, Blackhole bh) {}
}
