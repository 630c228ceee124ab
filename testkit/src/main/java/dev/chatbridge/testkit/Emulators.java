package dev.chatbridge.testkit;

import java.util.List;

/** Finds the emulator for a vendor name, for tools such as the example CLI. */
public final class Emulators {
  private Emulators() {}

  /** The vendor names with an emulator. */
  public static List<String> vendors() {
    return List.of("onyx", "opencx", "openwebui", "osvi");
  }

  /** A new, not yet started emulator for {@code vendor}. */
  public static Emulator create(String vendor) {
    switch (vendor) {
      case "onyx":
        return new OnyxEmulator();
      case "opencx":
        return new OpenCxEmulator();
      case "openwebui":
        return new OpenWebUiEmulator();
      case "osvi":
        return new OsviEmulator();
      default:
        throw new IllegalArgumentException("no emulator for vendor '" + vendor + "'; known: " + vendors());
    }
  }
}
