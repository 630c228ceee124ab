package dev.chatbridge;

import static dev.chatbridge.ScriptedBackend.end;
import static dev.chatbridge.ScriptedBackend.event;
import static dev.chatbridge.ScriptedBackend.fail;
import static dev.chatbridge.ScriptedBackend.failWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;

/**
 * {@link ChatSession#publisher}: demand-driven reads, cancel, typed errors and the Reactive Streams rules, on a
 * scripted stream (the network-level behaviour is tested in the vendor modules and the conformance suite).
 */
class ChatPublisherTest {
  private final AtomicInteger threadNumber = new AtomicInteger();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-stream-" + threadNumber.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private final ScriptedBackend backend = new ScriptedBackend();
  private final ChatClient client = backend.client();
  private final ChatSession session = client.session("s1");

  @AfterEach
  void stopExecutor() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("every stream task ended").isTrue();
    client.close();
  }

  private Flow.Publisher<ChatEvent> publisher(String text) {
    return session.publisher(MessageRequest.of(text), executor);
  }

  /** Waits until the stream task has no more work and parks (for demand, or for the server). */
  private static void awaitParked(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) throw new AssertionError(t + " never parked: " + t.getState());
      Thread.sleep(1);
    }
  }

  /** Lets the stream task finish, so its close of the stream has happened. */
  private void awaitTasks() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("the stream task ended").isTrue();
  }

  @Test
  void eventsAreReadOneAtATimeAsTheSubscriberRequestsThem() throws Exception {
    backend.whole();
    TestSubscriber sub = new TestSubscriber(0);
    publisher("hi").subscribe(sub);
    ScriptedBackend.Source source = backend.awaitSource();
    assertThat(backend.sent).as("cold: subscribing sent the message").hasSize(1);
    for (int n = 1; n <= 4; n++) {
      sub.request(1);
      sub.awaitEvents(n);
      if (n < 4) {
        awaitParked(sub.threads().get(0));
        assertThat(source.reads.get()).as("after %d requested events, with no demand left", n).isEqualTo(n);
      }
    }
    sub.awaitTerminal();
    assertThat(sub.completed()).isTrue();
    assertThat(sub.events()).containsExactly(new ChatEvent.MessageStarted("m1"), new ChatEvent.TextDelta("Hello"),
        new ChatEvent.TextDelta(" world"), new ChatEvent.Completed(ScriptedBackend.REPLY));
    awaitTasks();
    assertThat(source.reads.get()).as("nothing is read after Completed: onComplete needs no demand").isEqualTo(4);
    assertThat(source.closes.get()).as("the stream was released").isPositive();
    assertThat(source.cancels.get()).as("a whole reply is never cancelled").isZero();
    assertThat(sub.violations()).isEmpty();
  }

  @Test
  void nothingIsReadBeforeTheFirstRequest() throws Exception {
    backend.whole();
    TestSubscriber sub = new TestSubscriber(0);
    AtomicReference<Thread> task = new AtomicReference<>();
    CountDownLatch opened = new CountDownLatch(1);
    ChatSession s = backend.client().session("s1");
    s.publisher(MessageRequest.of("hi"), r -> executor.execute(() -> {
      task.set(Thread.currentThread());
      opened.countDown();
      r.run();
    })).subscribe(sub);
    assertThat(opened.await(10, TimeUnit.SECONDS)).isTrue();
    ScriptedBackend.Source source = backend.awaitSource();
    awaitParked(task.get());
    assertThat(source.reads.get()).as("the message is sent, but no event is read without demand").isZero();
    sub.request(Long.MAX_VALUE);
    sub.awaitTerminal();
    assertThat(sub.events()).hasSize(4);
    assertThat(sub.completed()).isTrue();
  }

  @Test
  void cancelStopsTheStreamAndEndsWithoutATerminalSignal() throws Exception {
    backend.script(event(new ChatEvent.MessageStarted("m1")), event(new ChatEvent.TextDelta("Hel")));
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    publisher("hi").subscribe(sub);
    sub.awaitEvents(2);
    ScriptedBackend.Source source = backend.awaitSource();
    awaitParked(sub.threads().get(0)); // blocked reading the third event, as on a socket with nothing to read
    sub.cancel();
    awaitTasks();
    assertThat(source.cancels.get()).as("cancel stops the stream (the vendor's stop, where it has one)").isOne();
    assertThat(source.closes.get()).as("and releases it").isPositive();
    assertThat(sub.terminals()).as("no signal follows a cancel").isZero();
    assertThat(sub.events()).hasSize(2);
    sub.cancel(); // idempotent
    sub.request(1); // a no-op after cancel
    assertThat(source.cancels.get()).isOne();
    assertThat(sub.violations()).isEmpty();
  }

  @Test
  void cancelWhileTheMessageIsBeingSentStopsTheStreamOnceItOpens() throws Exception {
    backend.whole();
    backend.holdSend = new CountDownLatch(1);
    TestSubscriber sub = new TestSubscriber(1);
    publisher("hi").subscribe(sub);
    assertThat(backend.sending.await(10, TimeUnit.SECONDS)).isTrue();
    sub.cancel();
    backend.holdSend.countDown();
    awaitTasks();
    ScriptedBackend.Source source = backend.awaitSource();
    assertThat(source.cancels.get()).as("the stream that opened after the cancel is stopped").isOne();
    assertThat(source.reads.get()).isZero();
    assertThat(sub.events()).isEmpty();
    assertThat(sub.terminals()).isZero();
  }

  @Test
  void cancelFromOnSubscribeSendsNothing() throws Exception {
    backend.whole();
    publisher("hi").subscribe(new TestSubscriber(0) {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        super.onSubscribe(s);
        s.cancel();
      }
    });
    awaitTasks();
    assertThat(backend.sent).isEmpty();
  }

  @Test
  void aBrokenConnectionIsOnErrorStreamException() throws Exception {
    backend.script(event(new ChatEvent.TextDelta("Hel")), fail(new IOException("connection reset")));
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    publisher("hi").subscribe(sub);
    sub.awaitTerminal();
    assertThat(sub.events()).containsExactly(new ChatEvent.TextDelta("Hel"));
    assertThat(sub.error()).isInstanceOf(StreamException.class).hasMessageContaining("connection reset");
    assertThat(sub.completed()).isFalse();
    awaitTasks();
    assertThat(backend.sources.get(0).closes.get()).as("the stream was released").isPositive();
    assertThat(sub.violations()).isEmpty();
  }

  @Test
  void silenceIsOnErrorChatTimeoutException() throws Exception {
    backend.script(event(new ChatEvent.TextDelta("Hel")), fail(new SocketTimeoutException("timeout")));
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    publisher("hi").subscribe(sub);
    assertThat(sub.awaitTerminal().error()).isInstanceOf(ChatTimeoutException.class);
  }

  @Test
  void anErrorTheVendorReportsIsPassedOnAsItIs() throws Exception {
    StreamException vendorError = new StreamException("test reported an error in the stream", "E42", true, null);
    backend.script(event(new ChatEvent.TextDelta("Hel")), failWith(vendorError));
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    publisher("hi").subscribe(sub);
    assertThat(sub.awaitTerminal().error()).isSameAs(vendorError);
  }

  @Test
  void aTruncatedStreamIsOnErrorNeverOnComplete() throws Exception {
    backend.script(event(new ChatEvent.TextDelta("Hel")), end());
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    publisher("hi").subscribe(sub);
    sub.awaitTerminal();
    assertThat(sub.completed()).isFalse();
    assertThat(sub.error()).isInstanceOf(StreamException.class).hasMessageContaining("truncated");
  }

  @Test
  void aFailedSendIsOnErrorWithItsException() throws Exception {
    ServerException refused = new ServerException(ApiError.builder("test", 500).serverMessage("kaboom").build());
    backend.sendFailure = refused;
    TestSubscriber sub = new TestSubscriber(1);
    publisher("hi").subscribe(sub);
    assertThat(sub.awaitTerminal().error()).isSameAs(refused);
    assertThat(sub.events()).isEmpty();
  }

  @Test
  void aSecondSubscriberIsRefusedAndTheMessageIsSentOnce() throws Exception {
    backend.whole();
    Flow.Publisher<ChatEvent> p = publisher("hi");
    TestSubscriber first = new TestSubscriber(Long.MAX_VALUE);
    TestSubscriber second = new TestSubscriber(Long.MAX_VALUE);
    p.subscribe(first);
    p.subscribe(second);
    assertThat(second.awaitTerminal().error()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sends its message once");
    assertThat(second.subscription()).as("1.9: onSubscribe before onError").isNotNull();
    assertThat(first.awaitTerminal().completed()).isTrue();
    assertThat(backend.sent).hasSize(1);
    assertThat(second.violations()).isEmpty();
  }

  @Test
  void requestOfZeroOrLessIsOnErrorIllegalArgumentAndStopsTheStream() throws Exception {
    for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
      ScriptedBackend b = new ScriptedBackend().script(event(new ChatEvent.TextDelta("Hel")));
      TestSubscriber sub = new TestSubscriber(1);
      b.client().session("s1").publisher(MessageRequest.of("hi"), executor).subscribe(sub);
      sub.awaitEvents(1);
      sub.subscription().request(bad);
      assertThat(sub.awaitTerminal().error()).as("request(%d)", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3.9");
      assertThat(b.awaitSource().cancels.get()).as("the stream is stopped").isOne();
      assertThat(sub.violations()).isEmpty();
    }
  }

  @Test
  void aBadRequestEndsARead() throws Exception {
    backend.script(event(new ChatEvent.TextDelta("Hel")));
    TestSubscriber sub = new TestSubscriber(2);
    publisher("hi").subscribe(sub);
    sub.awaitEvents(1);
    awaitParked(sub.threads().get(0)); // blocked reading the second event, which never comes
    sub.subscription().request(0);
    assertThat(sub.awaitTerminal().error()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNullSubscriberIsRefusedAndNothingIsSent() {
    Flow.Publisher<ChatEvent> p = publisher("hi");
    assertThatThrownBy(() -> p.subscribe(null)).isInstanceOf(NullPointerException.class);
    assertThat(backend.sent).isEmpty();
  }

  @Test
  void signalsNeverOverlapWhileOtherThreadsRequest() throws Exception {
    int events = 2_000;
    ScriptedBackend.Step[] steps = new ScriptedBackend.Step[events + 1];
    for (int i = 0; i < events; i++) steps[i] = event(new ChatEvent.TextDelta(Integer.toString(i)));
    steps[events] = event(new ChatEvent.Completed(ScriptedBackend.REPLY));
    backend.script(steps);
    TestSubscriber sub = new TestSubscriber(1);
    publisher("hi").subscribe(sub);
    List<Thread> requesters = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread r = new Thread(() -> {
        for (int i = 0; i < events / 4; i++) sub.request(1);
      });
      requesters.add(r);
      r.start();
    }
    for (Thread r : requesters) r.join();
    sub.awaitTerminal();
    assertThat(sub.completed()).isTrue();
    List<ChatEvent> got = sub.events();
    assertThat(got).hasSize(events + 1);
    for (int i = 0; i < events; i++) assertThat(got.get(i)).isEqualTo(new ChatEvent.TextDelta(Integer.toString(i)));
    assertThat(sub.violations()).as("no overlap, no item without demand, one terminal").isEmpty();
  }

  @Test
  void demandAddsUpAndSaturatesAtLongMaxValue() throws Exception {
    backend.whole();
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    publisher("hi").subscribe(sub);
    sub.request(Long.MAX_VALUE); // 3.17: no overflow into a negative demand
    sub.awaitTerminal();
    assertThat(sub.completed()).isTrue();
    assertThat(sub.events()).hasSize(4);
  }

  @Test
  void aSubscriberThatThrowsFromOnNextHasItsStreamCancelled() throws Exception {
    backend.script(event(new ChatEvent.TextDelta("Hel")));
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE) {
      @Override
      void onItem(ChatEvent item) {
        throw new IllegalStateException("subscriber bug");
      }
    };
    publisher("hi").subscribe(sub);
    sub.awaitEvents(1);
    awaitTasks();
    assertThat(backend.sources.get(0).cancels.get()).as("2.13: the subscription is cancelled").isOne();
    assertThat(sub.terminals()).isZero();
  }

  @Test
  void theStreamRunsOnTheGivenExecutor() throws Exception {
    backend.whole();
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    publisher("hi").subscribe(sub);
    sub.awaitTerminal();
    assertThat(sub.threads()).allSatisfy(t -> assertThat(t.getName()).startsWith("test-stream-"));
  }

  @Test
  void anExecutorThatRefusesIsOnErrorAndSendsNothing() throws Exception {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    TestSubscriber sub = new TestSubscriber(1);
    session.publisher(MessageRequest.of("hi"), stopped).subscribe(sub);
    assertThat(sub.awaitTerminal().error()).isInstanceOf(ChatException.class).hasMessageContaining("refused");
    assertThat(backend.sent).isEmpty();
  }

  @Test
  void aClosedClientIsOnErrorIllegalState() throws Exception {
    Flow.Publisher<ChatEvent> p = publisher("hi");
    client.close();
    TestSubscriber sub = new TestSubscriber(1);
    p.subscribe(sub);
    assertThat(sub.awaitTerminal().error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(backend.sent).isEmpty();
  }

  @Test
  void aBlankMessageOrAParentWithoutBranchingIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> session.publisher(" ")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> session.publisher(MessageRequest.builder().text("hi").parentId("7").build()))
        .isInstanceOf(UnsupportedCapabilityException.class);
    assertThatThrownBy(() -> session.publisher(MessageRequest.of("hi"), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(backend.sent).isEmpty();
  }

  @Test
  void reactorTakeCancelsTheStreamAfterItsEvents() throws Exception {
    backend.script(event(new ChatEvent.MessageStarted("m1")), event(new ChatEvent.TextDelta("Hel")),
        event(new ChatEvent.TextDelta("lo"))); // then waits, as a server still generating
    List<ChatEvent> first = JdkFlowAdapter.flowPublisherToFlux(publisher("hi")).take(2).collectList()
        .block(Duration.ofSeconds(10));
    assertThat(first).containsExactly(new ChatEvent.MessageStarted("m1"), new ChatEvent.TextDelta("Hel"));
    awaitTasks();
    ScriptedBackend.Source source = backend.awaitSource();
    assertThat(source.cancels.get()).as("take(2) cancelled the stream").isOne();
    assertThat(source.reads.get()).as("Reactor's demand: nothing read beyond what take(2) asked for").isEqualTo(2);
  }

  @Test
  void reactorErrorIsTheTypedException() {
    backend.script(event(new ChatEvent.TextDelta("Hel")), fail(new IOException("connection reset")));
    assertThatThrownBy(() -> JdkFlowAdapter.flowPublisherToFlux(publisher("hi")).blockLast(Duration.ofSeconds(10)))
        .isInstanceOf(StreamException.class).hasMessageContaining("connection reset");
  }

  @Test
  void theDefaultExecutorOutsideAMultiReleaseJarIsTheClientsDaemonPool() throws Exception {
    backend.whole();
    TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
    session.publisher("hi").subscribe(sub);
    sub.awaitTerminal();
    assertThat(sub.completed()).isTrue();
    Thread t = sub.threads().get(0); // target/classes has no META-INF/versions: PublisherJarIT checks the jar
    assertThat(t.getName()).startsWith("chatbridge-async-test-");
    assertThat(t.isDaemon()).isTrue();
  }
}
