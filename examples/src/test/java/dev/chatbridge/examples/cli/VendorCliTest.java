package dev.chatbridge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClients;
import dev.chatbridge.examples.ExampleTarget;
import dev.chatbridge.examples.TestVendors;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Fault;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI end to end against every vendor's emulator (every provider found on the class path: the four vendor
 * modules and the test-only fake): each command, streamed and not, JSON shapes, and each error class's exit code.
 */
class VendorCliTest {
  private Emulator emulator;
  private final CliRunner cli = new CliRunner();

  /** The path prefix of each vendor's message-sending POST (as in each module's conformance test). */
  static final java.util.Map<String, String> SEND_PATHS = java.util.Map.of(
      "fake", "/v1/sessions/",
      "onyx", "/api/chat/send-chat-message",
      "opencx", "/chat/sessions/",
      "openwebui", "/api/chat/completions",
      "osvi", "/v1/chat/inbound");

  /** The call timeout of the dropped send in {@link #eachErrorClassHasItsExitCode}. */
  private static final String DROPPED_SEND_TIMEOUT = "3s";

  static List<String> vendors() {
    return TestVendors.all();
  }

  @AfterEach
  void stop() {
    if (emulator != null) emulator.close();
  }

  private CliRunner.Result run(String... args) {
    return runWithKey(emulator.apiKey(), args);
  }

  private CliRunner.Result runWithKey(String key, String... args) {
    List<String> all = new ArrayList<>(List.of("--vendor", emulator.vendor(), "--base-url", emulator.baseUrl(),
        "--api-key", key));
    ExampleTarget.emulatorOptions(emulator).forEach((k, v) -> all.addAll(List.of("--option", k + "=" + v)));
    all.addAll(List.of(args));
    CliRunner.Result r = cli.run(all.toArray(new String[0]));
    assertThat(r.out + r.err).as("the key is never printed").doesNotContain(emulator.apiKey()).doesNotContain(key);
    return r;
  }

