package dev.chatbridge.spring;

import dev.chatbridge.testkit.Emulator;
import java.util.ArrayList;
import java.util.List;

/** The properties that point a client at a testkit emulator: what a user writes in application.yml. */
public final class EmulatorProperties {
  private EmulatorProperties() {}

  /** {@code <prefix>.vendor}, {@code .base-url}, {@code .api-key} and the emulator's vendor options. */
  public static String[] properties(String prefix, Emulator e) {
    List<String> p = new ArrayList<>(List.of(prefix + ".vendor=" + e.vendor(), prefix + ".base-url=" + e.baseUrl(),
        prefix + ".api-key=" + e.apiKey()));
    e.clientOptions().forEach((k, v) -> p.add(prefix + "." + e.vendor() + "." + k + "=" + v));
    return p.toArray(String[]::new);
  }
}
