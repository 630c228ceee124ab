package dev.chatbridge.examples;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the example programs connect: the server configured in the environment ({@code CHATBRIDGE_BASE_URL} or
 * {@code -Dchatbridge.base-url}), or else the vendor's testkit emulator started in-process, so every example runs
 * on a fresh machine. Close it to stop the emulator.
 */
public final class ExampleTarget implements AutoCloseable {
  private final ChatConfig config;
  private final Emulator emulator;

  private ExampleTarget(ChatConfig config, Emulator emulator) {
    this.config = config;
    this.emulator = emulator;
  }

  /**
   * The environment's configuration when it names a base URL; otherwise the emulator of the environment's vendor,
   * or of {@code defaultVendor} when none is configured.
   */
  public static ExampleTarget fromEnvironment(String defaultVendor) {
    String baseUrl = System.getProperty("chatbridge.base-url", System.getenv("CHATBRIDGE_BASE_URL"));
    if (baseUrl != null && !baseUrl.isBlank()) return new ExampleTarget(ChatConfig.fromEnvironment(), null);
    String vendor = System.getProperty("chatbridge.vendor", System.getenv("CHATBRIDGE_VENDOR"));
    return emulated(vendor == null || vendor.isBlank() ? defaultVendor : vendor);
  }

  /** Starts {@code vendor}'s emulator on a free loopback port and configures a client for it. */
  public static ExampleTarget emulated(String vendor) {
    Emulator emulator = Emulators.create(vendor).start();
    return new ExampleTarget(configFor(emulator).build(), emulator);
  }

  /** A configuration for a client against a running {@code emulator}: vendor, base URL, key and options. */
  public static ChatConfig.Builder configFor(Emulator emulator) {
    ChatConfig.Builder b = ChatConfig.builder()
        .vendor(emulator.vendor())
        .baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey());
    emulatorOptions(emulator).forEach(b::option);
    return b;
  }

  /** The vendor options a client needs against {@code emulator}, as the emulator states them; empty when none. */
  public static Map<String, String> emulatorOptions(Emulator emulator) {
    return new TreeMap<>(emulator.clientOptions());
  }

  public ChatConfig config() {
    return config;
  }

  /** The emulator in use, or null when the environment named a server. */
  public Emulator emulator() {
    return emulator;
  }

  @Override
  public void close() {
    if (emulator != null) emulator.close();
  }
}
