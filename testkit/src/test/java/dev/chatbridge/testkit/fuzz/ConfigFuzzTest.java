package dev.chatbridge.testkit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the configuration parser: whatever the keys and values, from a properties file, the environment or
 * {@link ChatConfig#parseDuration}, the outcome is a valid configuration or a {@link ConfigurationException}, never
 * an {@link ArithmeticException}, an {@link IllegalArgumentException} or a "valid" configuration that OkHttp would
 * refuse (a timeout out of range or of 0 ms, a key no header can carry, user info in the base URL).
 *
 * <p>The input is {@code key=value} lines (a {@code .properties} text), keys without the {@code chatbridge.}
 * prefix; plain {@code mvn verify} replays the seeds in {@code src/test/resources/.../ConfigFuzzTestInputs/}.
 */
class ConfigFuzzTest {
  private static final Logger WARNINGS = Logger.getLogger("dev.chatbridge");
  private static Level level;

  @BeforeAll
  static void quiet() {
    level = WARNINGS.getLevel();
    WARNINGS.setLevel(Level.OFF); // unknown keys are warned about: thousands of lines otherwise
  }

  @AfterAll
  static void restore() {
    WARNINGS.setLevel(level);
  }

  @FuzzTest(maxDuration = "20s")
  void properties(byte[] input) {
    Properties p = lines(input);
    if (p == null) return;
    Properties prefixed = new Properties();
    for (String k : p.stringPropertyNames()) prefixed.setProperty("chatbridge." + k, p.getProperty(k));
    if (!prefixed.containsKey("chatbridge.vendor")) prefixed.setProperty("chatbridge.vendor", "x");
    try {
      check(ChatConfig.fromProperties(prefixed));
    } catch (ConfigurationException expected) {
      // a bad value, named
    }
  }

  @FuzzTest(maxDuration = "20s")
  void environment(byte[] input) {
    Properties p = lines(input);
    if (p == null) return;
    Map<String, String> env = new HashMap<>();
    env.put("CHATBRIDGE_VENDOR", "x");
    for (String k : p.stringPropertyNames()) {
      env.put("CHATBRIDGE_" + k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), p.getProperty(k));
    }
    try {
      check(ChatConfig.fromSources(new Properties(), env));
    } catch (ConfigurationException expected) {
      // a bad value, named
    }
  }

  @FuzzTest(maxDuration = "20s")
  void duration(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      checkDuration(ChatConfig.parseDuration("chatbridge.timeout", text));
    } catch (ConfigurationException e) {
      if (!e.getMessage().contains("chatbridge.timeout")) throw new AssertionError("the key is not named: " + e);
    }
  }

  /** The input as a properties text; null when {@link Properties#load} itself refuses it (a bad escape). */
  private static Properties lines(byte[] input) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(input, StandardCharsets.UTF_8)));
      return p;
    } catch (IllegalArgumentException | IOException notAPropertiesText) {
      return null;
    }
  }

  /** What a configuration that built must satisfy: OkHttp takes every value as is. */
  private static void check(ChatConfig c) {
    checkDuration(c.callTimeout());
    checkDuration(c.connectTimeout());
    checkDuration(c.streamIdleTimeout());
    c.streamTotalTimeout().ifPresent(ConfigFuzzTest::checkDuration);
    c.apiKey().ifPresent(k -> {
      for (char ch : k.toCharArray()) {
        if (ch < 0x20 || ch > 0x7e) throw new AssertionError("a key no header can carry was accepted");
      }
    });
    c.baseUrl().map(HttpUrl::parse).ifPresent(u -> {
      if (!u.username().isEmpty() || !u.password().isEmpty()) throw new AssertionError("user info accepted: " + u);
    });
    if (c.maxRetries() < 0) throw new AssertionError("negative retries");
  }

  private static void checkDuration(Duration d) {
    if (d.compareTo(ChatConfig.MIN_DURATION) < 0 || d.compareTo(ChatConfig.MAX_DURATION) > 0) {
      throw new AssertionError("out of range: " + d);
    }
    if (d.toNanos() % 1_000_000 != 0) throw new AssertionError("not whole milliseconds: " + d);
  }
}
