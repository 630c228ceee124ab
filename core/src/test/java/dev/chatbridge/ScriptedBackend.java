package dev.chatbridge;

import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.EventSource;
import java.io.IOException;
import java.net.SocketException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose streams play a script that the test feeds while the stream runs: events, failures, the end. Each
 * {@link Source} counts its reads, cancels and closes, and a read blocks (like a socket) until the script has its
 * next step, or until a cancel, which fails it as a closed socket does.
 */
final class ScriptedBackend implements ChatBackend {
  static final ChatReply REPLY = ChatReply.builder()
      .message(Message.builder().role(Role.ASSISTANT).text("Hello world").build()).build();

  /** One step of a script. */
  interface Step {
    ChatEvent run() throws IOException;
  }

  private static final Step END = () -> null;

  final List<Source> sources = new CopyOnWriteArrayList<>();
  final List<MessageRequest> sent = new CopyOnWriteArrayList<>();
  private final List<List<Step>> scripts = new CopyOnWriteArrayList<>();
  /** A failure of the send itself (no stream opens), or null. */
  volatile RuntimeException sendFailure;
  /** Counted down when a send starts. */
  final CountDownLatch sending = new CountDownLatch(1);
  /** When set, a send waits for it before its stream opens (a send still on its way to the server). */
  volatile CountDownLatch holdSend;

  /** The next stream plays {@code steps}; a stream without a script waits for {@link Source#feed}. */
  ScriptedBackend script(Step... steps) {
    scripts.add(List.of(steps));
    return this;
  }

  /** MessageStarted, "Hello", " world", Completed(REPLY), end. */
  ScriptedBackend whole() {
    return script(event(new ChatEvent.MessageStarted("m1")), event(new ChatEvent.TextDelta("Hello")),
        event(new ChatEvent.TextDelta(" world")), event(new ChatEvent.Completed(REPLY)), end());
  }

  static Step event(ChatEvent e) {
    return () -> e;
  }

  static Step fail(IOException e) {
    return () -> {
      throw e;
    };
  }

  static Step failWith(RuntimeException e) {
    return () -> {
      throw e;
    };
  }

  static Step end() {
    return END;
  }

  ChatClient client() {
    return ChatClient.of(this);
  }

  @Override
  public String vendor() {
    return "test";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.STREAMING);
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    return new SessionDetails(SessionSummary.builder().id("s1").build(), List.of());
  }

  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    sent.add(request);
    sending.countDown();
    CountDownLatch hold = holdSend;
    if (hold != null) {
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (sendFailure != null) throw sendFailure;
    Source source = new Source();
    int index = sources.size();
    if (index < scripts.size()) scripts.get(index).forEach(source::feed);
    sources.add(source);
    return ChatStream.of(vendor(), source);
  }

  /** The first stream opened, waiting up to 10 s for it. */
  Source awaitSource() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sources.isEmpty()) {
      if (System.nanoTime() > deadline) throw new AssertionError("no stream was opened");
      Thread.sleep(5);
    }
    return sources.get(0);
  }

  @Override
  public Object typedClient() {
    return this;
  }

  @Override
  public void close() {}

  /** One stream's events, as a socket would deliver them. */
  static final class Source implements EventSource {
    private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger cancels = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    private volatile boolean cancelled;

    /** Adds a step; a read blocked for it returns at once. */
    Source feed(Step step) {
      steps.add(step);
      return this;
    }

    @Override
    public ChatEvent next() throws IOException {
      reads.incrementAndGet();
      try {
        Step step = cancelled ? null : steps.take();
        if (cancelled) throw new SocketException("Socket closed");
        return step.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      cancels.incrementAndGet();
      steps.add(END); // wakes a blocked read, which then fails like a closed socket
    }

    @Override
    public ChatReply partialReply() {
      return null;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }
}
