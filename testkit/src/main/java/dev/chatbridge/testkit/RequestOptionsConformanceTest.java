package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbridge.ApiException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.RawResponse;
import dev.chatbridge.RequestOptions;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-call {@link RequestOptions} and {@code withRawResponse()} against a vendor's {@link Emulator}: the options
 * reach the wire (headers on every request of the operation, body fields in the request that carries it and no
 * other, a time limit shorter or longer than the configuration's, a retry limit), the refusals happen before
 * anything is sent, and a raw response describes the response of the request that carries the operation. A vendor
 * module extends this class and creates its emulator.
 *
 * <p>Uses JUnit Jupiter; add {@code junit-jupiter} to your test dependencies.
 */
public abstract class RequestOptionsConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIELD = "cb_conformance_extra";

  /** The running emulator for the current test. */
  protected Emulator emulator;
  /** A client against {@link #emulator}. */
  protected ChatClient client;
  private OkHttpClient http;

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** The configuration for a client against the emulator. */
  protected ChatConfig.Builder config() {
    ChatConfig.Builder b = ChatConfig.builder()
        .vendor(emulator.vendor())
        .baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey())
        .okHttpClient(http)
        .callTimeout(Duration.ofSeconds(20))
        .streamIdleTimeout(Duration.ofSeconds(20));
    emulator.clientOptions().forEach(b::option);
    return b;
  }

  @BeforeEach
  void startEmulator() {
    http = new OkHttpClient();
    emulator = createEmulator().start();
    client = ChatClients.create(config().build());
  }

  @AfterEach
  void stopEmulator() {
    try {
      client.close();
      ClientPools.assertNoneLeased(http);
    } finally {
      emulator.close();
      http.connectionPool().evictAll();
    }
  }

  private boolean has(Capability c) {
    return client.capabilities().contains(c);
  }

  private static RequestOptions header(String name, String value) {
    return RequestOptions.builder().header(name, value).build();
  }

  @Test
  void headersGoOnEveryRequestOfTheOperationOnly() {
    ChatSession session = client.createSession(SessionOptions.defaults(), header("X-Conformance-Trace", "t-1"));
    assertAllCarry("t-1", "create");
    emulator.clearRequests();
    session.send(MessageRequest.of("traced send"), header("X-Conformance-Trace", "t-2"));
    assertAllCarry("t-2", "send");
    emulator.clearRequests();
    try (ChatStream stream = session.stream(MessageRequest.of("traced stream"), header("X-Conformance-Trace", "t-3"))) {
      for (ChatEvent e : stream) {
        // drain: requests made while it is read carry the header too
      }
    }
    assertAllCarry("t-3", "stream");
    emulator.clearRequests();
    session.send("plain send");
    for (Emulator.RecordedRequest r : emulator.requests()) {
      assertEquals(null, r.header("X-Conformance-Trace"), "a later call without options: " + r);
    }
  }

  @Test
  void everyPageOfAWalkCarriesTheOptions() {
    if (!has(Capability.LIST_SESSIONS)) {
      emulator.clearRequests();
      assertThrows(dev.chatbridge.UnsupportedCapabilityException.class,
          () -> client.sessions(PageRequest.first(), header("X-Conformance-Trace", "t-pages")));
      assertTrue(emulator.requests().isEmpty(), "refused before sending: " + emulator.requests());
      return;
    }
    for (int i = 0; i < 3; i++) client.createSession();
    emulator.clearRequests();
    long walked = client.sessions(PageRequest.of(1, null), header("X-Conformance-Trace", "t-pages")).stream()
        .limit(3).count();
    assertEquals(3, walked, "three sessions, one per page");
    assertTrue(emulator.requests().size() >= 3, "a request per page: " + emulator.requests());
    assertAllCarry("t-pages", "every page");
  }

  private void assertAllCarry(String value, String what) {
    assertFalse(emulator.requests().isEmpty(), what);
    for (Emulator.RecordedRequest r : emulator.requests()) {
      assertEquals(value, r.header("X-Conformance-Trace"), what + ": " + r);
    }
  }

  @Test
  void bodyFieldsGoIntoTheMessageRequestAndNoOther() throws IOException {
    RequestOptions extra = RequestOptions.builder().bodyField(FIELD, Map.of("k", 1)).build();
    ChatSession session = client.createSession();
    emulator.clearRequests();
    ChatReply reply = session.send(MessageRequest.of("with an extra field"), extra);
    assertTrue(reply.text().contains("with an extra field"), reply.text());
    assertOnlyPrimaryCarries("POST", emulator.sendPath(session.id()), "send");
    emulator.clearRequests();
    try (ChatStream stream = session.stream(MessageRequest.of("streamed with a field"), extra)) {
      for (ChatEvent e : stream) {
        // drain
      }
    }
    assertOnlyPrimaryCarries("POST", emulator.sendPath(session.id()), "stream");
    emulator.clearRequests();
    client.createSession(SessionOptions.defaults(), extra);
    assertOnlyPrimaryCarries("POST", emulator.createPath(), "create");
  }

  private void assertOnlyPrimaryCarries(String method, String path, String what) throws IOException {
    int carrying = 0;
    for (Emulator.RecordedRequest r : emulator.requests()) {
      boolean primary = r.method().equals(method) && r.path().equals(path);
      JsonNode body = r.body().isBlank() ? null : JSON.readTree(r.body());
      boolean has = body != null && body.has(FIELD);
      if (primary && has) {
        assertEquals(1, body.get(FIELD).get("k").asInt(), what + ": the field's value");
        carrying++;
      }
      assertFalse(!primary && has, what + ": only the request that carries the operation gets it: " + r);
    }
    assertEquals(1, carrying, what + ": the message request carries the field: " + emulator.requests());
  }

  @Test
  void bodyFieldOnARequestWithoutABodyIsRefusedBeforeSending() {
    if (!has(Capability.LIST_SESSIONS)) return;
    emulator.clearRequests();
    client.listSessions(PageRequest.first());
    if (!emulator.requests().stream().allMatch(r -> r.method().equals("GET"))) return; // the vendor lists by POST
    emulator.clearRequests();
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> client.listSessions(PageRequest.first(), RequestOptions.builder().bodyField(FIELD, 1).build()));
    assertTrue(e.getMessage().contains(FIELD), "names the field: " + e.getMessage());
    assertEquals(List.of(), emulator.requests(), "refused before anything was sent");
  }

  /** The header carrying the configured key, found in what the emulator received. */
  private String authHeaderName() {
    for (Map.Entry<String, String> h : emulator.requests().get(0).headers().entrySet()) {
      if (h.getValue().contains(emulator.apiKey())) return h.getKey();
    }
    throw new AssertionError("no request header carries the key: " + emulator.requests().get(0));
  }

  @Test
  void theCredentialHeaderIsReplacedOnlyWhenAllowed() {
    ChatSession session = client.createSession();
    String name = authHeaderName();
    String value = emulator.requests().get(0).header(name);
    String wrong = value.replace(emulator.apiKey(), "per-call-wrong-key-4711");
    emulator.clearRequests();
    RequestOptions unallowed;
    try {
      unallowed = header(name, wrong);
    } catch (IllegalArgumentException refusedWhenBuilt) {
      unallowed = null; // a well-known credential header: refused by the builder already
    }
    if (unallowed != null) {
      RequestOptions options = unallowed;
      assertThrows(InvalidRequestException.class, () -> session.send(MessageRequest.of("hi"), options));
      assertEquals(List.of(), emulator.requests(), "refused before anything was sent");
    }
    RequestOptions allowedWrong = RequestOptions.builder().allowCredentialHeaders().header(name, wrong).build();
    ApiException e = assertThrows(ApiException.class, () -> session.send(MessageRequest.of("hi"), allowedWrong));
    assertFalse(String.valueOf(e.getMessage()).contains("per-call-wrong-key-4711"), "never in a message");
    assertTrue(emulator.requests().stream().allMatch(r -> wrong.equals(r.header(name))), "it replaced the key");
    RequestOptions allowedRight = RequestOptions.builder().allowCredentialHeaders().header(name, value).build();
    assertTrue(session.send(MessageRequest.of("right key"), allowedRight).text().contains("right key"));
  }

  /** An idempotent read of the session with options, or null when the vendor has none. */
  private Supplier<Object> read(ChatSession session, RequestOptions options) {
    if (emulator.readPath(session.id()) == null) return null;
    if (has(Capability.HISTORY)) return () -> session.history(options);
    if (has(Capability.GET_SESSION)) return () -> client.getSession(session.id(), options);
    return null;
  }

  @Test
  void aShorterTimeLimitEndsTheCallSooner() {
    ChatSession session = client.createSession();
    RequestOptions quick = RequestOptions.builder().timeout(Duration.ofMillis(300)).build();
    Supplier<Object> read = read(session, quick);
    String path = read == null ? emulator.sendPath(session.id()) : emulator.readPath(session.id());
    emulator.inject(Fault.delay(Duration.ofSeconds(2)).on(read == null ? "POST" : "GET", path).times(5));
    ChatException e = assertThrows(ChatException.class,
        () -> (read != null ? read : (Supplier<Object>) () -> session.send(MessageRequest.of("x"), quick)).get());
    assertTimedOut(e);
    assertNotNull(e.getMessage());
  }

  @Test
  void aLongerTimeLimitOutlastsTheConfiguredOne() {
    try (ChatClient impatient = ChatClients.create(config().callTimeout(Duration.ofMillis(300)).build())) {
      ChatSession session = impatient.createSession();
      emulator.inject(Fault.delay(Duration.ofMillis(900)).on("POST", emulator.sendPath(session.id())));
      assertTimedOut(assertThrows(ChatException.class, () -> session.send("too slow for the configuration")));
      emulator.inject(Fault.delay(Duration.ofMillis(900)).on("POST", emulator.sendPath(session.id())));
      RequestOptions patient = RequestOptions.builder().timeout(Duration.ofSeconds(20)).build();
      assertTrue(session.send(MessageRequest.of("worth the wait"), patient).text().contains("worth the wait"));
    }
  }

  /**
   * A send that ran out of time: {@link ChatTimeoutException}, or {@link SendOutcomeUnknownException} caused by one
   * where the message may have reached the server (the vendor then looked for it and could not say).
   */
  private static void assertTimedOut(ChatException e) {
    assertTrue(e instanceof ChatTimeoutException
        || e instanceof SendOutcomeUnknownException && e.getCause() instanceof ChatTimeoutException, "timed out: " + e);
  }

  @Test
  void theRetryLimitIsTheCallsOwn() {
    ChatSession session = client.createSession();
    if (read(session, RequestOptions.none()) == null) return;
    String path = emulator.readPath(session.id());
    // Retry-After 1 keeps OkHttp from repeating the 503 itself; retry-after-ms 0 is the transport's wait
    Fault busy = Fault.status(503, emulator.errorBody(503, "busy")).header("Retry-After", "1")
        .header("retry-after-ms", "0").on("GET", path).times(10);
    emulator.inject(busy);
    emulator.clearRequests();
    assertThrows(ChatException.class, () -> read(session, RequestOptions.builder().maxRetries(0).build()).get());
    assertEquals(1, emulator.requestCount("GET", path), "maxRetries 0: one attempt");
    emulator.clearFaults();
    emulator.inject(busy);
    emulator.clearRequests();
    assertThrows(ChatException.class, () -> read(session, RequestOptions.builder().maxRetries(3).build()).get());
    assertEquals(4, emulator.requestCount("GET", path), "maxRetries 3: four attempts (the configuration says 2)");
  }

  @Test
  void aStreamsTimeLimitBoundsOnlyItsOpening() {
    ChatSession session = client.createSession();
    String path = emulator.sendPath(session.id());
    RequestOptions quick = RequestOptions.builder().timeout(Duration.ofMillis(300)).build();
    emulator.inject(Fault.delay(Duration.ofSeconds(2)).on("POST", path));
    assertTimedOut(assertThrows(ChatException.class,
        () -> session.stream(MessageRequest.of("slow to open"), quick).close()));
    if (!has(Capability.STREAMING)) return;
    emulator.inject(Fault.stallStream(1, Duration.ofMillis(800)).on("POST", path));
    try (ChatStream stream = session.stream(MessageRequest.of("opens fast, pauses later"), quick)) {
      for (ChatEvent e : stream) {
        // the pause after the first event is the stream's idle timeout's business, not the opening limit's
      }
      assertTrue(stream.reply().text().contains("opens fast, pauses later"));
    }
  }

  @Test
  void rawResponsesDescribeTheResponseThatCarriedTheOperation() {
    RawResponse<ChatSession> created = client.withRawResponse().createSession();
    assertSuccess(created, "create");
    ChatSession session = created.value();
    RawResponse<ChatReply> sent = session.withRawResponse().send(MessageRequest.of("raw hello"));
    assertSuccess(sent, "send");
    assertTrue(sent.value().text().contains("raw hello"));
    RawResponse<ChatStream> streamed = session.withRawResponse().stream(MessageRequest.of("raw stream"));
    try (ChatStream stream = streamed.value()) {
      assertSuccess(streamed, "stream");
      for (ChatEvent e : stream) {
        // drain
      }
      assertTrue(stream.reply().text().contains("raw stream"));
    }
    if (has(Capability.HISTORY)) {
      RawResponse<List<Message>> history = session.withRawResponse().history();
      assertSuccess(history, "history");
      assertFalse(history.value().isEmpty());
    }
    if (has(Capability.GET_SESSION)) assertSuccess(client.withRawResponse().getSession(session.id()), "get");
    if (has(Capability.LIST_SESSIONS)) {
      RawResponse<Page<SessionSummary>> page = client.withRawResponse().listSessions();
      assertSuccess(page, "list");
      assertFalse(page.value().items().isEmpty());
    }
    if (has(Capability.END_SESSION)) assertSuccess(session.withRawResponse().end(), "end");
    if (has(Capability.DELETE_SESSION)) {
      assertSuccess(client.withRawResponse().deleteSession(client.createSession().id()), "delete");
    }
  }

  private void assertSuccess(RawResponse<?> raw, String what) {
    assertTrue(raw.statusCode() >= 200 && raw.statusCode() < 300, what + ": " + raw);
    assertFalse(raw.headers().isEmpty(), what + ": the response's headers");
    for (List<String> values : raw.headers().values()) {
      for (String v : values) assertFalse(v.contains(emulator.apiKey()), what + ": no credential in a header");
    }
    assertTrue(raw.headers().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("set-cookie")), what);
  }

  @Test
  void anErrorCarriesTheSameResponseFacts() {
    ChatSession session = client.createSession();
    String path = emulator.sendPath(session.id());
    emulator.inject(Fault.status(500, emulator.errorBody(500, "kaboom")).header("X-Request-Id", "req-4711")
        .on("POST", path));
    ApiException e = assertThrows(ApiException.class, () -> session.withRawResponse().send(MessageRequest.of("x")));
    assertEquals(500, e.statusCode());
    assertEquals("req-4711", e.requestId().orElseThrow());
  }
}
