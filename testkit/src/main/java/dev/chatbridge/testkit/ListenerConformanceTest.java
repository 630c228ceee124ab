package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatListener;
import dev.chatbridge.ChatOperation;
import dev.chatbridge.ChatOperation.Kind;
import dev.chatbridge.ChatOperation.Outcome;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.PageRequest;
import dev.chatbridge.ServerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link ChatListener} is told of every vendor-neutral operation, run against a vendor's {@link Emulator}:
 * each operation once (start before its first request, end with its outcome), the HTTP attempts the emulator saw,
 * the last status, errors as the caller got them, cancels as cancels, stream figures as the caller saw the events,
 * and a listener that throws never changing a call. A vendor module extends this class and creates its emulator.
 *
 * <p>Uses JUnit Jupiter; add {@code junit-jupiter} to your test dependencies.
 */
public abstract class ListenerConformanceTest {
  /** The running emulator for the current test. */
  protected Emulator emulator;
  /** A client against {@link #emulator} with {@link #recorder} registered. */
  protected ChatClient client;
  /** What the client's listener was told. */
  protected Recorder recorder;
  private OkHttpClient http;

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** The configuration for a client against the emulator, without listeners. */
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
    recorder = new Recorder();
    client = ChatClients.create(config().listener(recorder).build());
  }

  @AfterEach
  void stopEmulator() {
    try {
      client.close();
    } finally {
      emulator.close();
      http.connectionPool().evictAll();
    }
  }

  private boolean has(Capability c) {
    return client.capabilities().contains(c);
  }

  @Test
  void everyOperationIsToldOnceWithTheAttemptsTheServerSaw() {
    ChatSession session = expectOne(Kind.CREATE_SESSION, null, client::createSession);
    String id = session.id();
    ChatReply reply = expectOne(Kind.SEND, id, () -> session.send("listen to this"));
    assertTrue(reply.text().contains("listen to this"), reply.text());
    if (has(Capability.HISTORY)) expectOne(Kind.HISTORY, id, session::history);
    if (has(Capability.GET_SESSION)) expectOne(Kind.GET_SESSION, id, () -> client.getSession(id));
    if (has(Capability.LIST_SESSIONS)) {
      expectOne(Kind.LIST_SESSIONS, null, () -> client.listSessions(PageRequest.first()));
    }
    if (has(Capability.END_SESSION)) {
      expectOne(Kind.END_SESSION, id, () -> {
        session.end();
        return null;
      });
    }
    if (has(Capability.DELETE_SESSION)) {
      ChatSession other = client.createSession();
      recorder.clear();
      expectOne(Kind.DELETE_SESSION, other.id(), () -> {
        client.deleteSession(other.id());
        return null;
      });
    }
  }

  /**
   * Runs {@code call} and checks the listener heard exactly one {@code kind} operation: started before the first
   * request, ended with success, the attempts the emulator saw and the status of the last response.
   */
  private <T> T expectOne(Kind kind, String sessionId, Supplier<T> call) {
    recorder.clear();
    emulator.clearRequests();
    recorder.requestsAtStart = () -> emulator.requests().size();
    T result = call.get();
    assertEquals(List.of("start " + kind.value(), "end " + kind.value()), recorder.calls(), "one " + kind.value());
    ChatOperation op = recorder.ended().get(0);
    assertEquals(Outcome.SUCCESS, op.outcome(), op.toString());
    assertEquals(emulator.vendor(), op.vendor());
    assertEquals(java.util.Optional.ofNullable(sessionId), op.sessionId(), kind.value() + " session id");
    assertEquals(0, recorder.requestsSeenAtStart, kind.value() + ": onStart runs before the first request");
    assertEquals(emulator.requests().size(), op.attempts(), kind.value() + ": every HTTP attempt counted");
    int status = op.httpStatus().orElseThrow();
    assertTrue(status >= 200 && status < 300, kind.value() + " status " + status);
    assertFalse(op.duration().isNegative());
    assertTrue(op.error().isEmpty());
    return result;
  }

  @Test
  void streamFiguresAreTheEventsTheCallerSaw() {
    ChatSession session = client.createSession();
    recorder.clear();
    emulator.clearRequests();
    int seen = 0;
    ChatReply completed = null;
    try (ChatStream stream = session.stream("count these words as they come")) {
      assertEquals(List.of("start stream"), recorder.calls(), "the stream ends when it is over, not when opened");
      for (ChatEvent e : stream) {
        seen++;
        if (e instanceof ChatEvent.Completed c) completed = c.reply();
      }
      assertEquals(List.of("start stream", "end stream"), recorder.calls(), "ended when completed");
    }
    assertEquals(List.of("start stream", "end stream"), recorder.calls(), "closing a completed stream: no second end");
    ChatOperation op = recorder.ended().get(0);
    assertEquals(Outcome.SUCCESS, op.outcome());
    assertEquals(seen, op.eventCount(), "every event handed to the caller");
    Duration ttfe = op.timeToFirstEvent().orElseThrow();
    assertTrue(ttfe.compareTo(op.duration()) <= 0, ttfe + " within " + op.duration());
    assertEquals(completed.finishReason(), op.finishReason(), "the finish reason of the Completed reply");
    assertEquals(emulator.requests().size(), op.attempts(), "every request of the stream counted");
    assertFalse(op.toString().contains("count these words"), "no message text: " + op);
  }

  @Test
  void aPublisherIsOneStreamEndedWhenTheSubscriberIsDone() throws Exception {
    ChatSession session = client.createSession();
    recorder.clear();
    CountDownLatch done = new CountDownLatch(1);
    List<ChatEvent> events = new CopyOnWriteArrayList<>();
    session.publisher("count these words as they come").subscribe(new java.util.concurrent.Flow.Subscriber<>() {
      @Override
      public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ChatEvent item) {
        events.add(item);
      }

      @Override
      public void onError(Throwable t) {
        done.countDown();
      }

      @Override
      public void onComplete() {
        done.countDown();
      }
    });
    assertTrue(done.await(10, TimeUnit.SECONDS), "the publisher completed");
    assertTrue(recorder.awaitEnd(10, TimeUnit.SECONDS), "the stream ended");
    assertEquals(List.of("start stream", "end stream"), recorder.calls(), "one STREAM, however it is read");
    ChatOperation op = recorder.ended().get(0);
    assertEquals(Outcome.SUCCESS, op.outcome());
    assertEquals(events.size(), op.eventCount(), "every event handed to the subscriber");
  }

  @Test
  void aSendIsOneSendEvenWhereTheVendorStreamsUnderneath() {
    ChatSession session = client.createSession();
    recorder.clear();
    session.send("just one operation");
    assertEquals(List.of("start send", "end send"), recorder.calls());
  }

  @Test
  void failedSendIsAnErrorWithTheServersStatus() {
    ChatSession session = client.createSession();
    String path = emulator.sendPath(session.id());
    emulator.inject(Fault.status(500, emulator.errorBody(500, "kaboom")).on("POST", path).times(5));
    recorder.clear();
    emulator.clearRequests();
    ServerException thrown = assertThrows(ServerException.class, () -> session.send("this fails"));
    ChatOperation op = only(Kind.SEND);
    assertEquals(Outcome.ERROR, op.outcome());
    assertSame(thrown, op.error().orElseThrow(), "the exception the caller got");
    assertEquals("ServerException", op.errorType());
    assertEquals(500, op.httpStatus().orElseThrow());
    assertEquals(emulator.requests().size(), op.attempts());
  }

  @Test
  void retriedReadCountsEveryAttempt() {
    ChatSession session = client.createSession();
    String path = emulator.readPath(session.id());
    if (path == null || !has(Capability.HISTORY) && !has(Capability.GET_SESSION)) return; // no read to retry
    session.send("something to read");
    // 429, not 503: OkHttp itself repeats a 503 with Retry-After 0 once, unseen by the transport's count
    emulator.inject(Fault.rateLimited("0", emulator.errorBody(429, "slow down")).on("GET", path));
    recorder.clear();
    emulator.clearRequests();
    List<Message> messages = has(Capability.HISTORY) ? session.history() : client.getSession(session.id()).messages();
    assertFalse(messages.isEmpty());
    ChatOperation op = recorder.ended().get(0);
    assertEquals(Outcome.SUCCESS, op.outcome());
    assertEquals(emulator.requests().size(), op.attempts(), "the refused attempt and its retry");
    assertTrue(op.attempts() >= 2, "the 429 was retried: " + op.attempts());
    assertEquals(200, op.httpStatus().orElseThrow(), "the last status");
  }

  @Test
  void failedReadIsAnError() {
    ChatSession session = client.createSession();
    String path = emulator.readPath(session.id());
    if (path == null || !has(Capability.HISTORY) && !has(Capability.GET_SESSION)) return;
    emulator.inject(Fault.status(404, emulator.errorBody(404, "no such session")).on("GET", path).times(5));
    recorder.clear();
    Kind kind = has(Capability.HISTORY) ? Kind.HISTORY : Kind.GET_SESSION;
    ChatException thrown = assertThrows(ChatException.class,
        () -> {
          if (kind == Kind.HISTORY) session.history();
          else client.getSession(session.id());
        });
    ChatOperation op = only(kind);
    assertEquals(Outcome.ERROR, op.outcome());
    assertSame(thrown, op.error().orElseThrow());
    assertEquals(404, op.httpStatus().orElseThrow());
  }

  @Test
  void unsupportedOperationIsAnErrorWithoutStatus() {
    ChatSession session = client.createSession();
    Capability missing = !has(Capability.END_SESSION) ? Capability.END_SESSION
        : !has(Capability.DELETE_SESSION) ? Capability.DELETE_SESSION : null;
    if (missing == null) return; // the vendor has every operation
    recorder.clear();
    emulator.clearRequests();
    ChatException thrown = assertThrows(ChatException.class, () -> {
      if (missing == Capability.END_SESSION) session.end();
      else client.deleteSession(session.id());
    });
    ChatOperation op = recorder.ended().get(0);
    assertEquals(Outcome.ERROR, op.outcome());
    assertSame(thrown, op.error().orElseThrow());
    assertTrue(op.httpStatus().isEmpty(), "nothing was sent");
    assertEquals(0, op.attempts());
  }

  @Test
  void truncatedStreamIsAnError() {
    ChatSession session = client.createSession();
    emulator.inject(Fault.truncateStream(1).on("POST", emulator.sendPath(session.id())));
    recorder.clear();
    if (has(Capability.RESUMABLE_STREAMS)) { // the cut reply is rejoined: one operation, and it succeeds
      try (ChatStream stream = session.stream("cut me off please")) {
        for (ChatEvent e : stream) {
          // reads the whole, recovered reply
        }
      }
      ChatOperation op = only(Kind.STREAM);
      assertEquals(Outcome.SUCCESS, op.outcome(), op.toString());
      return;
    }
    ChatException thrown = null;
    try (ChatStream stream = session.stream("cut me off please")) {
      for (ChatEvent e : stream) {
        // reads until the stream fails, or to the end of a reply recovered from the history
      }
    } catch (ChatException e) {
      thrown = e;
    }
    ChatOperation op = only(Kind.STREAM);
    if (thrown == null) { // recovered whole from the session's history (docs/RELIABILITY.md): one operation
      assertTrue(has(Capability.HISTORY), "a cut reply is recovered only from a readable history");
      assertEquals(Outcome.SUCCESS, op.outcome(), op.toString());
      return;
    }
    assertEquals(Outcome.ERROR, op.outcome(), op.toString());
    assertSame(thrown, op.error().orElseThrow(), "the exception the caller got");
  }

  @Test
  void streamClosedEarlyIsCancelled() {
    ChatSession session = client.createSession();
    recorder.clear();
    try (ChatStream stream = session.stream("one two three four five six seven")) {
      java.util.Iterator<ChatEvent> events = stream.iterator();
      assertTrue(events.hasNext());
      events.next();
    }
    ChatOperation op = only(Kind.STREAM);
    assertEquals(Outcome.CANCELLED, op.outcome());
    assertEquals(1, op.eventCount(), "the one event read");
    assertTrue(op.timeToFirstEvent().isPresent());
  }

  @Test
  void cancelledStreamIsCancelled() {
    ChatSession session = client.createSession();
    recorder.clear();
    try (ChatStream stream = session.stream("one two three four five six seven")) {
      for (ChatEvent e : stream) stream.cancel();
      assertEquals(Outcome.CANCELLED, only(Kind.STREAM).outcome(), "ended when cancelled, before close");
    }
    assertEquals(2, recorder.calls().size(), "one start, one end: " + recorder.calls());
  }

  @Test
  void cancelledSendAsyncIsCancelled() throws Exception {
    ChatSession session = client.createSession();
    String path = emulator.sendPath(session.id());
    emulator.inject(Fault.delay(Duration.ofSeconds(2)).on("POST", path));
    recorder.clear();
    emulator.clearRequests();
    CompletableFuture<ChatReply> future = session.sendAsync("never mind");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (emulator.requestCount("POST", path) == 0 && System.nanoTime() < until) Thread.sleep(5);
    future.cancel(true);
    assertTrue(recorder.awaitEnd(10, TimeUnit.SECONDS), "the cancelled send ends");
    ChatOperation op = only(Kind.SEND);
    assertEquals(Outcome.CANCELLED, op.outcome());
    assertTrue(op.error().isEmpty());
  }

  @Test
  void aThrowingListenerNeverChangesTheCall() {
    ChatListener throwing = new ChatListener() {
      @Override
      public void onStart(ChatOperation operation) {
        throw new IllegalStateException("listener bug at start");
      }

      @Override
      public void onEnd(ChatOperation operation) {
        throw new IllegalStateException("listener bug at end");
      }
    };
    Recorder after = new Recorder();
    try (ChatClient c = ChatClients.create(config().listener(throwing).listener(after).build())) {
      ChatSession session = c.createSession();
      assertTrue(session.send("still works").text().contains("still works"));
      try (ChatStream stream = session.stream("streams too")) {
        for (ChatEvent e : stream) {
          // drain
        }
        assertTrue(stream.reply().text().contains("streams too"));
      }
      emulator.inject(Fault.status(500, emulator.errorBody(500, "kaboom")).on("POST", emulator.sendPath(session.id()))
          .times(5));
      assertThrows(ServerException.class, () -> session.send("fails as it would"));
      assertEquals(List.of("start create_session", "end create_session", "start send", "end send", "start stream",
          "end stream", "start send", "end send"), after.calls(), "the next listener is told of everything");
      assertEquals(Outcome.ERROR, after.ended().get(3).outcome());
    }
  }

  private ChatOperation only(Kind kind) {
    List<ChatOperation> ended = recorder.ended();
    assertEquals(1, ended.size(), "one operation ended: " + recorder.calls());
    assertEquals(kind, ended.get(0).kind());
    return ended.get(0);
  }

  /** A listener that records what it is told, in order. */
  protected static final class Recorder implements ChatListener {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<ChatOperation> ended = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch endLatch = new CountDownLatch(1);
    volatile Supplier<Integer> requestsAtStart;
    volatile int requestsSeenAtStart = -1;

    @Override
    public void onStart(ChatOperation operation) {
      Supplier<Integer> s = requestsAtStart;
      if (s != null) requestsSeenAtStart = s.get();
      assertEquals(Outcome.RUNNING, operation.outcome());
      calls.add("start " + operation.kind().value());
    }

    @Override
    public void onEnd(ChatOperation operation) {
      calls.add("end " + operation.kind().value());
      ended.add(operation);
      endLatch.countDown();
    }

    /** "start kind" / "end kind", in the order told. */
    public List<String> calls() {
      return new ArrayList<>(calls);
    }

    /** The operations ended so far, in order. */
    public List<ChatOperation> ended() {
      return new ArrayList<>(ended);
    }

    boolean awaitEnd(long time, TimeUnit unit) throws InterruptedException {
      return endLatch.await(time, unit);
    }

    void clear() {
      calls.clear();
      ended.clear();
      endLatch = new CountDownLatch(1);
      requestsAtStart = null;
      requestsSeenAtStart = -1;
    }
  }
}
