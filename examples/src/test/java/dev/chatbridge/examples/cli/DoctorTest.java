package dev.chatbridge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.examples.ExampleTarget;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code doctor} against the four emulators, a refused key, an unreachable server and a failing step. */
class DoctorTest {
  private final CliRunner cli = new CliRunner();
  private Emulator emulator;
  private HttpServer failing;

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    if (emulator != null) emulator.close();
    if (failing != null) failing.stop(0);
  }

  private CliRunner.Result run(String vendor, String key, String... args) {
    emulator = Emulators.create(vendor);
    emulator.start();
    List<String> all = new ArrayList<>(List.of("--vendor", vendor, "--base-url", emulator.baseUrl(),
        "--api-key", key));
    ExampleTarget.emulatorOptions(emulator).forEach((k, v) -> all.addAll(List.of("--option", k + "=" + v)));
    all.addAll(List.of(args));
    CliRunner.Result r = cli.run(all.toArray(new String[0]));
    assertThat(r.out + r.err).as("the key is never printed").doesNotContain(key).doesNotContain(emulator.apiKey());
    return r;
  }

  private static List<String> steps(JsonNode doc) {
    List<String> steps = new ArrayList<>();
    for (JsonNode c : doc.path("checks")) steps.add(c.path("step").asText() + "=" + c.path("result").asText());
    return steps;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"onyx", "opencx", "openwebui", "osvi"})
  void readOnlyChecksPassAgainstEachEmulator(String vendor) {
    CliRunner.Result r = run(vendor, Emulators.create(vendor).apiKey(), "doctor", "--json");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.err).as(r.toString()).isEmpty();
    JsonNode doc = r.json();
    assertThat(doc.path("vendor").asText()).isEqualTo(vendor);
    assertThat(doc.path("ok").asBoolean()).isTrue();
    assertThat(doc.path("timings").isNull()).isTrue();
    List<String> steps = steps(doc);
    assertThat(steps).startsWith("base-url=ok", "connect=ok");
    assertThat(steps).doesNotContain("tls=ok").noneMatch(s -> s.startsWith("write"));
    assertThat(steps).anyMatch(s -> s.startsWith("version=")).anyMatch(s -> s.startsWith("key="))
        .anyMatch(s -> s.startsWith("options=")).contains("capabilities=info");
    assertThat(steps).noneMatch(s -> s.endsWith("=fail"));
    if (!vendor.equals("osvi")) assertThat(steps).contains("key=ok");
    if (vendor.equals("openwebui")) {
      assertThat(steps).contains("options=ok");
      assertThat(r.out).contains("is listed by GET /api/models");
    }
    if (vendor.equals("osvi")) assertThat(steps).contains("version=info", "key=skip", "options=ok");
    if (vendor.equals("onyx") || vendor.equals("openwebui")) { // both serve a public version route
      assertThat(steps).contains("version=ok");
      assertThat(r.out).contains(vendor.equals("onyx") ? dev.chatbridge.testkit.OnyxEmulator.VERSION
          : dev.chatbridge.testkit.OpenWebUiEmulator.MESSAGE_MERGE_VERSION);
    }
    // read-only: only GETs reached the server
    assertThat(emulator.requests()).isNotEmpty().allMatch(q -> q.method().equals("GET"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"onyx", "opencx", "openwebui", "osvi"})
  void writeMakesOneRoundTripAndReportsTimings(String vendor) {
    CliRunner.Result r = run(vendor, Emulators.create(vendor).apiKey(), "doctor", "--write");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).as(r.toString()).contains("write.create", "write.send", "write.cleanup",
        "doctor: all checks passed").containsPattern("timings: connect (\\d+ ms|-), first byte \\d+ ms, "
        + "first event \\d+ ms, send \\d+ ms, total \\d+ ms");
    assertThat(r.out.lines().filter(l -> l.startsWith("STEP"))).hasSize(1);
  }

  @Test
  void writeJsonHasEveryTiming() {
    CliRunner.Result r = run("onyx", Emulators.create("onyx").apiKey(), "doctor", "--write", "--json");
    assertThat(r.code).as(r.toString()).isZero();
    JsonNode doc = r.json();
    assertThat(steps(doc)).containsSubsequence("write.create=ok", "write.send=ok", "write.history=ok",
        "write.list=ok", "write.cleanup=ok");
    for (String t : List.of("firstByteMs", "firstEventMs", "sendMs", "totalMs")) {
      assertThat(doc.path("timings").path(t).isIntegralNumber()).as(t).isTrue();
    }
    // onyx deletes the doctor's session afterwards
    assertThat(emulator.requests()).anyMatch(q -> q.method().equals("DELETE"));
  }

  @Test
  void anOsviAgentIdOfAnotherShapeIsAWarningNotAFailure() {
    CliRunner.Result r = run("osvi", Emulators.create("osvi").apiKey(), "doctor", "--json", "--option",
        "agent-uuid=12345");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(steps(r.json())).contains("options=warn");
    assertThat(r.out).contains("does not look like an agent id");
  }

  @Test
  void aRefusedKeyFailsTheKeyStepWithAHint() {
    CliRunner.Result r = run("onyx", "wrong-key-123456", "doctor");
    assertThat(r.code).as(r.toString()).isEqualTo(ExitCodes.AUTH);
    assertThat(r.err.lines()).as(r.toString()).hasSize(1);
    assertThat(r.err).startsWith("chatbridge: doctor: key failed for onyx (HTTP 403): Access denied")
        .contains("hint: check chatbridge.api-key");
    assertThat(r.out).containsPattern("key +fail").containsPattern("options +skip").contains("1 check(s) failed");
  }

  @Test
  void anUnreachableServerFailsConnect() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRunner.Result r = cli.run("--vendor", "onyx", "--base-url", "http://127.0.0.1:" + port + "/api",
        "--api-key", "k-secret-1", "doctor", "--json");
    assertThat(r.code).as(r.toString()).isEqualTo(ExitCodes.CONNECTION);
    assertThat(r.err).startsWith("chatbridge: doctor: connect failed for onyx: cannot reach 127.0.0.1:" + port).contains("hint: check")
        .doesNotContain("k-secret-1");
    assertThat(steps(r.json())).containsExactly("base-url=ok", "connect=fail", "version=skip", "key=skip",
        "options=skip", "capabilities=skip");
  }

  /**
   * An https URL whose server does not speak TLS fails the tls row, not connect: one answers the ClientHello with a
   * plain-http error (the handshake fails), the other (the emulator's plain-http server) waits for a request line
   * that never comes (the handshake stalls past the timeout).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"answers plain http", "stalls"})
  void aFailedTlsHandshakeFailsTheTlsStepWithAHint(String server) throws Exception {
    String https;
    Thread plain = null;
    ServerSocket socket = null;
    if (server.equals("stalls")) {
      emulator = Emulators.create("onyx");
      emulator.start();
      https = emulator.baseUrl().replace("http://", "https://");
    } else {
      ServerSocket s = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
      socket = s;
      plain = new Thread(() -> {
        while (!s.isClosed()) {
          try (java.net.Socket c = s.accept()) {
            c.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      plain.setDaemon(true);
      plain.start();
      https = "https://127.0.0.1:" + s.getLocalPort() + "/api";
    }
    try {
      CliRunner.Result r = cli.run("--vendor", "onyx", "--base-url", https, "--api-key", "k-secret-3",
          "--option", "chatbridge.timeout=1s", "--option", "chatbridge.max-retries=0", "doctor", "--json");
      assertThat(r.code).as(r.toString()).isEqualTo(ExitCodes.CONNECTION);
      assertThat(r.err).as(r.toString()).startsWith("chatbridge: doctor: tls failed for onyx: TLS handshake with "
          + "127.0.0.1").contains("hint: ").doesNotContain("k-secret-3");
      assertThat(steps(r.json())).containsExactly("base-url=ok", "tls=fail", "version=skip", "key=skip",
          "options=skip", "capabilities=skip");
    } finally {
      if (socket != null) socket.close();
    }
  }

  @Test
  void aServerErrorOnOneStepIsNamed() throws IOException {
    // answers every route 404 except the session list, which fails with 503
    failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    failing.createContext("/", http -> {
      boolean list = http.getRequestURI().getPath().startsWith("/api/chat/get-user-chat-sessions");
      byte[] body = (list ? "{\"detail\":\"database unavailable\"}" : "{\"detail\":\"Not Found\"}")
          .getBytes(StandardCharsets.UTF_8);
      http.getResponseHeaders().set("Content-Type", "application/json");
      http.sendResponseHeaders(list ? 503 : 404, body.length);
      try (OutputStream out = http.getResponseBody()) {
        out.write(body);
      }
    });
    failing.start();
    CliRunner.Result r = cli.run("--vendor", "onyx", "--base-url", "http://127.0.0.1:"
        + failing.getAddress().getPort() + "/api", "--api-key", "k-secret-2", "--option", "chatbridge.max-retries=0",
        "doctor");
    assertThat(r.code).as(r.toString()).isEqualTo(ExitCodes.API);
    assertThat(r.err).as(r.toString()).startsWith("chatbridge: doctor: key failed for onyx (HTTP 503)")
        .contains("database unavailable").contains("hint: the server failed");
    assertThat(r.out).containsPattern("connect +ok").containsPattern("version +info +not exposed");
  }

  @Test
  void recordWritesTheDoctorsExchanges() throws IOException {
    Path file = dir.resolve("doctor.jsonl");
    CliRunner.Result r = run("openwebui", Emulators.create("openwebui").apiKey(), "doctor", "--record",
        file.toString());
    assertThat(r.code).as(r.toString()).isZero();
    String recording = Files.readString(file);
    assertThat(recording).contains("\"type\":\"recording\"", "\"path\":\"/api/models\"", "\"path\":\"/api/version\"")
        .doesNotContain(emulator.apiKey());
  }
}