  private static void assertKeys(JsonNode node, String... keys) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
    assertThat(names).containsExactly(keys);
  }

  private static void assertErrorLine(CliRunner.Result r, int code, String vendor, String... fragments) {
    assertThat(r.code).as(r.toString()).isEqualTo(code);
    assertThat(r.err.lines()).as(r.toString()).hasSize(1);
    assertThat(r.err).startsWith("chatbridge: ").contains(vendor).doesNotContain("\tat ");
    for (String f : fragments) assertThat(r.err).as(r.toString()).contains(f);
  }

  @Test
  void everyVendorModuleIsFound() {
    // Fails, rather than skips, when a provider is on the class path but cannot be loaded.
    assertThat(ChatClients.providers()).containsKey("fake");
    assertThat(vendors()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void listPrintsAtMostTheLimitAndAllPrintsEverySession(String vendor) {
    emulator = TestVendors.emulator(vendor).start();
    if (!ChatClients.provider(vendor).capabilities().contains(Capability.LIST_SESSIONS)) {
      assertErrorLine(run("sessions", "list", "--all"), 8, vendor);
      return;
    }
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      CliRunner.Result r = run("sessions", "create", "--title", "s" + i, "--json");
      assertThat(r.code).as(r.toString()).isZero();
      created.add(r.json().get("sessionId").asText());
    }
    for (int limit : new int[] {1, 2, 5}) {
      JsonNode page = run("sessions", "list", "--limit", String.valueOf(limit), "--json").json();
      assertThat(page.get("sessions").size()).as("--limit %d", limit).isBetween(1, limit);
      assertThat(page.get("next").isNull()).as("more follow").isFalse();
    }
    CliRunner.Result one = run("sessions", "list", "--limit", "1");
    assertThat(one.out.lines().filter(l -> created.stream().anyMatch(l::startsWith))).hasSize(1);

    CliRunner.Result all = run("sessions", "list", "--all", "--json");
    assertThat(all.code).as(all.toString()).isZero();
    assertKeys(all.json(), "vendor", "sessions", "next");
    assertThat(all.json().get("next").isNull()).isTrue();
    List<String> ids = new ArrayList<>();
    for (JsonNode s : all.json().get("sessions")) ids.add(s.get("id").asText());
    assertThat(ids).containsAll(created).doesNotHaveDuplicates();
    CliRunner.Result table = run("sessions", "list", "--all");
    assertThat(table.code).as(table.toString()).isZero();
    for (String id : created) assertThat(table.out).contains(id);
    assertThat(table.out).doesNotContain("more: --cursor");

    JsonNode first = run("sessions", "list", "--limit", "3", "--json").json();
    String cursor = first.get("next").asText();
    List<String> rest = new ArrayList<>();
    for (JsonNode s : run("sessions", "list", "--all", "--cursor", cursor, "--json").json().get("sessions")) {
      rest.add(s.get("id").asText());
    }
    assertThat(rest).isEqualTo(ids.subList(first.get("sessions").size(), ids.size()));
    assertErrorLine(run("sessions", "list", "--all", "--limit", "2"), 2, "--all");
    if (!vendor.equals("fake")) { // the test-only fake passes cursors to its server as they are
      assertErrorLine(run("sessions", "list", "--cursor", "not-a-cursor"), 2, vendor, "page cursor");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void everyCommandWorks(String vendor) {
    emulator = TestVendors.emulator(vendor).start();
    Set<Capability> caps = ChatClients.provider(vendor).capabilities();

    CliRunner.Result created = run("sessions", "create", "--title", "End to end", "--json");
    assertThat(created.code).as(created.toString()).isZero();
    assertKeys(created.json(), "vendor", "sessionId");
    assertThat(created.json().get("vendor").asText()).isEqualTo(vendor);
    String id = created.json().get("sessionId").asText();
    assertThat(id).isNotBlank();

    CliRunner.Result streamed = run("send", "--session", id, "Hello there");
    assertThat(streamed.code).as(streamed.toString()).isZero();
    assertThat(streamed.out).isEqualTo("Echo: Hello there" + System.lineSeparator());
    assertThat(streamed.err).isEmpty();

    CliRunner.Result blocking = run("send", "--session", id, "--no-stream", "--json", "Second");
    assertThat(blocking.code).as(blocking.toString()).isZero();
    JsonNode doc = blocking.json();
    assertKeys(doc, "vendor", "sessionId", "reply");
    assertThat(doc.get("sessionId").asText()).isEqualTo(id);
    assertKeys(doc.get("reply"), "id", "role", "text", "citations");
    assertThat(doc.get("reply").get("text").asText()).isEqualTo("Echo: Second");
    assertThat(doc.get("reply").get("role").asText()).isIn("assistant", "agent");
    assertThat(doc.get("reply").get("citations").isArray()).isTrue();

    CliRunner.Result fresh = run("--json", "send", "New one");
    assertThat(fresh.code).as(fresh.toString()).isZero();
    assertThat(fresh.json().get("sessionId").asText()).isNotBlank();
    assertThat(fresh.json().get("reply").get("text").asText()).isEqualTo("Echo: New one");

    CliRunner.Result list = run("sessions", "list", "--json");
    if (caps.contains(Capability.LIST_SESSIONS)) {
      assertThat(list.code).as(list.toString()).isZero();
      JsonNode l = list.json();
      assertKeys(l, "vendor", "sessions", "next");
      List<String> ids = new ArrayList<>();
      for (JsonNode s : l.get("sessions")) {
        assertKeys(s, "id", "title", "createdAt", "updatedAt");
        ids.add(s.get("id").asText());
      }
      if (l.get("next").isNull()) assertThat(ids).contains(id);
      assertThat(run("sessions", "list").out).contains("ID");
    } else {
      assertErrorLine(list, 8, vendor);
    }

    CliRunner.Result show = run("sessions", "show", id, "--json");
    if (caps.contains(Capability.GET_SESSION) || caps.contains(Capability.HISTORY)) {
      assertThat(show.code).as(show.toString()).isZero();
      JsonNode s = show.json();
      assertKeys(s, "vendor", "session", "messages");
      assertKeys(s.get("session"), "id", "title", "createdAt");
      assertThat(s.get("session").get("id").asText()).isEqualTo(id);
      List<String> lines = new ArrayList<>();
      for (JsonNode m : s.get("messages")) {
        assertKeys(m, "id", "role", "text", "createdAt", "parentId");
        String role = m.get("role").asText();
        assertThat(role).isEqualTo(role.toLowerCase(java.util.Locale.ROOT));
        if (!m.get("createdAt").isNull()) assertThat(java.time.Instant.parse(m.get("createdAt").asText())).isNotNull();
        lines.add(role + ": " + m.get("text").asText());
      }
      assertThat(lines).contains("user: Hello there", "assistant: Echo: Hello there");
      assertThat(run("sessions", "show", id).out).contains("[user] Hello there");
    } else {
      assertErrorLine(show, 8, vendor);
    }

    CliRunner.Result end = run("sessions", "end", id, "--json");
    if (caps.contains(Capability.END_SESSION)) {
      assertThat(end.code).as(end.toString()).isZero();
      assertKeys(end.json(), "vendor", "sessionId", "ended");
      assertThat(end.json().get("ended").asBoolean()).isTrue();
    } else {
      assertErrorLine(end, 8, vendor);
    }

    String other = fresh.json().get("sessionId").asText();
    CliRunner.Result delete = run("sessions", "delete", other, "--json");
    if (caps.contains(Capability.DELETE_SESSION)) {
      assertThat(delete.code).as(delete.toString()).isZero();
      assertKeys(delete.json(), "vendor", "sessionId", "deleted");
      assertThat(delete.json().get("deleted").asBoolean()).isTrue();
    } else {
      assertErrorLine(delete, 8, vendor);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void chatStreamsLineByLine(String vendor) {
    emulator = TestVendors.emulator(vendor).start();
    cli.stdin = "first line\nsecond line\n/exit\n";
    CliRunner.Result r = run("chat");
    assertThat(r.code).as(r.toString()).isZero();
    String nl = System.lineSeparator();
    assertThat(r.out).isEqualTo("Echo: first line" + nl + "Echo: second line" + nl);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void eachErrorClassHasItsExitCode(String vendor) {
    emulator = TestVendors.emulator(vendor).start();

    assertErrorLine(runWithKey("wrong-key-0000", "sessions", "create"), 3, vendor);

    emulator.inject(Fault.status(403, emulator.errorBody(403, "forbidden here")));
    assertErrorLine(run("sessions", "create"), 3, vendor, "HTTP 403");

    emulator.inject(Fault.status(404, emulator.errorBody(404, "nothing here")));
    assertErrorLine(run("sessions", "create"), 4, vendor, "HTTP 404", "nothing here");

    emulator.inject(Fault.rateLimited("0", emulator.errorBody(429, "too many")).times(3));
    assertErrorLine(run("sessions", "create"), 5, vendor, "HTTP 429");
    emulator.clearFaults();

    emulator.inject(Fault.status(500, emulator.errorBody(500, "kaput")));
    assertErrorLine(run("sessions", "create"), 6, vendor, "HTTP 500", "kaput");

    CliRunner.Result created = run("sessions", "create", "--json");
    assertThat(created.code).as(created.toString()).isZero();
    String id = created.json().get("sessionId").asText();
    // The message-sending POST itself (a vendor may make best-effort calls around it), never retried once sent.
    String sendPath = SEND_PATHS.get(vendor);
    assertThat(sendPath).as("send path of " + vendor).isNotNull();
    emulator.inject(Fault.dropConnection().on("POST", sendPath));
    emulator.clearRequests();
    // A vendor with history looks the dropped send up until the call's time is up (the message never arrived, so
    // it is never found): a short call timeout ends that wait sooner; the exit code is the same either way.
    cli.props.setProperty("chatbridge.timeout", DROPPED_SEND_TIMEOUT);
    CliRunner.Result dropped = run("send", "--session", id, "Hello");
    cli.props.remove("chatbridge.timeout");
    emulator.clearFaults();
    assertThat(dropped.code).as(emulator.requests() + "\n" + dropped).isEqualTo(7);
    assertThat(emulator.requests().stream().filter(q -> q.method().equals("POST") && q.path().startsWith(sendPath)))
        .as("the message is never sent twice").hasSize(1);
    assertErrorLine(dropped, 7, vendor);

    assertErrorLine(run("sessions", "list", "--limit", "0"), 2, "--limit");
  }
}
