package dev.chatbridge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.examples.ExampleTarget;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import dev.chatbridge.testkit.ReplayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --record FILE} on a CLI command against each emulator, then the same command against a
 * {@link ReplayServer} serving that file: the same output, without the emulator.
 */
class RecordReplayCliTest {
  private final CliRunner cli = new CliRunner();

  @TempDir
  Path dir;

  private CliRunner.Result run(String vendor, String baseUrl, String key, Emulator emulator, String... args) {
    List<String> all = new ArrayList<>(List.of("--vendor", vendor, "--base-url", baseUrl, "--api-key", key));
    ExampleTarget.emulatorOptions(emulator).forEach((k, v) -> all.addAll(List.of("--option", k + "=" + v)));
    if (vendor.equals("openwebui")) {
      // Open WebUI's message ids are made by the client afresh each run, which a recording cannot know: the
      // server-managed path polls for its reply by that id, and the write-back's check after writing would find
      // the recorded ids instead of ours. Replay it client-managed, without the check (README, "Checking your
      // server")
      all.addAll(List.of("--option", "chatbridge.openwebui.history=client",
          "--option", "chatbridge.openwebui.write-settle=0"));
    }
    all.addAll(List.of(args));
    return cli.run(all.toArray(new String[0]));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"onyx", "opencx", "openwebui", "osvi"})
  void aRecordedSendReplaysToTheSameOutput(String vendor) throws IOException {
    Path file = dir.resolve(vendor + ".jsonl");
    CliRunner.Result live;
    try (Emulator emulator = Emulators.create(vendor)) {
      emulator.start();
      live = run(vendor, emulator.baseUrl(), emulator.apiKey(), emulator, "send", "--json", "--record",
          file.toString(), "Hello", "replay");
      assertThat(live.code).as(live.toString()).isZero();
      assertThat(Files.readString(file)).contains("\"type\":\"request\"", "\"type\":\"chunk\"", "Hello replay")
          .doesNotContain(emulator.apiKey());
    }
    try (ReplayServer replay = ReplayServer.of(file).start()) {
      CliRunner.Result replayed = run(vendor, replay.baseUrl(), "any-key", Emulators.create(vendor), "send",
          "--json", "Hello", "replay");
      assertThat(replayed.code).as(replayed.toString()).isZero();
      if (vendor.equals("openwebui")) {
        // Open WebUI's message ids are made by the client (a new UUID per run): all else is the same
        ObjectNode was = (ObjectNode) live.json();
        ObjectNode is = (ObjectNode) replayed.json();
        assertThat(((ObjectNode) is.path("reply")).remove("id")).isNotEqualTo(((ObjectNode) was.path("reply"))
            .remove("id"));
        assertThat(is).isEqualTo(was);
      } else {
        assertThat(replayed.out).isEqualTo(live.out);
      }
      assertThat(replay.mismatches()).isEmpty();
    }
  }

  @Test
  void redactTextReplacesTheMessageInTheRecording() throws IOException {
    Path file = dir.resolve("redacted.jsonl");
    try (Emulator emulator = Emulators.create("onyx")) {
      emulator.start();
      CliRunner.Result r = run("onyx", emulator.baseUrl(), emulator.apiKey(), emulator, "send", "--record",
          file.toString(), "--redact-text", "Hello", "secretive");
      assertThat(r.code).as(r.toString()).isZero();
      assertThat(r.out).contains("secretive"); // the caller still sees the text
    }
    assertThat(Files.readString(file)).contains("[redacted text]", "\"redactText\":true")
        .doesNotContain("secretive");
  }

  @Test
  void redactTextNeedsRecord() {
    CliRunner.Result r = cli.run("--vendor", "onyx", "--redact-text", "send", "Hello");
    assertThat(r.code).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err).contains("--redact-text needs --record FILE");
  }
}
