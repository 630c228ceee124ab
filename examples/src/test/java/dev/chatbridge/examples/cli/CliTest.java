package dev.chatbridge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.testkit.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's own logic (parsing, configuration, JSON shapes, exit codes, error line, scrubbing) against the
 * test-only vendor "fake" ({@link FakeProvider}, {@link FakeEmulator}).
 */
class CliTest {
  private FakeEmulator fake;
  private CliRunner cli;

  @BeforeEach
  void start() {
    fake = (FakeEmulator) new FakeEmulator().start();
    cli = new CliRunner();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** The CLI against the fake emulator, key and all, with {@code args} after the connection flags. */
  private CliRunner.Result fake(String... args) {
    List<String> all = new ArrayList<>(List.of("--vendor", "fake", "--base-url", fake.baseUrl(), "--api-key",
        FakeEmulator.KEY));
    all.addAll(List.of(args));
    CliRunner.Result r = cli.run(all.toArray(new String[0]));
    assertThat(r.out + r.err).doesNotContain(FakeEmulator.KEY);
    return r;
  }

  private static void assertKeys(JsonNode node, String... keys) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
    assertThat(names).containsExactly(keys);
  }

  private static void assertOneErrorLine(CliRunner.Result r, String... fragments) {
    assertThat(r.err.lines()).as(r.toString()).hasSize(1);
    assertThat(r.err).startsWith("chatbridge: ");
    for (String f : fragments) assertThat(r.err).as(r.toString()).contains(f);
    assertThat(r.err).doesNotContain("\tat ");
  }

  // ------------------------------------------------------------------ send

