package dev.chatbridge.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/** Runs the CLI in-process with controlled environment, system properties, stdin and emulator factory. */
final class CliRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, String> env = new HashMap<>();
  final Properties props = new Properties();
  Function<String, Emulator> emulators = v -> v.equals("fake") ? new FakeEmulator() : Emulators.create(v);
  String stdin = "";

  /** The outcome of one run. */
  static final class Result {
    final int code;
    final String out;
    final String err;

    Result(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    /** stdout parsed as exactly one JSON document. */
    JsonNode json() {
      try {
        var parser = JSON.createParser(out);
        JsonNode doc = JSON.readTree(parser);
        if (parser.nextToken() != null) throw new AssertionError("more than one JSON document on stdout: " + out);
        return doc;
      } catch (IOException e) {
        throw new UncheckedIOException("stdout is not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = new Cli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, o, e,
        env, props, emulators, false).run(args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
