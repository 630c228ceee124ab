package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PageRequest;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.Role;
import dev.chatbridge.ServerException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.StreamException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every vendor module keeps, run against that vendor's {@link Emulator}. A vendor module extends
 * this class, creates its emulator ({@link #createEmulator()}) and inherits every test; the paths and client
 * options come from the emulator ({@link Emulator#sendPath}, {@link Emulator#readPath},
 * {@link Emulator#clientOptions}) unless a subclass overrides the hooks below. Capabilities come from the client:
 * tests of operations a vendor lacks check that they throw {@link UnsupportedCapabilityException}.
 *
 * <p>Uses JUnit Jupiter; add {@code junit-jupiter} to your test dependencies.
 */
public abstract class ChatProviderConformanceTest {
  /** The running emulator for the current test. */
  protected Emulator emulator;
  /** A client configured against {@link #emulator}. */
  protected ChatClient client;
  /** The OkHttp client under {@link #client}, inspected for leaked connections after each test. */
  protected OkHttpClient http;

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** The path the emulator sees for the message-sending POST of {@code sessionId}; the emulator's by default. */
  protected String sendPath(String sessionId) {
    return emulator.sendPath(sessionId);
  }

  /**
   * The path of the idempotent GET behind {@code history()} or {@code getSession()} for {@code sessionId}, or
   * null when the vendor has no read operation; the emulator's by default.
   */
  protected String readPath(String sessionId) {
    return emulator.readPath(sessionId);
  }

  /** The path of the POST that tells the server to stop generating (vendors with STOP_GENERATION); the emulator's. */
  protected String stopPath(String sessionId) {
    return emulator.stopPath(sessionId);
  }

  /** Vendor options the client needs against the emulator (e.g. a model or agent id); the emulator's by default. */
  protected Map<String, String> options() {
    return emulator.clientOptions();
  }

  /** The configuration for a client against {@code emulator} with {@code apiKey}. */
  protected ChatConfig.Builder config(Emulator emulator, String apiKey) {
    ChatConfig.Builder b = ChatConfig.builder()
        .vendor(emulator.vendor())
        .baseUrl(emulator.baseUrl())
        .apiKey(apiKey)
        .okHttpClient(http)
        .callTimeout(Duration.ofSeconds(20))
        .streamIdleTimeout(Duration.ofSeconds(20));
    options().forEach(b::option);
    return b;
  }

  @BeforeEach
  void startEmulator() {
    http = new OkHttpClient();
    emulator = createEmulator().start();
    client = ChatClients.create(config(emulator, emulator.apiKey()).build());
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

  @Test
  void createSendAndReadBack() {
    ChatSession session = client.createSession();
    assertFalse(session.id().isBlank(), "session id");
    ChatReply reply = session.send("Hello there");
    assertTrue(reply.text().contains("Hello there"), "the emulator echoes the message: " + reply.text());
    assertTrue(reply.message().role().equals(Role.ASSISTANT) || reply.message().role().equals(Role.AGENT),
        "reply role: " + reply.message().role());
    if (has(Capability.HISTORY)) {
      List<Message> history = session.history();
      assertTrue(history.stream().anyMatch(m -> m.role().equals(Role.USER) && m.text().equals("Hello there")),
          "history has the user message: " + history);
      assertTrue(history.stream().anyMatch(m -> m.text().equals(reply.text())), "history has the reply: " + history);
      int user = indexOf(history, "Hello there");
      int assistant = indexOf(history, reply.text());
      assertTrue(user < assistant, "user message comes before the reply");
    }
  }

  private static int indexOf(List<Message> messages, String text) {
    for (int i = 0; i < messages.size(); i++) if (messages.get(i).text().equals(text)) return i;
    return -1;
  }

  @Test
  void idsAreOpaqueStringsThatRoundTrip() {
    ChatSession created = client.createSession();
    ChatSession handle = client.session(created.id());
    assertEquals(created.id(), handle.id());
    ChatReply reply = handle.send("via handle");
    assertTrue(reply.text().contains("via handle"));
    if (has(Capability.GET_SESSION)) assertEquals(created.id(), client.getSession(created.id()).id());
  }

  @Test
  void streamDeltasConcatenateToTheReply() {
    ChatSession session = client.createSession();
    StringBuilder text = new StringBuilder();
    List<ChatEvent> events = new ArrayList<>();
    ChatReply reply;
    try (ChatStream stream = session.stream("stream me please")) {
      for (ChatEvent e : stream) {
        events.add(e);
        if (e instanceof ChatEvent.TextDelta) text.append(((ChatEvent.TextDelta) e).text());
      }
      reply = stream.reply();
    }
    assertFalse(events.isEmpty());
    assertInstanceOf(ChatEvent.Completed.class, events.get(events.size() - 1), "last event is Completed");
    assertEquals(reply.text(), text.toString());
    assertTrue(reply.text().contains("stream me please"));
    if (has(Capability.STREAMING)) {
      long deltas = events.stream().filter(e -> e instanceof ChatEvent.TextDelta).count();
      assertTrue(deltas > 1, "a streaming vendor delivers the reply in several deltas: " + deltas);
    }
  }

  @Test
  void cancelEndsTheStreamAtOnce() {
    ChatSession session = client.createSession();
    if (!has(Capability.STREAMING)) {
      // The whole reply arrives at once: cancelling after the first event ends iteration, nothing is lost.
      try (ChatStream stream = session.stream("one two three")) {
        for (ChatEvent e : stream) stream.cancel();
        assertTrue(stream.isCancelled());
        assertTrue(stream.reply().text().contains("one two three"), "the reply that had arrived is kept");
      }
      return;
    }
    emulator.inject(Fault.stallStream(2, Duration.ofSeconds(10)).on("POST", sendPath(session.id())));
    long start = System.nanoTime();
    try (ChatStream stream = session.stream("one two three four five six")) {
      int seen = 0;
      for (ChatEvent e : stream) {
        if (++seen == 1) stream.cancel();
      }
      assertTrue(stream.isCancelled());
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(9)) < 0,
        "cancel must not wait for the stalled server");
  }

  @Test
  void cancelTellsTheServerToStopGeneratingWhereClaimed() throws InterruptedException {
    if (!has(Capability.STOP_GENERATION)) return; // cancelEndsTheStreamAtOnce covers a cancel that only disconnects
    ChatSession session = client.createSession();
    String stop = stopPath(session.id());
    emulator.inject(Fault.stallStream(2, Duration.ofSeconds(10)).on("POST", sendPath(session.id())));
    try (ChatStream stream = session.stream("one two three four five six")) {
      for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta) stream.cancel();
      assertTrue(stream.isCancelled());
    }
    // the stop may be sent in the background: wait for it, bounded
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (emulator.requestCount("POST", stop) == 0 && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(1, emulator.requestCount("POST", stop), "cancel() tells the server to stop generating, once");
  }

  @Test
  void truncatedReplyIsNeverSilent() {
    ChatSession session = client.createSession();
    String path = sendPath(session.id());
    emulator.inject(Fault.truncateStream(1).on("POST", path));
    if (has(Capability.RESUMABLE_STREAMS)) { // the reply is rejoined: whole, and the message still sent once
      assertEquals(Emulator.replyTo("cut me off please"), text(session, "cut me off please"));
      assertEquals(1, emulator.requestCount("POST", path), "a send that reached the server is never retried");
      return;
    }
    String text = "cut me off please";
    ChatException e = null;
    String reply = null;
    try {
      reply = consumeReply(session, text);
    } catch (ChatException thrown) {
      e = thrown;
    }
    if (e == null) {
      // recovered from the session's history (see docs/RELIABILITY.md): only ever the whole reply
      assertTrue(has(Capability.HISTORY), "a cut reply is returned only when read back whole from the history");
      assertEquals(Emulator.replyTo(text), reply, "the recovered reply is the whole reply");
    } else if (has(Capability.STREAMING)) {
      assertTrue(e instanceof StreamException || e instanceof SendOutcomeUnknownException, "a cut stream: " + e);
    }
    assertEquals(1, emulator.requestCount("POST", path), "a send that reached the server is never retried");
  }

  @Test
  void stalledStreamFailsWithTimeout() {
    if (!has(Capability.STREAMING)) {
      // No stream to stall: a reply that does not come within the call timeout is a ChatTimeoutException, or,
      // where the send may have been taken in and the reply could not be recovered in time, the typed unknown
      // outcome (see docs/RELIABILITY.md)
      try (ChatClient impatient = ChatClients.create(
          config(emulator, emulator.apiKey()).callTimeout(Duration.ofMillis(500)).build())) {
        ChatSession session = impatient.createSession();
        emulator.inject(Fault.delay(Duration.ofSeconds(3)).on("POST", sendPath(session.id())));
        ChatException e = assertThrows(ChatException.class, () -> consume(session, "wait for it"));
        assertTrue(e instanceof ChatTimeoutException || e instanceof SendOutcomeUnknownException, "timed out: " + e);
        assertEquals(1, emulator.requestCount("POST", sendPath(session.id())), "a timed-out send is not retried");
      }
      return;
    }
    try (ChatClient impatient = ChatClients.create(
        config(emulator, emulator.apiKey()).streamIdleTimeout(Duration.ofMillis(500)).build())) {
      ChatSession session = impatient.createSession();
      emulator.inject(Fault.stallStream(1, Duration.ofSeconds(5)).on("POST", sendPath(session.id())));
      if (has(Capability.RESUMABLE_STREAMS)) { // the stalled reply is rejoined within the call's time
        assertEquals(Emulator.replyTo("wait for it"), text(session, "wait for it"));
        assertEquals(1, emulator.requestCount("POST", sendPath(session.id())), "a stalled send is not retried");
        return;
      }
      assertThrows(ChatTimeoutException.class, () -> consume(session, "wait for it"));
    }
  }

  @Test
  void publisherDeliversTheStreamOneRequestedEventAtATime() throws Exception {
    ChatSession session = client.createSession();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    OneAtATime sub = new OneAtATime(Integer.MAX_VALUE);
    try {
      session.publisher(MessageRequest.of("publish me please"), executor).subscribe(sub);
      sub.awaitTerminal();
    } finally {
      awaitStopped(executor);
    }
    assertEquals(List.of(), sub.violations, "Reactive Streams violations");
    assertTrue(sub.completed, "onComplete after Completed; error: " + sub.error);
    ChatEvent last = sub.events.get(sub.events.size() - 1);
    assertInstanceOf(ChatEvent.Completed.class, last, "last event is Completed");
    StringBuilder text = new StringBuilder();
    for (ChatEvent e : sub.events) if (e instanceof ChatEvent.TextDelta d) text.append(d.text());
    assertEquals(((ChatEvent.Completed) last).reply().text(), text.toString());
    assertTrue(text.toString().contains("publish me please"), text.toString());
    assertEquals(1, emulator.requestCount("POST", sendPath(session.id())), "subscribing sent the message once");
  }

  @Test
  void publisherCancelStopsTheStreamAndReleasesItsConnection() throws Exception {
    ChatSession session = client.createSession();
    if (has(Capability.STREAMING)) {
      emulator.inject(Fault.stallStream(2, Duration.ofSeconds(10)).on("POST", sendPath(session.id())));
    }
    ExecutorService executor = Executors.newSingleThreadExecutor();
    OneAtATime sub = new OneAtATime(1); // cancels in its first onNext
    long start = System.nanoTime();
    try {
      session.publisher(MessageRequest.of("one two three four five six"), executor).subscribe(sub);
      assertTrue(sub.cancelled.await(10, TimeUnit.SECONDS), "an event arrived");
    } finally {
      awaitStopped(executor); // the stream task ends (and releases its stream) without waiting for the server
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(9)) < 0,
        "cancel must not wait for the stalled server");
    assertEquals(List.of(), sub.violations, "Reactive Streams violations");
    assertEquals(1, sub.events.size(), "nothing is signalled after cancel: " + sub.events);
    assertFalse(sub.completed || sub.error != null, "no terminal signal after cancel: " + sub.error);
  }

  @Test
  void publisherTruncatedReplyIsOnErrorNeverOnComplete() throws Exception {
    ChatSession session = client.createSession();
    String path = sendPath(session.id());
    emulator.inject(Fault.truncateStream(1).on("POST", path));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    OneAtATime sub = new OneAtATime(Integer.MAX_VALUE);
    try {
      session.publisher(MessageRequest.of("cut me off please"), executor).subscribe(sub);
      sub.awaitTerminal();
    } finally {
      awaitStopped(executor);
    }
    assertEquals(List.of(), sub.violations, "Reactive Streams violations");
    if (has(Capability.RESUMABLE_STREAMS)) { // the cut reply is rejoined: it completes, sent once
      assertTrue(sub.completed, "a rejoined reply completes: " + sub.error);
      assertEquals(1, emulator.requestCount("POST", path), "a send that reached the server is never retried");
      return;
    }
    if (sub.completed) {
      // recovered from the session's history (see docs/RELIABILITY.md): only ever the whole reply
      assertTrue(has(Capability.HISTORY), "a cut reply completes only when read back whole from the history");
      ChatEvent last = sub.events.get(sub.events.size() - 1);
      assertInstanceOf(ChatEvent.Completed.class, last, "the last event");
      assertEquals(Emulator.replyTo("cut me off please"), ((ChatEvent.Completed) last).reply().text(),
          "the recovered reply is the whole reply");
    } else {
      assertInstanceOf(ChatException.class, sub.error, "the iterator's typed exception: " + sub.error);
      if (has(Capability.STREAMING)) {
        assertTrue(sub.error instanceof StreamException || sub.error instanceof SendOutcomeUnknownException,
            "a cut stream: " + sub.error);
      }
    }
    assertEquals(1, emulator.requestCount("POST", path), "a send that reached the server is never retried");
  }

  private static void awaitStopped(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the stream task ended");
  }

  /**
   * A plain subscriber that requests one event at a time and records every signal; after {@code cancelAfter}
   * events it cancels instead of requesting more. Notes overlapping signals, items without demand and signals
   * after the terminal one.
   */
  private static final class OneAtATime implements Flow.Subscriber<ChatEvent> {
    final List<ChatEvent> events = new ArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final CountDownLatch terminated = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    private final int cancelAfter;
    private final AtomicBoolean inSignal = new AtomicBoolean();
    private Flow.Subscription subscription;
    private long demand;
    volatile boolean completed;
    volatile Throwable error;

    OneAtATime(int cancelAfter) {
      this.cancelAfter = cancelAfter;
    }

    private void enter(String signal) {
      if (!inSignal.compareAndSet(false, true)) violations.add(signal + " overlaps another signal");
      if (terminated.getCount() == 0) violations.add(signal + " after the terminal signal");
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      enter("onSubscribe");
      subscription = s;
      demand = 1;
      inSignal.set(false);
      s.request(1);
    }

    @Override
    public void onNext(ChatEvent item) {
      enter("onNext");
      if (demand-- <= 0) violations.add("onNext without demand");
      events.add(item);
      inSignal.set(false);
      if (events.size() >= cancelAfter) {
        subscription.cancel();
        cancelled.countDown();
      } else {
        demand++;
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      enter("onError");
      error = t;
      inSignal.set(false);
      terminated.countDown();
    }

    @Override
    public void onComplete() {
      enter("onComplete");
      completed = true;
      inSignal.set(false);
      terminated.countDown();
    }

    void awaitTerminal() throws InterruptedException {
      assertTrue(terminated.await(20, TimeUnit.SECONDS), "a terminal signal within the call timeout");
    }
  }

  /**
   * Ids stay ids: an id that is not one opaque path segment (blank, {@code .}/{@code ..} in any encoding, a
   * separator, a control character, over 1,024 characters) is refused by every operation that takes a session id,
   * before anything reaches the server.
   */
  @Test
  void hostileSessionIdsAreRefusedBeforeAnythingIsSent() {
    emulator.clearRequests();
    List<String> ids = new ArrayList<>(HostileIds.all());
    ids.add(null);
    for (String id : ids) {
      String what = "session id " + HostileIds.describe(id);
      assertRefusedLocally(() -> client.session(id), what + ": session(id)");
      assertRefusedLocally(() -> client.getSession(id), what + ": getSession");
      assertRefusedLocally(() -> client.deleteSession(id), what + ": deleteSession");
    }
    assertEquals(List.of(), emulator.requests(), "no request may leave for a refused id");
  }

  /** An empty or blank message is refused the same way on every vendor, before anything is sent. */
  @Test
  void blankMessagesAreRefusedBeforeAnythingIsSent() {
    ChatSession session = client.createSession();
    emulator.clearRequests();
    for (String blank : List.of("", " ", "\n\t ")) {
      assertRefusedLocally(() -> session.send(blank), "send of '" + blank + "'");
      assertRefusedLocally(() -> session.stream(blank).close(), "stream of '" + blank + "'");
      assertRefusedLocally(() -> session.sendAsync(blank), "sendAsync of '" + blank + "'");
    }
    assertEquals(List.of(), emulator.requests(), "no request may leave for a blank message");
  }

  private static void assertRefusedLocally(org.junit.jupiter.api.function.Executable op, String what) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, op, what);
    assertEquals(0, e.statusCode(), what + ": refused locally, not by the server");
  }

  @Test
  void sendAsyncCompletesWithTheReply() throws Exception {
    ChatSession session = client.createSession();
    ChatReply reply = session.sendAsync("async hello").get(20, TimeUnit.SECONDS);
    assertTrue(reply.text().contains("async hello"), reply.text());
  }

  @Test
  void serverErrorOnSendIsReportedAndNeverRetried() {
    ChatSession session = client.createSession();
    String path = sendPath(session.id());
    emulator.inject(Fault.status(500, emulator.errorBody(500, "kaboom in the backend")).on("POST", path).times(5));
    ServerException e = assertThrows(ServerException.class, () -> consume(session, "hello"));
    assertEquals(500, e.statusCode());
    assertEquals(emulator.vendor(), e.vendor());
    assertTrue(e.getMessage().contains("kaboom in the backend"), e.getMessage());
    assertEquals(1, emulator.requestCount("POST", path), "a send that reached the server is never retried");
  }

  @Test
  void droppedConnectionOnSendIsNeverRetried() {
    // A vendor with history looks the dropped send up until the call's time is up (the message never arrived, so
    // it is never found): a shorter call timeout ends that wait sooner, with the same outcome.
    try (ChatClient impatient = ChatClients.create(
        config(emulator, emulator.apiKey()).callTimeout(Duration.ofSeconds(3)).build())) {
      ChatSession session = impatient.createSession();
      String path = sendPath(session.id());
      emulator.inject(Fault.dropConnection().on("POST", path).times(5));
      assertThrows(ChatException.class, () -> consume(session, "hello"));
      assertEquals(1, emulator.requestCount("POST", path), "a send that reached the server is never retried");
    }
  }

  @Test
  void rateLimitedSendIsRetriedAfterRetryAfter() {
    ChatSession session = client.createSession();
    String path = sendPath(session.id());
    emulator.inject(Fault.rateLimited("0", emulator.errorBody(429, "slow down")).on("POST", path));
    ChatReply reply = session.send("after the wait");
    assertTrue(reply.text().contains("after the wait"));
    assertEquals(2, emulator.requestCount("POST", path), "429 means unprocessed: retried once");
  }

  @Test
  void rateLimitExhaustedCarriesRetryAfter() {
    ChatSession session = client.createSession();
    String path = sendPath(session.id());
    emulator.inject(Fault.rateLimited("0", emulator.errorBody(429, "slow down")).on("POST", path).times(10));
    RateLimitException e = assertThrows(RateLimitException.class, () -> session.send("x"));
    assertEquals(429, e.statusCode());
    assertEquals(Duration.ZERO, e.retryAfter().orElseThrow());
    assertEquals(3, emulator.requestCount("POST", path), "first try plus the default two retries");
  }

  @Test
  void readsAreRetriedOnServerErrors() {
    ChatSession session = client.createSession();
    if (!has(Capability.HISTORY) && !has(Capability.GET_SESSION)) {
      assertUnsupported(Capability.HISTORY, session::history);
      assertUnsupported(Capability.GET_SESSION, session::details);
      return;
    }
    session.send("something to read");
    String path = readPath(session.id());
    emulator.clearRequests();
    emulator.inject(Fault.status(503, emulator.errorBody(503, "busy")).header("Retry-After", "0").on("GET", path));
    emulator.inject(Fault.status(502, emulator.errorBody(502, "bad gateway")).on("GET", path));
    List<Message> messages = has(Capability.HISTORY) ? session.history() : session.details().messages();
    assertFalse(messages.isEmpty());
    assertEquals(3, emulator.requestCount("GET", path), "503 and 502 retried, third attempt succeeds");
  }

  @Test
  void wrongKeyIsAnAuthenticationError() {
    try (ChatClient bad = ChatClients.create(config(emulator, "wrong-key-123").build())) {
      AuthenticationException e = assertThrows(AuthenticationException.class, bad::createSession);
      assertEquals(emulator.vendor(), e.vendor());
      assertFalse(e.getMessage().contains("wrong-key-123"), "the key never appears in a message");
    }
  }

  @Test
  void missingSessionIsNotFound() {
    String missing = "00000000-0000-4000-8000-000000000000";
    if (!has(Capability.GET_SESSION)) {
      assertUnsupported(Capability.GET_SESSION, () -> client.getSession(missing));
      return;
    }
    ApiException e = assertThrows(NotFoundException.class, () -> client.getSession(missing));
    assertEquals(emulator.vendor(), e.vendor());
  }

  @Test
  void listingFindsCreatedSessions() {
    if (!has(Capability.LIST_SESSIONS)) {
      assertUnsupported(Capability.LIST_SESSIONS, () -> client.listSessions(PageRequest.of(1, null)));
      return;
    }
    ChatSession a = client.createSession();
    a.send("first");
    ChatSession b = client.createSession();
    b.send("second");
    List<String> ids = new ArrayList<>();
    client.listSessions(PageRequest.of(1, null)).autoPaging().forEach(s -> ids.add(s.id()));
    assertTrue(ids.contains(a.id()) && ids.contains(b.id()), "listed: " + ids);
    assertEquals(ids.size(), ids.stream().distinct().count(), "paging never repeats a session");
  }

  @Test
  void deleteRemovesTheSession() {
    ChatSession s = client.createSession();
    s.send("to be deleted");
    if (!has(Capability.DELETE_SESSION)) {
      assertUnsupported(Capability.DELETE_SESSION, () -> client.deleteSession(s.id()));
      assertTrue(s.send("still here").text().contains("still here"), "the session was left alone");
      return;
    }
    client.deleteSession(s.id());
    if (has(Capability.GET_SESSION)) assertThrows(NotFoundException.class, () -> client.getSession(s.id()));
  }

  @Test
  void endClosesTheSession() {
    ChatSession s = client.createSession();
    s.send("bye");
    if (!has(Capability.END_SESSION)) {
      assertUnsupported(Capability.END_SESSION, s::end);
      assertTrue(s.send("still open").text().contains("still open"), "the session was left alone");
      return;
    }
    s.end();
  }

  /** Asserts that {@code op} throws UnsupportedCapabilityException for {@code capability} and sends nothing. */
  private void assertUnsupported(Capability capability, org.junit.jupiter.api.function.Executable op) {
    int before = emulator.requests().size();
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, op, capability.toString());
    assertEquals(emulator.vendor(), e.vendor());
    assertEquals(capability, e.capability());
    assertEquals(before, emulator.requests().size(), "an unsupported operation sends nothing");
  }

  @Test
  void unsupportedOperationsThrowInsteadOfDoingNothing() {
    ChatSession s = client.createSession();
    Map<Capability, Consumer<ChatSession>> ops = Map.of(
        Capability.GET_SESSION, x -> client.getSession(x.id()),
        Capability.LIST_SESSIONS, x -> client.listSessions(),
        Capability.HISTORY, ChatSession::history,
        Capability.DELETE_SESSION, x -> client.deleteSession(x.id()),
        Capability.END_SESSION, ChatSession::end);
    ops.forEach((capability, op) -> {
      if (!has(capability)) {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, () -> op.accept(s),
            capability.toString());
        assertEquals(emulator.vendor(), e.vendor());
      }
    });
  }

  private static String consumeReply(ChatSession session, String text) {
    try (ChatStream stream = session.stream(text)) {
      for (ChatEvent ignored : stream) {
        // read all
      }
      return stream.reply().text();
    }
  }

  /** The text of the reply's TextDelta events, read to the end. */
  private static String text(ChatSession session, String text) {
    StringBuilder sb = new StringBuilder();
    try (ChatStream stream = session.stream(text)) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) sb.append(d.text());
      }
    }
    return sb.toString();
  }

  private static void consume(ChatSession session, String text) {
    try (ChatStream stream = session.stream(text)) {
      for (ChatEvent ignored : stream) {
        // read all
      }
    }
  }
}
