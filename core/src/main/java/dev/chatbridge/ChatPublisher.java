package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link ChatSession#publisher(MessageRequest, Executor)}: a {@link ChatStream} read by one task on an executor,
 * one event per unit of demand. Cold and single-use: the message is sent when the (only) subscriber subscribes. All
 * signals after {@code onSubscribe} come from that task, so they are serial; it blocks while the subscriber has no
 * demand, so nothing more is read from the network until the subscriber asks. Not API: the session hands it out as
 * a {@link Flow.Publisher}.
 */
final class ChatPublisher implements Flow.Publisher<ChatEvent> {
  private static final System.Logger LOG = System.getLogger("dev.chatbridge");

  private final ChatClient client;
  private final String vendor;
  private final Supplier<ChatStream> open;
  private final Executor executor;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  /** A publisher whose task opens the stream with {@code open} (which sends the message) on {@code executor}. */
  ChatPublisher(ChatClient client, Supplier<ChatStream> open, Executor executor) {
    this.client = client;
    this.vendor = client.vendor();
    this.open = open;
    this.executor = executor;
  }

  /**
   * Subscribes the one subscriber and starts the task that sends the message. A second subscriber gets
   * {@code onSubscribe} then {@code onError(IllegalStateException)}: subscribing again would send the message again.
   */
  @Override
  public void subscribe(Flow.Subscriber<? super ChatEvent> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber"); // Reactive Streams 1.9
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(Refused.INSTANCE);
      subscriber.onError(new IllegalStateException("this " + vendor + " publisher already has its subscriber: it "
          + "sends its message once; call publisher(..) again to send another"));
      return;
    }
    new Emitter(subscriber).start();
  }

  /** The subscription handed to a refused second subscriber: nothing to request or cancel. */
  private enum Refused implements Flow.Subscription {
    INSTANCE;

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }

  /** The one subscription, and the task that reads the stream for it. */
  private final class Emitter implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super ChatEvent> subscriber;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: a parked virtual thread must unmount
    private final Condition demanded = lock.newCondition();
    private final Cancellation opening = new Cancellation();
    private long demand; // guarded by lock
    private IllegalArgumentException badRequest; // guarded by lock: Reactive Streams 3.9, signalled by the task
    private volatile boolean cancelled; // by the subscriber, or after a terminal signal
    private volatile ChatStream stream;

    Emitter(Flow.Subscriber<? super ChatEvent> subscriber) {
      this.subscriber = subscriber;
    }

    void start() {
      try {
        subscriber.onSubscribe(this);
      } catch (RuntimeException e) { // Reactive Streams 2.13: the subscription is then cancelled
        cancelled = true;
        LOG.log(System.Logger.Level.WARNING, vendor + " stream subscriber threw from onSubscribe; not sending", e);
        return;
      }
      if (cancelled) return; // cancelled from onSubscribe: nothing is sent
      // no other signal can race the two below: the task never ran
      try {
        client.backend(); // a closed client: IllegalStateException, whatever its pool would do with the task
      } catch (IllegalStateException e) {
        signalError(e);
        return;
      }
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        signalError(new ChatException(vendor + " stream could not start: its executor refused the task (" + e
            + ")", e));
      }
    }

    @Override
    public void request(long n) {
      lock.lock();
      try {
        if (cancelled) return;
        if (n <= 0) {
          if (badRequest == null) {
            badRequest = new IllegalArgumentException("Reactive Streams rule 3.9: request(n) needs n > 0, got " + n);
          }
        } else {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n; // 3.17: saturate
        }
        demanded.signalAll();
      } finally {
        lock.unlock();
      }
      if (n <= 0) stopUpstream(); // a read in progress ends now; the task then signals the error
    }

    @Override
    public void cancel() {
      if (cancelled) return;
      lock.lock();
      try {
        cancelled = true;
        demanded.signalAll();
      } finally {
        lock.unlock();
      }
      stopUpstream();
    }

    /** Cancels the send while it is being made, or the stream once it is open (Onyx: stop-chat-session too). */
    private void stopUpstream() {
      ChatStream s = stream;
      if (s != null) s.cancel();
      else opening.cancel();
    }

    @Override
    public void run() {
      ChatStream s;
      try {
        if (cancelled) return;
        s = opening.run(open);
      } catch (RuntimeException e) {
        failUnlessCancelled(e);
        return;
      }
      stream = s; // a cancel from now on stops it; one that came while the message was sent stops it below
      try (s) { // closing a stream that has not delivered Completed cancels it, as ChatStream.cancel() does
        Iterator<ChatEvent> events = s.iterator();
        while (awaitDemand()) {
          ChatEvent event;
          try {
            if (!events.hasNext()) break; // a truncated body throws instead; a cancelled one ends here
            event = events.next();
          } catch (RuntimeException e) {
            failUnlessCancelled(e);
            return;
          }
          take();
          try {
            subscriber.onNext(event);
          } catch (RuntimeException e) { // Reactive Streams 2.13: the subscription is then cancelled
            cancelled = true;
            LOG.log(System.Logger.Level.WARNING, vendor + " stream subscriber threw from onNext; stream cancelled", e);
            return;
          }
          if (event instanceof ChatEvent.Completed) {
            if (!cancelled) signalComplete(); // the reply is whole: no demand is needed to say so
            return;
          }
        }
        // a stream ends with Completed or throws, so here it was cancelled or had a bad request; never end silently
        failUnlessCancelled(new StreamException(vendor + " stream ended before the reply was complete"));
      }
    }

    /** Signals {@code e}, or the bad request that ended the stream; nothing after the subscriber's cancel. */
    private void failUnlessCancelled(RuntimeException e) {
      IllegalArgumentException bad = badRequest();
      if (bad != null) signalError(bad);
      else if (!cancelled) signalError(e);
    }

    /** Waits until the subscriber asked for an event; false when it cancelled or made a bad request. */
    private boolean awaitDemand() {
      lock.lock();
      try {
        while (demand == 0 && !cancelled && badRequest == null) demanded.awaitUninterruptibly();
        return !cancelled && badRequest == null;
      } finally {
        lock.unlock();
      }
    }

    private void take() {
      lock.lock();
      try {
        if (demand != Long.MAX_VALUE) demand--; // 3.17: Long.MAX_VALUE means unbounded
      } finally {
        lock.unlock();
      }
    }

    private IllegalArgumentException badRequest() {
      lock.lock();
      try {
        return badRequest;
      } finally {
        lock.unlock();
      }
    }

    private void signalComplete() {
      cancelled = true; // terminal: later request and cancel calls do nothing (3.6, 3.7)
      try {
        subscriber.onComplete();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, vendor + " stream subscriber threw from onComplete", e);
      }
    }

    private void signalError(Throwable t) {
      cancelled = true;
      try {
        subscriber.onError(t);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, vendor + " stream subscriber threw from onError", e);
      }
    }
  }
}
