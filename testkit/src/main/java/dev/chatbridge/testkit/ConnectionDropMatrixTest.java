package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.SendOutcomeUnknownException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "connection drops" matrix every vendor module runs: a send and a stream whose connection drops after the
 * message-sending POST reached the server, at each {@link Drop} point, through a {@link FaultServer} in front of the
 * vendor's {@link Emulator} (so a vendor needs no fault hooks of its own). Each cell asserts:
 *
 * <ul>
 *   <li>the drop happened (the server saw it fire) and the call ended either with the reply recovered — its text
 *       complete and, for a stream, every delta delivered exactly once — or with a
 *       {@link SendOutcomeUnknownException} (its {@code messageState} is recorded); after a stall past the
 *       timeouts a {@link ChatTimeoutException} is accepted too (the caller's bound was reached; like every
 *       ChatBridge timeout after a request was sent, it says the message may have been processed);</li>
 *   <li>the message-sending POST reached the emulator exactly once (counted by the emulator): ChatBridge never
 *       re-sends; the total over the matrix is checked as well;</li>
 *   <li>a lagging history was really read while it lagged, when the reply was recovered from it;</li>
 *   <li>in the row "resume refused" (vendors with {@link Capability#RESUMABLE_STREAMS} that state a
 *       {@link #resumePath}; "n/a" elsewhere) the answer is cut in the middle and every GET of the resume path is
 *       answered with a 503 in the vendor's error shape ({@link Emulator#errorBody}) for the rest of the cell: the
 *       client must have asked to resume and been refused at least once, and then recover the reply another way
 *       (the history) or end typed;</li>
 *   <li>no connection is left leased.</li>
 * </ul>
 *
 * <p>The observed outcomes form a table written to {@code target/connection-drops-<vendor>.md}; after the last cell
 * it must equal the vendor's table in {@code docs/RELIABILITY.md} (between {@code <!-- connection-drops:<vendor> -->}
 * markers), as in {@link FaultMatrixTest}: {@code -Dchatbridge.fault-matrix.update=true} rewrites it.
 *
 * <p>A vendor module extends it and creates its emulator; paths, options and the table name come from the emulator
 * unless a subclass overrides the hooks. Needs JUnit Jupiter (with params) and {@code mockwebserver}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectionDropMatrixTest {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMillis(500);
  /** How long a stalled answer pauses: past the idle timeout and the call timeout. */
  static final Duration STALL = CALL_TIMEOUT.plusSeconds(1);
  /** How many history reads after the drop still show the history as it was before the send. */
  static final int LAG_READS = 3;
  static final String PROBE = "connection drop probe one two three four five six";

  /** Where the connection of the message-sending POST drops, in table order. */
  public enum Drop {
    RESET_AFTER_SEND("reset after the request body was sent"),
    RESET_EARLY("reset mid-answer, early"),
    RESET_MIDDLE("reset mid-answer, middle"),
    RESET_LATE("reset mid-answer, just before the end"),
    RESUME_REFUSED("reset mid-answer, resume refused"),
    STALL_PAST_IDLE("stall past the idle and call timeouts"),
    HISTORY_LAGGING("reset mid-answer, the history shows the reply late");

    final String label;

    Drop(String label) {
      this.label = label;
    }
  }

  /** What a cell does. */
  public enum Operation {
    SEND("send"),
    STREAM("stream");

    final String label;

    Operation(String label) {
      this.label = label;
    }
  }

  private Emulator emulator;
  private FaultServer server;
  private Set<Capability> capabilities;
  private String expectedReply;
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicInteger totalPosts = new AtomicInteger();
  private final Map<String, String> outcomes = new ConcurrentHashMap<>();

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** The path the emulator sees for the message-sending POST of {@code sessionId}; the emulator's by default. */
  protected String sendPath(String sessionId) {
    return emulator.sendPath(sessionId);
  }

  /** The GET the vendor reads its history with (the one that lags), or null; the emulator's read path by default. */
  protected String historyPath(String sessionId) {
    return capabilities.contains(Capability.HISTORY) ? emulator.readPath(sessionId) : null;
  }

  /**
   * The GET a client rejoins a broken stream with (vendors with {@link Capability#RESUMABLE_STREAMS}), or null (the
   * default): the row "resume refused" answers it with a 503 for the rest of its cells.
   */
  protected String resumePath(String sessionId) {
    return null;
  }

  /** Vendor options the client needs against the emulator; the emulator's by default. */
  protected Map<String, String> options() {
    return emulator.clientOptions();
  }

  /** Makes the client under test; {@link ChatClients#create} by default. */
  protected ChatClient createClient(ChatConfig config) {
    return ChatClients.create(config);
  }

  /** The name of this matrix in the document and in {@code target/}; the emulator's by default. */
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
    try (ChatClient c = createClient(config(http).build())) {
      capabilities = c.capabilities();
      expectedReply = c.createSession(emulator.sessionOptions(sessions.getAndIncrement())).send(PROBE).text();
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

  Stream<Arguments> cells() {
    List<Arguments> out = new ArrayList<>();
    for (Drop d : Drop.values()) {
      for (Operation op : Operation.values()) if (applies(op, d)) out.add(Arguments.of(op, d));
    }
    return out.stream();
  }

  private boolean applies(Operation op, Drop drop) {
    if (op == Operation.STREAM && !capabilities.contains(Capability.STREAMING)) return false;
    if (drop == Drop.RESUME_REFUSED) {
      return resumePath("x") != null && capabilities.contains(Capability.RESUMABLE_STREAMS);
    }
    return drop != Drop.HISTORY_LAGGING || historyPath("x") != null;
  }

  private ChatConfig.Builder config(OkHttpClient http) {
    ChatConfig.Builder b = ChatConfig.builder()
        .vendor(emulator.vendor())
        .baseUrl(server.baseUrl())
        .apiKey(emulator.apiKey())
        .okHttpClient(http)
        .connectTimeout(Duration.ofSeconds(1))
        .callTimeout(CALL_TIMEOUT)
        .streamIdleTimeout(STREAM_IDLE_TIMEOUT);
    options().forEach(b::option);
    return b;
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("cells")
  void cell(Operation op, Drop drop) throws Exception {
    OkHttpClient http = new OkHttpClient();
    String where = matrixName() + " " + op.label + " × " + drop.label + ": ";
    try {
      try (ChatClient client = createClient(config(http).build())) {
        ChatSession session = client.createSession(emulator.sessionOptions(sessions.getAndIncrement()));
        String history = historyPath(session.id());
        server.watchReads(history);
        if (drop == Drop.HISTORY_LAGGING) session.history(); // what the lagging history shows
        server.refuseReads(drop == Drop.RESUME_REFUSED ? resumePath(session.id()) : null);
        emulator.clearRequests();
        server.armDrop("POST", sendPath(session.id()), drop, STALL, drop == Drop.HISTORY_LAGGING ? LAG_READS : 0);
        String result;
        try {
          result = perform(op, drop, client.session(session.id()), where);
        } finally {
          assertEquals(1, server.dropsFired(), where + "the connection drop happened");
          server.disarm();
          server.watchReads(null);
        }
        if (drop == Drop.RESUME_REFUSED) {
          assertTrue(server.refusalsServed() > 0, where + "the client asked to resume and was refused");
        }
        int posts = emulator.requestCount("POST", sendPath(session.id()));
        totalPosts.addAndGet(posts);
        assertEquals(1, posts, where + "the message-sending POST reaches the server exactly once: never re-sent");
        if (drop == Drop.HISTORY_LAGGING && result.equals("recovered")) {
          assertEquals(LAG_READS, server.lagServed(), where + "the reply was read after the history caught up");
        }
        outcomes.put(key(op, drop), result + " · " + posts + " POST");
      }
      ClientPools.awaitNoneLeased(http);
    } finally {
      ClientPools.release(http);
    }
  }

  /** "recovered", or the unknown outcome and its message state; anything else fails the cell. */
  private String perform(Operation op, Drop drop, ChatSession session, String where) {
    try {
      if (op == Operation.SEND) {
        assertEquals(expectedReply, session.send(PROBE).text(), where + "the recovered reply is complete");
      } else {
        StringBuilder deltas = new StringBuilder();
        ChatReply reply;
        try (ChatStream stream = session.stream(PROBE)) {
          for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta d) deltas.append(d.text());
          reply = stream.reply();
        }
        assertEquals(expectedReply, reply.text(), where + "the recovered reply is complete");
        assertEquals(expectedReply, deltas.toString(), where + "every delta delivered exactly once");
      }
      return "recovered";
    } catch (SendOutcomeUnknownException e) {
      return "`SendOutcomeUnknownException` " + e.messageState();
    } catch (ChatTimeoutException e) {
      // the caller's own bound: it says the message may have been processed, as a timeout does everywhere
      if (drop != Drop.STALL_PAST_IDLE) throw new AssertionError(where + "timed out without a stall", e);
      return "`ChatTimeoutException`";
    } catch (RuntimeException e) {
      throw new AssertionError(where + "neither the reply nor SendOutcomeUnknownException", e);
    }
  }

  private static String key(Operation op, Drop drop) {
    return op.name() + "/" + drop.name();
  }

  /** The observed matrix as a Markdown table between its markers, with the total of message POSTs. */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("<!-- connection-drops:").append(matrixName()).append(" -->\n");
    sb.append("| connection drop | send | stream |\n|---|---|---|\n");
    int cells = 0;
    for (Drop d : Drop.values()) {
      sb.append("| ").append(d.label).append(" |");
      for (Operation op : Operation.values()) {
        String o = outcomes.get(key(op, d));
        if (applies(op, d)) cells++;
        sb.append(' ').append(!applies(op, d) ? "n/a" : o == null ? "?" : o).append(" |");
      }
      sb.append('\n');
    }
    sb.append("\n").append(cells).append(" cells, ").append(totalPosts.get()).append(" message POSTs: ")
        .append(totalPosts.get() - cells).append(" duplicates.\n");
    sb.append("<!-- /connection-drops:").append(matrixName()).append(" -->");
    return sb.toString();
  }

  private void checkDocument() throws IOException {
    if (capabilities == null) return;
    long expectedCells = cells().count();
    String table = table();
    Path out = MatrixDocument.writeObserved("connection-drops", matrixName(), table);
    if (outcomes.size() < expectedCells) return; // a filtered run: nothing to compare
    assertEquals(expectedCells, totalPosts.get(), "0 duplicate message POSTs across the matrix");
    MatrixDocument.check(matrixDocument(), "connection-drops", matrixName(), table, "chatbridge.fault-matrix.update",
        "connection-drop matrix", out);
  }
}
