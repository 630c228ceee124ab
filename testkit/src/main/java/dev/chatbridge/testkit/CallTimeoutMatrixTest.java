package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.SendOutcomeUnknownException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every blocking operation of the vendor-neutral API ends within its call timeout, whatever the server does: each
 * {@link Operation} the vendor supports is run once against a {@link FaultServer} in front of the vendor's
 * {@link Emulator} to learn which HTTP calls it makes, then once per call and per stall, with that call either
 * never answered or answered one byte per second (the emulator's real answer, so no idle timeout ever fires).
 * Every cell must end in {@link ChatTimeoutException} within a generous functional bound (many times the call timeout
 * plus the longest waits the retry rules allow), with no connection left leased.
 *
 * <p>The client under test: call timeout {@value #CALL_TIMEOUT_MILLIS} ms, stream idle timeout 30 s (so only the
 * call timeout can end a send read through the stream path), {@code max-retries} 2, the caller's own
 * {@code OkHttpClient}. The observed outcomes form a table written to {@code target/call-timeouts-<name>.md};
 * after the last cell it must equal the table between {@code <!-- call-timeouts:<name> -->} markers in
 * {@code docs/RELIABILITY.md} (rewrite it with {@code -Dchatbridge.call-timeouts.update=true}).
 *
 * <p>A vendor module extends it and creates its emulator; the client options and table name come from the
 * emulator ({@link Emulator#clientOptions}, {@link Emulator#matrixName}) unless a subclass overrides the hooks.
 * Needs JUnit Jupiter (with params) and {@code com.squareup.okhttp3:mockwebserver} on the test classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CallTimeoutMatrixTest {
  static final long CALL_TIMEOUT_MILLIS = 1000;
  static final Duration CALL_TIMEOUT = Duration.ofMillis(CALL_TIMEOUT_MILLIS);
  /** Far above call timeout + the retry waits of two retries (at most 0.5 s + 1 s): functional, not a measure. */
  static final Duration CELL_BOUND = Duration.ofSeconds(30);

  /** The blocking operations of the neutral API. */
  public enum Operation {
    CREATE_SESSION("createSession"),
    SEND("send"),
    SEND_ASYNC("sendAsync"),
    HISTORY("history"),
    GET_SESSION("getSession"),
    LIST_SESSIONS("listSessions"),
    DELETE_SESSION("deleteSession"),
    END("end");

    final String label;

    Operation(String label) {
      this.label = label;
    }
  }

  private Emulator emulator;
  private FaultServer server;
  private List<Operation> operations;
  private final Map<Operation, List<String>> calls = new LinkedHashMap<>();
  private final Map<String, String> outcomes = new ConcurrentHashMap<>();
  private int expectedCells;

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** Vendor options the client needs against the emulator; the emulator's by default. */
  protected Map<String, String> options() {
    return emulator.clientOptions();
  }

  /** Makes the client under test; {@link ChatClients#create} unless the vendor is not on the service path. */
  protected ChatClient createClient(ChatConfig config) {
    return ChatClients.create(config);
  }

  /**
   * The name of this table in the document and in {@code target/}: the vendor, plus a variant if it has several;
   * the emulator's {@link Emulator#matrixName()} by default.
   */
  protected String matrixName() {
    return emulator.matrixName();
  }

  /** The document holding the committed table (resolved from the module directory). */
  protected Path matrixDocument() {
    return Path.of("..", "docs", "RELIABILITY.md");
  }

  @BeforeAll
  void startServers() throws Exception {
    emulator = createEmulator().start();
    server = new FaultServer(emulator).start();
    OkHttpClient http = new OkHttpClient();
    try (ChatClient c = createClient(config(http).build())) {
      operations = new ArrayList<>();
      for (Operation op : Operation.values()) if (supported(op, c)) operations.add(op);
    } finally {
      ClientPools.release(http);
    }
    for (Operation op : operations) {
      calls.put(op, discover(op));
      expectedCells += calls.get(op).size() * FaultServer.Stall.values().length;
    }
  }

  @AfterAll
  void stopServers() throws IOException {
    try {
      if (server != null) server.close();
    } finally {
      if (emulator != null) emulator.close();
    }
    checkDocument();
  }

  private static boolean supported(Operation op, ChatClient c) {
    switch (op) {
      case HISTORY:
        return c.capabilities().contains(Capability.HISTORY);
      case GET_SESSION:
        return c.capabilities().contains(Capability.GET_SESSION);
      case LIST_SESSIONS:
        return c.capabilities().contains(Capability.LIST_SESSIONS);
      case DELETE_SESSION:
        return c.capabilities().contains(Capability.DELETE_SESSION);
      case END:
        return c.capabilities().contains(Capability.END_SESSION);
      default:
        return true;
    }
  }

  private ChatConfig.Builder config(OkHttpClient http) {
    ChatConfig.Builder b = ChatConfig.builder()
        .vendor(emulator.vendor())
        .baseUrl(server.baseUrl())
        .apiKey(emulator.apiKey())
        .okHttpClient(http)
        .connectTimeout(Duration.ofSeconds(1))
        .callTimeout(CALL_TIMEOUT)
        .streamIdleTimeout(Duration.ofSeconds(30))
        .maxRetries(2);
    options().forEach(b::option);
    return b;
  }

  /** The calls {@code op} makes against a healthy server, as {@code "METHOD path"} with the session id as {id}. */
  private List<String> discover(Operation op) throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (ChatClient client = createClient(config(http).build())) {
      String sessionId = setUp(op, client);
      server.resetCounts();
      Throwable failed = perform(op, client, sessionId);
      if (failed != null) throw new AssertionError(op.label + " fails against a healthy server", failed);
      List<String> out = new ArrayList<>();
      for (String call : server.seen()) out.add(sessionId == null ? call : call.replace(sessionId, "{id}"));
      if (out.isEmpty()) throw new AssertionError(op.label + " made no call");
      return out;
    } finally {
      ClientPools.release(http);
    }
  }

  /** Every (operation, call, stall). */
  Stream<Arguments> cells() {
    List<Arguments> out = new ArrayList<>();
    for (Operation op : operations) {
      for (String call : calls.get(op)) {
        for (FaultServer.Stall stall : FaultServer.Stall.values()) out.add(Arguments.of(op, call, stall));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} × {1} × {2}")
  @MethodSource("cells")
  void cell(Operation op, String call, FaultServer.Stall stall) throws Exception {
    OkHttpClient http = new OkHttpClient();
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "call-timeout-cell");
      t.setDaemon(true);
      return t;
    });
    String where = matrixName() + " " + op.label + " × " + call + " × " + stall.label + ": ";
    try {
      try (ChatClient client = createClient(config(http).build())) {
        String sessionId = setUp(op, client);
        String method = call.substring(0, call.indexOf(' '));
        String path = call.substring(call.indexOf(' ') + 1).replace("{id}", sessionId == null ? "" : sessionId);
        server.resetCounts();
        server.stall(method, path, stall);
        Throwable thrown;
        long start = System.nanoTime();
        try {
          Future<Throwable> result = worker.submit(() -> perform(op, client, sessionId));
          try {
            thrown = result.get(CELL_BOUND.toSeconds(), TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            result.cancel(true);
            throw new AssertionError(where + "did not end within " + CELL_BOUND);
          }
        } finally {
          server.disarm();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        outcomes.put(key(op, call, stall), outcome(thrown));
        if (!endedOnTime(thrown)) {
          throw new AssertionError(where + "ended in " + (thrown == null ? "success" : thrown)
              + " instead of ChatTimeoutException (or SendOutcomeUnknownException caused by one)", thrown);
        }
        assertTrue(took.compareTo(CELL_BOUND) < 0, where + "took " + took);
        assertTrue(server.seen().contains(method + " " + path), where + "the stalled call was made");
      }
      ClientPools.awaitNoneLeased(http);
    } finally {
      worker.shutdownNow();
      ClientPools.release(http);
    }
  }

  /**
   * True for a {@link ChatTimeoutException}, and for a {@link SendOutcomeUnknownException} whose cause is one: a
   * send that ran out of time after the server took the message in must say that the message may be stored.
   */
  private static boolean endedOnTime(Throwable thrown) {
    if (thrown instanceof ChatTimeoutException) return true;
    return thrown instanceof SendOutcomeUnknownException && thrown.getCause() instanceof ChatTimeoutException;
  }

  /** The table cell: the exception's simple name, with "(timed out)" for an unknown outcome caused by time. */
  private static String outcome(Throwable thrown) {
    if (thrown == null) return "ok";
    String name = thrown.getClass().getSimpleName();
    return thrown instanceof SendOutcomeUnknownException && thrown.getCause() instanceof ChatTimeoutException
        ? name + " (timed out)" : name;
  }

  private String setUp(Operation op, ChatClient client) {
    if (op == Operation.CREATE_SESSION || op == Operation.LIST_SESSIONS) return null;
    return client.createSession().id();
  }

  /** Runs {@code op}; returns what it threw (for {@code sendAsync}, the cause), null on success. */
  private static Throwable perform(Operation op, ChatClient client, String sessionId) {
    try {
      ChatSession session = sessionId == null ? null : client.session(sessionId);
      switch (op) {
        case CREATE_SESSION:
          client.createSession();
          break;
        case SEND:
          session.send("call timeout probe");
          break;
        case SEND_ASYNC:
          try {
            session.sendAsync("call timeout probe").get();
          } catch (ExecutionException e) {
            return e.getCause();
          }
          break;
        case HISTORY:
          session.history();
          break;
        case GET_SESSION:
          client.getSession(sessionId);
          break;
        case LIST_SESSIONS:
          client.listSessions();
          break;
        case DELETE_SESSION:
          client.deleteSession(sessionId);
          break;
        default:
          session.end();
      }
      return null;
    } catch (RuntimeException | InterruptedException e) {
      return e;
    }
  }

  private static String key(Operation op, String call, FaultServer.Stall stall) {
    return op.name() + "|" + call + "|" + stall.name();
  }

  /** One table cell: {@code ok}, or the exception's name in backticks followed by any note. */
  private static String cell(String outcome) {
    if (outcome == null) return "?";
    if (outcome.equals("ok")) return "ok";
    int space = outcome.indexOf(' ');
    return space < 0 ? "`" + outcome + "`" : "`" + outcome.substring(0, space) + "`" + outcome.substring(space);
  }

  /** The observed table between its markers. */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("<!-- call-timeouts:").append(matrixName()).append(" -->\n");
    sb.append("| operation | call |");
    for (FaultServer.Stall s : FaultServer.Stall.values()) sb.append(' ').append(s.label).append(" |");
    sb.append("\n|---|---|");
    for (int i = 0; i < FaultServer.Stall.values().length; i++) sb.append("---|");
    sb.append('\n');
    for (Operation op : operations) {
      for (String call : calls.get(op)) {
        sb.append("| ").append(op.label).append(" | `").append(call).append("` |");
        for (FaultServer.Stall s : FaultServer.Stall.values()) {
          String o = outcomes.get(key(op, call, s));
          sb.append(' ').append(cell(o)).append(" |");
        }
        sb.append('\n');
      }
    }
    sb.append("<!-- /call-timeouts:").append(matrixName()).append(" -->");
    return sb.toString();
  }

  private void checkDocument() throws IOException {
    if (operations == null) return;
    String table = table();
    Path out = MatrixDocument.writeObserved("call-timeouts", matrixName(), table);
    if (outcomes.size() < expectedCells) return; // a filtered run: nothing to compare
    MatrixDocument.check(matrixDocument(), "call-timeouts", matrixName(), table, "chatbridge.call-timeouts.update",
        "call-timeout table", out);
  }
}
