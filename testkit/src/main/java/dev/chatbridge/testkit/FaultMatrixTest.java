package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatbridge.ApiException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.StreamException;
import dev.chatbridge.ChatTimeoutException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix every vendor module runs: each {@link Operation} (create, send, stream, read) under each
 * {@link Case} (connection refused, resets, timeouts, 429/5xx, malformed and oversized bodies), through a
 * {@link FaultServer} in front of the vendor's {@link Emulator} that fails the operation's own request with the
 * vendor's real response shapes. Each cell asserts:
 *
 * <ul>
 *   <li>the call ends in success or a typed ChatBridge exception, within a generous bound of its timeouts;</li>
 *   <li>a session-creating or message-sending POST reached the server exactly once under every fault where it
 *       may have been processed, and retries happened exactly as the transport rules allow (429 and
 *       503-with-Retry-After once, connection refused {@code 1 + max-retries} attempts);</li>
 *   <li>no connection is left leased: every response body was closed.</li>
 * </ul>
 *
 * <p>The observed outcomes form a table written to {@code target/fault-matrix-<vendor>.md}; after the last cell
 * it must equal the vendor's table in {@code docs/RELIABILITY.md} (between {@code <!-- fault-matrix:<vendor> -->}
 * markers). Run with {@code -Dchatbridge.fault-matrix.update=true} to rewrite that table from the observations.
 *
 * <p>A vendor module extends it and creates its emulator; the paths, client options and table name come from the
 * emulator ({@link Emulator#createPath}, {@link Emulator#matrixName}, …) unless a subclass overrides the hooks.
 * Needs JUnit Jupiter (with params) and {@code com.squareup.okhttp3:mockwebserver} on the test classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FaultMatrixTest {
  /** Max retries the matrix configures (the default). */
  protected static final int MAX_RETRIES = ChatConfig.DEFAULT_MAX_RETRIES;
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  static final Duration BIG_BODY_CALL_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(2);
  /**
   * The rows where the server stalls ({@link Case#stalls()}) end at a timeout whatever its length: there the client
   * waits 1 s less for each, keeping the second between the idle and the call timeout that a resume or a recovery
   * has after a stalled stream.
   */
  static final Duration STALL_CALL_TIMEOUT = Duration.ofSeconds(2);
  static final Duration STALL_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(1);
  static final Duration CELL_BOUND = Duration.ofSeconds(20);
  static final String PROBE = "fault matrix probe one two three " + FaultServer.MARKER + " four five six";

  /** What one cell does. */
  public enum Operation {
    CREATE("create"),
    SEND("send"),
    STREAM("stream"),
    READ("read");

    final String label;

    Operation(String label) {
      this.label = label;
    }
  }

  /** The faults of the matrix, in table order. */
  public enum Case {
    CONNECTION_REFUSED("connection refused"),
    RESET_BEFORE_RESPONSE("reset before response"),
    RESET_MID_STREAM("reset mid-body/stream"),
    READ_TIMEOUT("read timeout (no response)"),
    IDLE_PAST_TIMEOUT("idle past timeout mid-body/stream"),
    RATE_LIMITED_SECONDS("429 Retry-After: 1 (once)"),
    RATE_LIMITED_HTTP_DATE("429 Retry-After: HTTP-date (once)"),
    RATE_LIMITED_PERSISTENT("429 Retry-After: 0 (always)"),
    SERVER_500("500"),
    BAD_GATEWAY_502("502"),
    UNAVAILABLE_503("503"),
    UNAVAILABLE_503_RETRY_AFTER("503 Retry-After: 0 (once)"),
    MALFORMED_JSON("malformed JSON"),
    HTML_200("HTML page with 200"),
    WRONG_CONTENT_TYPE("wrong content type (text/plain)"),
    TRUNCATED("truncated body/stream"),
    BODY_50MB("50 MB body"),
    LINE_1MB("1 MB single line");

    final String label;

    Case(String label) {
      this.label = label;
    }

    boolean bigBody() {
      return this == BODY_50MB || this == LINE_1MB;
    }

    /** The server stalls past the client's timeouts: the cell ends at one of them. */
    boolean stalls() {
      return this == READ_TIMEOUT || this == IDLE_PAST_TIMEOUT;
    }

    /** The server refused the request unprocessed, so the transport may repeat even a POST. */
    boolean refusedUnprocessed() {
      return this == RATE_LIMITED_SECONDS || this == RATE_LIMITED_HTTP_DATE || this == RATE_LIMITED_PERSISTENT
          || this == UNAVAILABLE_503_RETRY_AFTER;
    }
  }

  /** What a cell observed: the outcome, requests that reached the server, attempts the client made. */
  static final class Outcome {
    final String result;
    final int served;
    final int attempts;

    Outcome(String result, int served, int attempts) {
      this.result = result;
      this.served = served;
      this.attempts = attempts;
    }

    String cell() {
      String r = result.equals("ok") ? "ok" : "`" + result + "`";
      return r + " " + served + "/" + attempts;
    }
  }

  private Emulator emulator;
  private FaultServer server;
  private Set<Capability> capabilities;
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** The path the emulator sees for the session-creating POST; the emulator's by default. */
  protected String createPath() {
    return emulator.createPath();
  }

  /** The path the emulator sees for the message-sending POST of {@code sessionId}; the emulator's by default. */
  protected String sendPath(String sessionId) {
    return emulator.sendPath(sessionId);
  }

  /** The path of the message-sending POST behind {@code stream()}; the send path unless the vendor differs. */
  protected String streamPath(String sessionId) {
    return sendPath(sessionId);
  }

  /**
   * The path of the GET behind {@code history()} (or {@code getSession()}), or null when the vendor has none; the
   * emulator's by default.
   */
  protected String readPath(String sessionId) {
    return emulator.readPath(sessionId);
  }

  /** Vendor options the client needs against the emulator; the emulator's by default. */
  protected Map<String, String> options() {
    return emulator.clientOptions();
  }

  /** Makes the client under test; {@link ChatClients#create} unless the vendor is not on the service path. */
  protected ChatClient createClient(ChatConfig config) {
    return ChatClients.create(config);
  }

  /**
   * The name of this matrix in the document and in {@code target/}: the vendor, plus a variant if it has several;
   * the emulator's {@link Emulator#matrixName()} by default.
   */
  protected String matrixName() {
    return emulator.matrixName();
  }

  /** The document holding the committed matrix (resolved from the module directory). */
  protected Path matrixDocument() {
    return Path.of("..", "docs", "RELIABILITY.md");
  }

  @BeforeAll
  void startServers() throws IOException {
    emulator = createEmulator().start();
    server = new FaultServer(emulator).start();
    OkHttpClient http = new OkHttpClient();
    try (ChatClient c = createClient(config(server.baseUrl(), http, CALL_TIMEOUT).build())) {
      capabilities = c.capabilities();
    } finally {
      ClientPools.release(http);
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

  /** Every applicable (operation, fault) pair. */
  Stream<Arguments> cells() {
    List<Arguments> out = new ArrayList<>();
    for (Case c : Case.values()) for (Operation op : operations()) out.add(Arguments.of(op, c));
    return out.stream();
  }

  Set<Operation> operations() {
    Set<Operation> ops = EnumSet.of(Operation.CREATE, Operation.SEND);
    if (capabilities.contains(Capability.STREAMING)) ops.add(Operation.STREAM);
    if (readPath("x") != null
        && (capabilities.contains(Capability.HISTORY) || capabilities.contains(Capability.GET_SESSION))) {
      ops.add(Operation.READ);
    }
    return ops;
  }

  private ChatConfig.Builder config(String baseUrl, OkHttpClient http, Duration callTimeout) {
    Duration idle = callTimeout.equals(CALL_TIMEOUT) ? STREAM_IDLE_TIMEOUT
        : callTimeout.equals(STALL_CALL_TIMEOUT) ? STALL_STREAM_IDLE_TIMEOUT : callTimeout;
    ChatConfig.Builder b = ChatConfig.builder()
        .vendor(emulator.vendor())
        .baseUrl(baseUrl)
        .apiKey(emulator.apiKey())
        .okHttpClient(http)
        .connectTimeout(Duration.ofSeconds(1))
        .callTimeout(callTimeout)
        .streamIdleTimeout(idle)
        .maxRetries(MAX_RETRIES);
    options().forEach(b::option);
    return b;
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("cells")
  void cell(Operation op, Case fault) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger allAttempts = new AtomicInteger();
    Map<String, AtomicInteger> perCall = new ConcurrentHashMap<>();
    String[] target = new String[2];
    OkHttpClient http = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          allAttempts.incrementAndGet();
          perCall.computeIfAbsent(chain.request().method() + " " + chain.request().url().encodedPath(),
              k -> new AtomicInteger()).incrementAndGet();
          if (chain.request().method().equals(target[0]) && chain.request().url().encodedPath().equals(target[1])) {
            attempts.incrementAndGet();
          }
          return chain.proceed(chain.request());
        })
        .build();
    Duration callTimeout = fault.bigBody() ? BIG_BODY_CALL_TIMEOUT : fault.stalls() ? STALL_CALL_TIMEOUT : CALL_TIMEOUT;
    try {
      Outcome outcome;
      try (ChatClient client = createClient(config(server.baseUrl(), http, callTimeout).build())) {
        String sessionId = setUp(op, client);
        target[0] = op == Operation.READ ? "GET" : "POST";
        target[1] = targetPath(op, sessionId);
        server.resetCounts();
        allAttempts.set(0);
        perCall.clear();
        Throwable thrown = null;
        long start = System.nanoTime();
        if (fault == Case.CONNECTION_REFUSED) {
          try (ChatClient refused = createClient(config(refusedUrl(), http, callTimeout).build())) {
            thrown = perform(op, refused, sessionId);
          }
        } else {
          server.arm(target[0], target[1], fault, fault == Case.RATE_LIMITED_PERSISTENT ? Integer.MAX_VALUE : 1);
          try {
            thrown = perform(op, client, sessionId);
          } finally {
            server.disarm();
          }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        outcome = new Outcome(thrown == null ? "ok" : thrown.getClass().getSimpleName(),
            server.count(target[0], target[1]),
            // refused: the operation's first call (which may precede the target, e.g. a read before a send)
            fault == Case.CONNECTION_REFUSED ? allAttempts.get() : attempts.get());
        outcomes.put(key(op, fault), outcome);

        String where = emulator.vendor() + " " + op.label + " × " + fault.label + ": ";
        if (thrown != null && !typed(thrown)) {
          throw new AssertionError(where + "ended in an untyped exception", thrown);
        }
        assertTrue(took.compareTo(CELL_BOUND.plus(fault.bigBody() ? BIG_BODY_CALL_TIMEOUT : Duration.ZERO)) < 0,
            where + "took " + took);
        checkCounts(where, op, fault, outcome);
        if (fault == Case.CONNECTION_REFUSED) {
          perCall.forEach((call, n) -> assertEquals(1 + MAX_RETRIES, n.get(),
              where + call + ": nothing was sent, so it is tried 1 + max-retries times"));
        }
      }
      ClientPools.awaitNoneLeased(http);
    } finally {
      ClientPools.release(http);
    }
  }

  private void checkCounts(String where, Operation op, Case fault, Outcome o) {
    if (fault == Case.CONNECTION_REFUSED) {
      assertEquals(0, o.served, where + "nothing can reach a closed port");
      assertTrue(o.attempts > 0 && o.attempts % (1 + MAX_RETRIES) == 0, where + "attempts " + o.attempts);
      assertTrue(!o.result.equals("ok"), where + "cannot succeed");
      return;
    }
    if (op == Operation.READ) {
      // an idempotent GET may be retried after any failure, up to the limit
      assertTrue(o.served >= 1 && o.served <= 1 + MAX_RETRIES + 1, where + "served " + o.served);
      return;
    }
    int expected;
    if (fault == Case.RATE_LIMITED_PERSISTENT) expected = 1 + MAX_RETRIES;
    else if (fault.refusedUnprocessed()) expected = 2;
    else expected = 1;
    assertEquals(expected, o.served, where + (expected == 1
        ? "a POST that may have been processed must reach the server exactly once"
        : "a refused-unprocessed POST is retried exactly as allowed"));
    assertEquals(o.served, o.attempts, where + "attempts the client made vs requests the server saw");
    if (fault.refusedUnprocessed() && fault != Case.RATE_LIMITED_PERSISTENT) {
      assertEquals("ok", o.result, where + "succeeds after the allowed retry");
    }
  }

  /** Only ChatBridge's specific types count as typed; a bare ChatException or anything else does not. */
  static boolean typed(Throwable t) {
    return t instanceof ApiException || t instanceof ConnectionException || t instanceof ChatTimeoutException
        || t instanceof StreamException || t instanceof ResponseFormatException
        || t instanceof SendOutcomeUnknownException;
  }

  private String setUp(Operation op, ChatClient client) {
    if (op == Operation.CREATE) return null;
    ChatSession session = client.createSession();
    if (op == Operation.READ) session.send("something to read back");
    return session.id();
  }

  private String targetPath(Operation op, String sessionId) {
    switch (op) {
      case CREATE:
        return createPath();
      case SEND:
        return sendPath(sessionId);
      case STREAM:
        return streamPath(sessionId);
      default:
        return readPath(sessionId);
    }
  }

  private Throwable perform(Operation op, ChatClient client, String sessionId) {
    try {
      switch (op) {
        case CREATE:
          client.createSession();
          break;
        case SEND: {
          ChatReply reply = client.session(sessionId).send(PROBE);
          assertTrue(reply.text().contains("probe"), "reply echoes the probe: " + abbreviate(reply.text()));
          break;
        }
        case STREAM:
          try (ChatStream stream = client.session(sessionId).stream(PROBE)) {
            long deltas = 0;
            for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta) deltas++;
            ChatReply reply = stream.reply();
            assertTrue(deltas > 0 && reply.text().contains("probe"), "streamed reply: " + abbreviate(reply.text()));
          }
          break;
        default:
          ChatSession s = client.session(sessionId);
          int n = capabilities.contains(Capability.HISTORY) ? s.history().size() : s.details().messages().size();
          assertTrue(n > 0, "read back the conversation");
      }
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "… (" + s.length() + " chars)" : s;
  }

  /** A loopback URL with the emulator's path prefix on a port nothing listens on. */
  private String refusedUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return HttpUrl.get(server.baseUrl()).newBuilder().port(port).build().toString();
  }

  private static String key(Operation op, Case fault) {
    return op.name() + "/" + fault.name();
  }

  /** The observed matrix as a Markdown table between its markers. */
  String table() {
    Set<Operation> ops = operations();
    StringBuilder sb = new StringBuilder();
    sb.append("<!-- fault-matrix:").append(matrixName()).append(" -->\n");
    sb.append("| fault |");
    for (Operation op : Operation.values()) sb.append(' ').append(op.label).append(" |");
    sb.append("\n|---|");
    for (int i = 0; i < Operation.values().length; i++) sb.append("---|");
    sb.append('\n');
    for (Case c : Case.values()) {
      sb.append("| ").append(c.label).append(" |");
      for (Operation op : Operation.values()) {
        Outcome o = outcomes.get(key(op, c));
        sb.append(' ').append(!ops.contains(op) ? "n/a" : o == null ? "?" : o.cell()).append(" |");
      }
      sb.append('\n');
    }
    sb.append("<!-- /fault-matrix:").append(matrixName()).append(" -->");
    return sb.toString();
  }

  private void checkDocument() throws IOException {
    if (capabilities == null) return;
    int expectedCells = Case.values().length * operations().size();
    String table = table();
    Path out = MatrixDocument.writeObserved("fault-matrix", matrixName(), table);
    if (outcomes.size() < expectedCells) return; // a filtered run: nothing to compare
    MatrixDocument.check(matrixDocument(), "fault-matrix", matrixName(), table, "chatbridge.fault-matrix.update",
        "fault matrix", out);
  }
}