  @Test
  void sendStreamsTheReplyIntoANewSession() {
    CliRunner.Result r = fake("send", "Hello", "world");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).isEqualTo("Echo: Hello world" + System.lineSeparator());
    assertThat(r.err).isEmpty();
    assertThat(fake.requestCount("POST", "/v1/sessions")).isEqualTo(1);
    assertThat(fake.requestCount("POST", "/v1/sessions/s-1/messages")).isEqualTo(1);
    assertThat(fake.requests().get(1).body()).contains("\"stream\":true");
  }

  @Test
  void streamedDeltasAreFlushedAsTheyArrive() {
    List<String> flushed = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream recording = new OutputStream() {
      @Override
      public void write(int b) {
        bytes.write(b);
      }

      @Override
      public void flush() {
        String now = bytes.toString(StandardCharsets.UTF_8);
        if (flushed.isEmpty() || !flushed.get(flushed.size() - 1).equals(now)) flushed.add(now);
      }
    };
    PrintStream out = new PrintStream(recording, false, StandardCharsets.UTF_8);
    int code = new Cli(System.in, StandardCharsets.UTF_8, out, new PrintStream(new ByteArrayOutputStream()),
        Map.of(), new Properties(), v -> new FakeEmulator(), false)
        .run(new String[] {"--vendor", "fake", "--base-url", fake.baseUrl(), "--api-key", FakeEmulator.KEY, "send",
            "one two three"});
    assertThat(code).isZero();
    assertThat(flushed).startsWith("Echo:", "Echo: one", "Echo: one two", "Echo: one two three");
  }

  @Test
  void sendJsonHasExactlyTheContractKeys() {
    CliRunner.Result r = fake("send", "--json", "Hi");
    assertThat(r.code).as(r.toString()).isZero();
    JsonNode doc = r.json();
    assertKeys(doc, "vendor", "sessionId", "reply");
    assertThat(doc.get("vendor").asText()).isEqualTo("fake");
    assertThat(doc.get("sessionId").asText()).isEqualTo("s-1");
    assertKeys(doc.get("reply"), "id", "role", "text", "citations");
    assertThat(doc.get("reply").get("id").asText()).isEqualTo("m-3");
    assertThat(doc.get("reply").get("role").asText()).isEqualTo("assistant");
    assertThat(doc.get("reply").get("text").asText()).isEqualTo("Echo: Hi");
    assertThat(doc.get("reply").get("citations").isArray()).isTrue();
    assertThat(doc.get("reply").get("citations")).isEmpty();
  }

  @Test
  void sendJsonCarriesCitations() {
    CliRunner.Result r = fake("--json", "send", "please cite");
    JsonNode c = r.json().get("reply").get("citations");
    assertThat(c).hasSize(1);
    assertKeys(c.get(0), "number", "documentId", "title", "url");
    assertThat(c.get(0).get("number").asInt()).isEqualTo(1);
    assertThat(c.get(0).get("documentId").asText()).isEqualTo("doc-1");
    assertThat(c.get(0).get("url").asText()).isEqualTo("https://docs.example/guide");
    CliRunner.Result human = fake("send", "please cite");
    assertThat(human.out).isEqualTo("Echo: please cite" + System.lineSeparator()); // human mode: the text only
  }

  @Test
  void noStreamWaitsForTheWholeReplyInAnExistingSession() {
    String id = fake("sessions", "create").out.strip();
    CliRunner.Result r = fake("send", "--session", id, "--no-stream", "quiet");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).isEqualTo("Echo: quiet" + System.lineSeparator());
    assertThat(fake.requestCount("POST", "/v1/sessions")).isEqualTo(1);
    assertThat(fake.requests().get(1).body()).contains("\"stream\":false");
  }

  @Test
  void sendDashReadsTheMessageFromStdin() {
    cli.stdin = "from a pipe\n";
    CliRunner.Result r = fake("send", "-");
    assertThat(r.out).isEqualTo("Echo: from a pipe" + System.lineSeparator());
  }

  @Test
  void theKeyIsScrubbedFromRepliesAndErrors() {
    CliRunner.Result echo = fake("send", "my key is " + FakeEmulator.KEY);
    assertThat(echo.out).contains("Echo: my key is ****");
    CliRunner.Result json = fake("--json", "send", "key " + FakeEmulator.KEY);
    assertThat(json.json().get("reply").get("text").asText()).isEqualTo("Echo: key ****");
    fake.inject(Fault.status(500, fake.errorBody(500, "token " + FakeEmulator.KEY + " exploded")));
    CliRunner.Result err = fake("--debug", "sessions", "create");
    assertThat(err.code).isEqualTo(6);
    assertThat(err.err).contains("exploded").contains("\tat "); // --debug adds the trace, still scrubbed
  }

  @Test
  void aBlankMessageIsRefusedBeforeASessionIsCreated() {
    for (String blank : List.of("", " ", "\t\n")) {
      CliRunner.Result r = fake("send", blank);
      assertThat(r.code).as(r.toString()).isEqualTo(2);
      assertOneErrorLine(r, "fake", "blank", "nothing was sent");
      assertThat(r.out).isEmpty();
    }
    assertThat(fake.requests()).as("no session created, nothing sent").isEmpty();
  }

  @Test
  void humanOutputStripsControlCharactersAndEscapeSequencesButJsonKeepsThem() {
    String hostile = "a\u001b[2J\u001b]0;owned\u0007b\rc\u0000d\u009b31me\u202ef\u0007\ttab";
    CliRunner.Result streamed = fake("send", hostile);
    assertThat(streamed.out).isEqualTo("Echo: abcde" + "f\ttab" + System.lineSeparator());
    CliRunner.Result blocking = fake("send", "--no-stream", hostile);
    assertThat(blocking.out).isEqualTo(streamed.out);
    CliRunner.Result json = fake("--json", "send", hostile);
    assertThat(json.json().get("reply").get("text").asText()).isEqualTo("Echo: " + hostile);
    CliRunner.Result show = fake("sessions", "show", "s-1");
    assertThat(show.out).contains("[user] abcdef\ttab").doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void aSplitEscapeSequenceIsStrippedAcrossDeltas() {
    TerminalText.Stream s = new TerminalText.Stream();
    assertThat(s.feed("red\u001b") + s.feed("[3") + s.feed("1mtext\u001b]8;;http://x") + s.feed("\u001b\\link"))
        .isEqualTo("redtextlink");
    assertThat(TerminalText.strip("plain text\nnext")).isEqualTo("plain text\nnext");
    assertThat(TerminalText.strip("\u001b(Bok\u001bcdone")).isEqualTo("okdone");
    assertThat(TerminalText.strip("unterminated \u001b]title\nkept")).isEqualTo("unterminated \nkept");
  }

  @Test
  void aSendWhoseOutcomeIsUnknownExitsSevenAndSaysTheMessageWasStored() {
    Throwable stored = dev.chatbridge.SendOutcomeUnknownException.builder("fake", "s-1")
        .messageState(dev.chatbridge.SendOutcomeUnknownException.MessageState.STORED).messageId("m-1")
        .failure("the reply could not be read").build();
    assertThat(ExitCodes.of(stored)).isEqualTo(7);
    assertThat(stored.getMessage()).contains("was stored").contains("sending it again would store it twice");
  }

  // ------------------------------------------------------------------ sessions

  @Test
  void sessionsCreateListShowDelete() {
    CliRunner.Result created = fake("sessions", "create", "--title", "First", "--json");
    assertThat(created.code).as(created.toString()).isZero();
    assertKeys(created.json(), "vendor", "sessionId");
    assertThat(created.json().get("sessionId").asText()).isEqualTo("s-1");
    assertThat(fake("sessions", "create").out).isEqualTo("s-2" + System.lineSeparator());
    fake("send", "--session", "s-1", "Hello");

    JsonNode list = fake("sessions", "list", "--json").json();
    assertKeys(list, "vendor", "sessions", "next");
    assertThat(list.get("next").isNull()).isTrue();
    assertThat(list.get("sessions")).hasSize(2);
    JsonNode first = list.get("sessions").get(0);
    assertKeys(first, "id", "title", "createdAt", "updatedAt");
    assertThat(first.get("title").asText()).isEqualTo("First");
    assertThat(Instant.parse(first.get("createdAt").asText())).isEqualTo(FakeEmulator.T0.plusSeconds(1));
    assertThat(first.get("createdAt").asText()).endsWith("Z");
    assertThat(list.get("sessions").get(1).get("title").isNull()).isTrue();

    JsonNode page1 = fake("sessions", "list", "--limit", "1", "--json").json();
    assertThat(page1.get("sessions")).hasSize(1);
    assertThat(page1.get("next").asText()).isEqualTo("1");
    JsonNode page2 = fake("sessions", "list", "--limit", "1", "--cursor", page1.get("next").asText(), "--json").json();
    assertThat(page2.get("sessions").get(0).get("id").asText()).isEqualTo("s-2");
    assertThat(page2.get("next").isNull()).isTrue();
    CliRunner.Result table = fake("sessions", "list", "--limit", "1");
    assertThat(table.out).contains("ID").contains("TITLE").contains("s-1").contains("First")
        .contains("more: --cursor 1");

    JsonNode show = fake("sessions", "show", "s-1", "--json").json();
    assertKeys(show, "vendor", "session", "messages");
    assertKeys(show.get("session"), "id", "title", "createdAt");
    assertThat(show.get("messages")).hasSize(2);
    JsonNode user = show.get("messages").get(0);
    JsonNode assistant = show.get("messages").get(1);
    assertKeys(user, "id", "role", "text", "createdAt", "parentId");
    assertThat(user.get("role").asText()).isEqualTo("user");
    assertThat(user.get("parentId").isNull()).isTrue();
    assertThat(assistant.get("role").asText()).isEqualTo("assistant"); // the wire says ASSISTANT
    assertThat(assistant.get("parentId").asText()).isEqualTo(user.get("id").asText());
    assertThat(assistant.get("text").asText()).isEqualTo("Echo: Hello");
    assertThat(fake("sessions", "show", "s-1").out)
        .contains("session s-1  \"First\"").contains("[user] Hello").contains("[assistant] Echo: Hello");

    JsonNode deleted = fake("--json", "sessions", "delete", "s-1").json();
    assertKeys(deleted, "vendor", "sessionId", "deleted");
    assertThat(deleted.get("deleted").asBoolean()).isTrue();
    assertThat(fake("sessions", "delete", "s-2").out).contains("deleted fake session s-2");
    CliRunner.Result gone = fake("sessions", "show", "s-1");
    assertThat(gone.code).isEqualTo(4);
    assertOneErrorLine(gone, "fake", "HTTP 404", "session s-1 not found");
  }

  @Test
  void endOnAVendorWithoutItIsUnsupported() {
    CliRunner.Result r = fake("sessions", "end", "s-1");
    assertThat(r.code).isEqualTo(8);
    assertOneErrorLine(r, "fake does not support END_SESSION");
    assertThat(r.out).isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  // ------------------------------------------------------------------ errors → exit codes

  @Test
  void wrongKeyExitsThreeWithTheServersMessageAndNoKey() {
    CliRunner.Result r = cli.run("--vendor", "fake", "--base-url", fake.baseUrl(), "--api-key", "wrong-key-42",
        "sessions", "create");
    assertThat(r.code).isEqualTo(3);
    assertOneErrorLine(r, "fake returned HTTP 401: invalid API key");
    assertThat(r.err).doesNotContain("wrong-key-42");
  }

  @Test
  void eachErrorClassMapsToItsExitCode() {
    fake.inject(Fault.status(403, fake.errorBody(403, "not yours")));
    CliRunner.Result forbidden = fake("sessions", "list");
    assertThat(forbidden.code).isEqualTo(3);
    assertOneErrorLine(forbidden, "fake returned HTTP 403: not yours");

    fake.inject(Fault.status(404, fake.errorBody(404, "no such thing")));
    assertThat(fake("sessions", "create").code).isEqualTo(4);

    fake.clearRequests();
    fake.inject(Fault.rateLimited("0", fake.errorBody(429, "slow down")).times(3));
    CliRunner.Result limited = fake("sessions", "list");
    assertThat(limited.code).isEqualTo(5);
    assertOneErrorLine(limited, "HTTP 429", "slow down");
    assertThat(fake.requestCount("GET", "/v1/sessions")).isEqualTo(3); // retried twice, then gave up

    fake.inject(Fault.status(500, fake.errorBody(500, "boom")));
    CliRunner.Result server = fake("sessions", "create");
    assertThat(server.code).isEqualTo(6);
    assertOneErrorLine(server, "fake returned HTTP 500: boom");

    fake.inject(Fault.malformedBody());
    assertThat(fake("sessions", "create").code).isEqualTo(6);

    fake.inject(Fault.dropConnection().on("POST", "/v1/sessions/s-"));
    CliRunner.Result dropped = fake("send", "Hello");
    assertThat(dropped.code).as(dropped.toString()).isEqualTo(7);
    assertOneErrorLine(dropped, "fake");

    fake.inject(Fault.truncateStream(1));
    CliRunner.Result truncated = fake("send", "--session", "s-1", "one two three");
    assertThat(truncated.code).isEqualTo(7);
    assertThat(truncated.out).isEqualTo("Echo:" + System.lineSeparator()); // the partial line, ended
    assertOneErrorLine(truncated, "fake", "truncated");
  }

  @Test
  void unreachableServerExitsSeven() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRunner.Result r = cli.run("--vendor", "fake", "--base-url", "http://127.0.0.1:" + port, "--api-key", "k-1234",
        "sessions", "list");
    assertThat(r.code).isEqualTo(7);
    assertOneErrorLine(r, "fake");
  }

  @Test
  void usageErrorsExitTwo() {
    String[][] bad = {
        {"send"},
        {"--bogus", "vendors"},
        {"frobnicate"},
        {"sessions"},
        {"sessions", "purge"},
        {"sessions", "show"},
        {"sessions", "show", "a", "b"},
        {"sessions", "list", "--limit", "0"},
        {"sessions", "list", "--limit", "ten"},
        {"vendors", "--title", "x"},
        {"chat", "--json"},
        {"emulator", "--port", "70000"},
        {"--option", "novalue", "sessions", "create"},
    };
    for (String[] args : bad) {
      CliRunner.Result r = fake(args);
      assertThat(r.code).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
      assertOneErrorLine(r, "see --help");
      assertThat(r.out).isEmpty();
    }
  }

  @Test
  void aKeyAnHttpHeaderCannotCarryIsAUsageErrorThatNeverShowsIt() {
    for (String key : List.of("sk-abc\r\nX-Injected: 1", "sk-\u00e9t\u00e9-abc")) {
      CliRunner.Result r = cli.run("--vendor", "fake", "--base-url", fake.baseUrl(), "--api-key", key, "send", "hi");
      assertThat(r.code).as(r.toString()).isEqualTo(2);
      assertOneErrorLine(r, "chatbridge.api-key", "CHATBRIDGE_API_KEY");
      assertThat(r.err + r.out).doesNotContain("abc").doesNotContain("X-Injected");
      assertThat(fake.requests()).as("nothing was sent").isEmpty();
    }
  }

  @Test
  void aTimeoutOutOfRangeIsAUsageErrorNamingTheKey() {
    cli.env.put("CHATBRIDGE_TIMEOUT", "9999999999999999h");
    CliRunner.Result r = fake("sessions", "list");
    assertThat(r.code).as(r.toString()).isEqualTo(2);
    assertOneErrorLine(r, "chatbridge.timeout", "CHATBRIDGE_TIMEOUT", "out of range");
  }

  @Test
  void unknownKeysAndOptionsGiveNoteLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("chatbridge.properties");
    Files.writeString(file, "chatbridge.tmeout=5s\nchatbridge.osvi.agent-uuid=another vendor's\n");
    CliRunner.Result r = fake("--config", file.toString(), "--option", "nosuch=1", "sessions", "create");
    assertThat(r.code).as(r.toString()).isZero();
    List<String> lines = r.err.lines().collect(java.util.stream.Collectors.toList());
    assertThat(lines).as(r.toString()).hasSize(2).allMatch(l -> l.startsWith("note: "));
    assertThat(lines.get(0)).contains("chatbridge.tmeout").contains("chatbridge.timeout");
    assertThat(lines.get(1)).contains("'nosuch'").contains("chatbridge.fake.nosuch");
    assertThat(r.err).doesNotContain("agent-uuid").doesNotContain("WARNING");
  }

  @Test
  void configurationErrorsExitTwo() {
    CliRunner.Result unknown = cli.run("--vendor", "nope", "--base-url", fake.baseUrl(), "sessions", "list");
    assertThat(unknown.code).isEqualTo(2);
    assertOneErrorLine(unknown, "unknown vendor 'nope'", "fake");

    CliRunner.Result insecure = cli.run("--vendor", "fake", "--base-url", "http://chat.example.com", "--api-key",
        "k-1234", "sessions", "list");
    assertThat(insecure.code).isEqualTo(2);
    assertOneErrorLine(insecure, "refusing plain http://");

    CliRunner.Result noFile = cli.run("--config", "/no/such/file.properties", "vendors");
    assertThat(noFile.code).isZero(); // vendors reads no configuration
    CliRunner.Result badFile = fake("--config", "/no/such/file.properties", "sessions", "list");
    assertThat(badFile.code).isEqualTo(2);
    assertOneErrorLine(badFile, "cannot read --config file");

    cli.env.put("CHATBRIDGE_TIMEOUT", "soon");
    CliRunner.Result badTimeout = fake("sessions", "list");
    assertThat(badTimeout.code).isEqualTo(2);
    assertOneErrorLine(badTimeout, "chatbridge.timeout is not a duration");
  }

  // ------------------------------------------------------------------ configuration

  @Test
  void precedenceIsFlagsThenConfigFileThenSystemPropertiesThenEnvironment(@TempDir Path dir) throws IOException {
    String good = fake.baseUrl();
    String dead = "http://127.0.0.1:9"; // discard port: nothing listens
    cli.env.put("CHATBRIDGE_VENDOR", "fake");
    cli.env.put("CHATBRIDGE_API_KEY", FakeEmulator.KEY);
    cli.env.put("CHATBRIDGE_BASE_URL", good);
    cli.env.put("CHATBRIDGE_MAX_RETRIES", "0");
    assertThat(cli.run("sessions", "create").code).as("environment alone").isZero();

    cli.props.setProperty("chatbridge.base-url", dead);
    assertThat(cli.run("sessions", "create").code).as("system property beats environment").isEqualTo(7);

    Path file = dir.resolve("chatbridge.properties");
    Files.writeString(file, "chatbridge.base-url=" + good + "\nunrelated=1\n");
    assertThat(cli.run("--config", file.toString(), "sessions", "create").code).as("file beats sysprops").isZero();

    CliRunner.Result flag = cli.run("--config", file.toString(), "--base-url", dead, "sessions", "create");
    assertThat(flag.code).as("flag beats file").isEqualTo(7);
    assertThat(flag.out + flag.err).doesNotContain(FakeEmulator.KEY);
  }

  @Test
  void vendorOptionsFollowTheChosenVendor() {
    CliRunner r = new CliRunner();
    r.env.put("CHATBRIDGE_OPENWEBUI_MODEL", "from-env");
    r.env.put("CHATBRIDGE_ONYX_PERSONA_ID", "7");
    Cli c = new Cli(System.in, StandardCharsets.UTF_8, System.out, System.err, r.env, r.props, v -> null, false);
    Properties layered = c.layered(CommandLine.parse(new String[] {"--vendor", "OpenWebUI", "--option",
        "model=from-flag", "--option", "chatbridge.openwebui.extra=x", "--allow-insecure-http", "vendors"}));
    ChatConfig config = ChatConfig.builderFromSources(layered, r.env).build();
    assertThat(config.vendor()).isEqualTo("openwebui");
    assertThat(config.options()).containsEntry("model", "from-flag").containsEntry("extra", "x")
        .doesNotContainKey("persona-id");
    assertThat(config.allowInsecureHttp()).isTrue();

    Properties defaults = c.layered(CommandLine.parse(new String[] {"vendors"}));
    ChatConfig onyx = ChatConfig.builderFromSources(defaults, r.env).build();
    assertThat(onyx.vendor()).isEqualTo("onyx");
    assertThat(onyx.options()).containsEntry("persona-id", "7");
  }

  @Test
  void withoutABaseUrlTheVendorsEmulatorRunsEmbedded() {
    AtomicReference<FakeEmulator> started = new AtomicReference<>();
    cli.emulators = v -> {
      assertThat(v).isEqualTo("fake");
      FakeEmulator e = new FakeEmulator();
      started.set(e);
      return e;
    };
    cli.env.put("CHATBRIDGE_API_KEY", "my-real-key-for-prod");
    CliRunner.Result r = cli.run("--vendor", "fake", "send", "Hello");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).isEqualTo("Echo: Hello" + System.lineSeparator());
    assertThat(r.err.lines()).hasSize(1);
    assertThat(r.err.strip()).matches(
        "note: no base URL configured; using the embedded fake emulator at http://127\\.0\\.0\\.1:\\d+");
    assertThat(started.get().requestCount("POST", "/v1/sessions")).isEqualTo(1);
    assertThat(r.out + r.err).doesNotContain("my-real-key-for-prod");
    assertThat(started.get().requests()).hasSize(2);
    assertThatThrownBy(() -> started.get().port()).as("closed after the command")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutABaseUrlAVendorWithoutEmulatorIsAConfigurationError() {
    cli.emulators = v -> {
      throw new IllegalArgumentException("no emulator for " + v);
    };
    CliRunner.Result r = cli.run("--vendor", "fake", "sessions", "list");
    assertThat(r.code).isEqualTo(2);
    assertOneErrorLine(r, "there is no emulator for vendor 'fake'", "--base-url");
  }

  @Test
  void theDefaultVendorIsOnyx() {
    CliRunner.Result r = cli.run("send", "Hello");
    if (ChatClients.providers().containsKey("onyx")) {
      assertThat(r.code).as(r.toString()).isZero();
      assertThat(r.out).isEqualTo("Echo: Hello" + System.lineSeparator());
      assertThat(r.err).startsWith("note: no base URL configured; using the embedded onyx emulator at http://127.0.0.1:");
      CliRunner.Result missing = cli.run("sessions", "show", "00000000-0000-4000-8000-000000000000");
      assertThat(missing.code).as(missing.toString()).isEqualTo(4);
      assertThat(missing.err.lines().filter(l -> l.startsWith("chatbridge:")))
          .as("the embedded-emulator note is not a second error line").hasSize(1);
    } else {
      assertThat(r.code).isEqualTo(2);
      assertOneErrorLine(r, "unknown vendor 'onyx'");
    }
  }

  // ------------------------------------------------------------------ vendors, help, chat, emulator

  @Test
  void vendorsListsProvidersAndCapabilities() {
    CliRunner.Result json = cli.run("vendors", "--json");
    assertThat(json.code).isZero();
    JsonNode doc = json.json();
    assertKeys(doc, "vendors");
    JsonNode fakeEntry = null;
    for (JsonNode v : doc.get("vendors")) {
      assertKeys(v, "name", "capabilities");
      if (v.get("name").asText().equals("fake")) fakeEntry = v;
    }
    assertThat(doc.get("vendors")).hasSize(ChatClients.providers().size());
    assertThat(fakeEntry).isNotNull();
    List<String> caps = new ArrayList<>();
    fakeEntry.get("capabilities").forEach(c -> caps.add(c.asText()));
    assertThat(caps).containsExactly("STREAMING", "GET_SESSION", "LIST_SESSIONS", "HISTORY", "DELETE_SESSION",
        "CITATIONS");
    assertThat(cli.run("vendors").out).contains("fake").contains("STREAMING, GET_SESSION");
  }

  @Test
  void helpIsPrintedGloballyAndPerCommand() {
    CliRunner.Result global = cli.run("--help");
    assertThat(global.code).isZero();
    assertThat(global.out).contains("Usage: java -jar chatbridge-cli.jar").contains("sessions list")
        .contains("Exit codes: 0 ok, 2 usage");
    assertThat(cli.run("send", "--help").out).startsWith("Usage: chatbridge-cli send");
    assertThat(cli.run("sessions", "list", "-h").out).startsWith("Usage: chatbridge-cli sessions list");
    assertThat(cli.run("--help", "sessions").out).startsWith("Usage: chatbridge-cli sessions create|list");
    assertThat(cli.run("chat", "--help").out).startsWith("Usage: chatbridge-cli chat");
    assertThat(cli.run("emulator", "--help").out).startsWith("Usage: chatbridge-cli emulator");
    CliRunner.Result none = cli.run();
    assertThat(none.code).isEqualTo(2);
    assertThat(none.out).isEmpty();
    assertThat(none.err).startsWith("Usage:");
  }

  @Test
  void chatStreamsEachLineUntilExit() {
    cli.stdin = "hello\n\n  second one  \n/exit\nnever sent\n";
    CliRunner.Result r = fake("chat");
    assertThat(r.code).as(r.toString()).isZero();
    String nl = System.lineSeparator();
    assertThat(r.out).isEqualTo("Echo: hello" + nl + "Echo: second one" + nl);
    assertThat(r.err).contains("chatting with fake in session s-1");
    assertThat(fake.requestCount("POST", "/v1/sessions")).isEqualTo(1);
    assertThat(fake.requestCount("POST", "/v1/sessions/s-1/messages")).isEqualTo(2);
  }

  @Test
  void chatGoesOnAfterAFailedTurnAndEndsAtEndOfInput() {
    String id = fake("sessions", "create").out.strip();
    fake.inject(Fault.status(500, fake.errorBody(500, "hiccup")).on("POST", "/v1/sessions/" + id + "/messages"));
    cli.stdin = "first\nsecond";
    CliRunner.Result r = fake("chat", "--session", id);
    assertThat(r.code).isEqualTo(6);
    assertThat(r.out).isEqualTo("Echo: second" + System.lineSeparator());
    assertThat(r.err).contains("chatbridge: fake returned HTTP 500: hiccup");
  }

  @Test
  void emulatorCommandServesUntilInterrupted() throws Exception {
    for (boolean json : new boolean[] {false, true}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      AtomicInteger code = new AtomicInteger(-1);
      Cli c = new Cli(System.in, StandardCharsets.UTF_8, out, new PrintStream(new ByteArrayOutputStream()), Map.of(),
          new Properties(), v -> new FakeEmulator(), false);
      String[] args = json ? new String[] {"emulator", "--vendor", "fake", "--json"}
          : new String[] {"--vendor", "fake", "emulator"};
      Thread t = new Thread(() -> code.set(c.run(args)));
      t.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      String printed;
      while (!(printed = bytes.toString(StandardCharsets.UTF_8)).contains(json ? "}" : "stop it")) {
        assertThat(System.nanoTime()).as("emulator did not start").isLessThan(deadline);
        Thread.sleep(20);
      }
      String baseUrl;
      if (json) {
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(printed);
        assertKeys(doc, "vendor", "baseUrl", "apiKey", "options");
        assertThat(doc.get("apiKey").asText()).isEqualTo(FakeEmulator.KEY);
        baseUrl = doc.get("baseUrl").asText();
      } else {
        assertThat(printed).contains("api key: " + FakeEmulator.KEY);
        baseUrl = printed.lines().findFirst().orElseThrow().replace("fake emulator listening at ", "");
      }
      CliRunner.Result r = cli.run("--vendor", "fake", "--base-url", baseUrl, "--api-key", FakeEmulator.KEY, "send",
          "ping");
      assertThat(r.out).as(r.toString()).isEqualTo("Echo: ping" + System.lineSeparator());
      t.interrupt();
      t.join(10_000);
      assertThat(code.get()).isZero();
      CliRunner.Result after = cli.run("--vendor", "fake", "--base-url", baseUrl, "--api-key", FakeEmulator.KEY,
          "sessions", "list");
      assertThat(after.code).as("closed on interrupt").isEqualTo(7);
    }
  }

  @Test
  void publicEntryPointRunsInProcess() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("CHATBRIDGE_VENDOR", "fake", "CHATBRIDGE_BASE_URL", fake.baseUrl(),
        "CHATBRIDGE_API_KEY", FakeEmulator.KEY);
    int code = Main.run(new String[] {"--json", "sessions", "create"}, System.in,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env,
        new Properties());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"vendor\":\"fake\",\"sessionId\":\"s-1\"}"
        + System.lineSeparator());
  }
}
