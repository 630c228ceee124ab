package dev.chatbridge.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library version, from the build. Not API. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** The version of ChatBridge, e.g. {@code 0.1.0}; {@code dev} when run from classes. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/chatbridge/version.properties")) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
