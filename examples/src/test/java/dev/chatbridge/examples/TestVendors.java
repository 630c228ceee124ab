package dev.chatbridge.examples;

import dev.chatbridge.ChatClients;
import dev.chatbridge.examples.cli.FakeEmulator;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import java.util.ArrayList;
import java.util.List;

/**
 * The vendors the end-to-end tests run against: every provider on the test class path (the four vendor modules
 * once present, plus the test-only "fake"). A provider without an emulator fails the tests; none is skipped.
 */
public final class TestVendors {
  private TestVendors() {}

  public static List<String> all() {
    return new ArrayList<>(ChatClients.providers().keySet());
  }

  /** The real vendor modules present (the fake excluded). */
  public static List<String> real() {
    List<String> out = all();
    out.remove("fake");
    return out;
  }

  /** A new, not yet started emulator for {@code vendor}. */
  public static Emulator emulator(String vendor) {
    return vendor.equals("fake") ? new FakeEmulator() : Emulators.create(vendor);
  }
}
