package dev.chatbridge.examples;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatSession;
import dev.chatbridge.testkit.Emulators;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One piece of code, any vendor: the vendor, base URL, key and vendor options come from a properties file
 * ({@code chatbridge.vendor=openwebui}, {@code chatbridge.base-url=...}, {@code chatbridge.openwebui.model=...}).
 *
 * <p>{@code SwitchVendors a.properties b.properties} asks each configured vendor the same question. Without
 * arguments it writes such a file for every vendor module present, each against its emulator, and uses those.
 */
public final class SwitchVendors {
  private SwitchVendors() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0) {
      for (String file : args) run(load(Path.of(file)), "What are your opening hours?", System.out);
      return;
    }
    Path dir = Files.createTempDirectory("chatbridge-vendors");
    for (String vendor : ChatClients.providers().keySet()) {
      if (!Emulators.vendors().contains(vendor)) continue;
      try (ExampleTarget target = ExampleTarget.emulated(vendor)) {
        Path file = write(dir.resolve(vendor + ".properties"), target.config());
        run(load(file), "What are your opening hours?", System.out);
      }
    }
  }

  /** Asks {@code question} in a new session of whichever vendor {@code settings} names; returns the answer. */
  public static String run(Properties settings, String question, PrintStream out) {
    try (ChatClient client = ChatClients.create(ChatConfig.fromProperties(settings))) {
      ChatSession session = client.createSession();
      String answer = session.send(question).text();
      out.println(client.vendor() + ": " + answer);
      return answer;
    }
  }

  /** Reads a {@code .properties} file (UTF-8). */
  public static Properties load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return p;
  }

  /** Writes {@code config} as the properties file a user would write by hand. */
  static Path write(Path file, ChatConfig config) throws IOException {
    Properties p = new Properties();
    p.setProperty("chatbridge.vendor", config.vendor());
    config.baseUrl().ifPresent(u -> p.setProperty("chatbridge.base-url", u));
    config.apiKey().ifPresent(k -> p.setProperty("chatbridge.api-key", k));
    config.options().forEach((k, v) -> p.setProperty("chatbridge." + config.vendor() + "." + k, v));
    try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "ChatBridge settings for " + config.vendor());
    }
    return file;
  }
}
