package dev.chatbridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain {@link Flow.Subscriber} that records every signal, requests {@code initial} in {@code onSubscribe} and
 * then only what the test asks for, and notices the Reactive Streams violations a publisher could commit towards
 * it: overlapping signals (1.3), a signal before {@code onSubscribe} or after a terminal one (1.7, 1.9), a null item
 * (2.13), more items than requested (1.1).
 */
class TestSubscriber implements Flow.Subscriber<ChatEvent> {
  final List<ChatEvent> events = new ArrayList<>(); // guarded by this
  final List<Thread> threads = new ArrayList<>(); // guarded by this: the thread of each onNext
  final List<String> violations = new ArrayList<>(); // guarded by this
  private final long initial;
  private final AtomicInteger inSignal = new AtomicInteger();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile Flow.Subscription subscription;
  private long requested; // guarded by this
  private int terminals; // guarded by this
  private volatile boolean completed;
  private volatile Throwable error;

  TestSubscriber(long initial) {
    this.initial = initial;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    enter("onSubscribe");
    try {
      synchronized (this) {
        if (subscription != null) violations.add("onSubscribe twice");
        if (s == null) violations.add("null subscription");
      }
      subscription = s;
      if (initial > 0) request(initial);
    } finally {
      leave();
    }
  }

  @Override
  public void onNext(ChatEvent item) {
    enter("onNext");
    try {
      synchronized (this) {
        if (item == null) violations.add("null item");
        if (subscription == null) violations.add("onNext before onSubscribe");
        if (terminals > 0) violations.add("onNext after a terminal signal");
        if (requested != Long.MAX_VALUE && requested-- <= 0) violations.add("onNext without demand");
        events.add(item);
        threads.add(Thread.currentThread());
        notifyAll();
      }
      onItem(item);
    } finally {
      leave();
    }
  }

  /** Called after each recorded item, on the signalling thread; for tests that act inside onNext. */
  void onItem(ChatEvent item) {}

  @Override
  public void onError(Throwable t) {
    enter("onError");
    try {
      terminal(t == null ? "null error" : null);
      error = t;
    } finally {
      leave();
      terminated.countDown();
    }
  }

  @Override
  public void onComplete() {
    enter("onComplete");
    try {
      terminal(null);
      completed = true;
    } finally {
      leave();
      terminated.countDown();
    }
  }

  private synchronized void terminal(String violation) {
    if (violation != null) violations.add(violation);
    if (subscription == null) violations.add("terminal signal before onSubscribe");
    if (++terminals > 1) violations.add("a second terminal signal");
    notifyAll();
  }

  private void enter(String signal) {
    if (inSignal.incrementAndGet() > 1) {
      synchronized (this) {
        violations.add(signal + " overlapped another signal");
      }
    }
  }

  private void leave() {
    inSignal.decrementAndGet();
  }

  void request(long n) {
    synchronized (this) {
      requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
    }
    subscription.request(n);
  }

  void cancel() {
    subscription.cancel();
  }

  Flow.Subscription subscription() {
    return subscription;
  }

  /** Waits for {@code n} items; fails after 10 s. */
  synchronized List<ChatEvent> awaitEvents(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.size() < n && terminals == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("only " + events.size() + " of " + n + " events arrived: " + events);
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (events.size() < n) {
      throw new AssertionError("ended after " + events.size() + " of " + n + " events: " + error);
    }
    return List.copyOf(events);
  }

  /** Waits for onComplete or onError; fails after 10 s. */
  TestSubscriber awaitTerminal() throws InterruptedException {
    if (!terminated.await(10, TimeUnit.SECONDS)) throw new AssertionError("no terminal signal; events " + events());
    return this;
  }

  synchronized List<ChatEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<Thread> threads() {
    return List.copyOf(threads);
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized int terminals() {
    return terminals;
  }

  boolean completed() {
    return completed;
  }

  Throwable error() {
    return error;
  }
}
