package dev.chatbridge.bench;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatSession;
import dev.chatbridge.MessageRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code --streams} (default 10,000) concurrent Onyx streams on one {@link ChatClient}, each read through
 * {@code ChatSession.publisher} on the client's default stream executor (a virtual thread per stream on Java 21+,
 * the client's daemon pool before) by a subscriber that requests one event and then pauses.
 *
 * <p>The loopback server runs in a child JVM (its thread per connection would otherwise be counted as the client's)
 * and holds every stream after its first delta until this main releases them. With every stream open and paused by
 * demand, the main records the platform threads (ThreadMXBean: peak and live, virtual threads are not counted) and
 * the heap retained per open stream (used heap after GC, minus the same before the first stream, divided by the
 * streams); then it requests the rest, releases the server, and checks each reply. Time to first event is from
 * {@code subscribe} to the first {@code onNext}.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.chatbridge.bench.ReactiveMain [--streams 10000] [--deltas 20]
 * [--hold-seconds 300] [--warmup 200] [--platform-pool]}; {@code --platform-pool} reads on a cached pool of platform
 * threads instead of the default executor, for comparison. Exit status 1 on any failure.
 */
public final class ReactiveMain {
  private static final String SESSION_PREFIX = "9b2f0c4e-8a1d-4c3e-b6f7-";

  private ReactiveMain() {}

  public static void main(String[] args) throws Exception {
    int deltas = ConcurrencyMain.intArg(args, "--deltas", 20);
    int holdSeconds = ConcurrencyMain.intArg(args, "--hold-seconds", 300);
    if (Arrays.asList(args).contains("--serve")) {
      serve(deltas, holdSeconds);
      return;
    }
    int streams = ConcurrencyMain.intArg(args, "--streams", 10_000);
    int warmup = ConcurrencyMain.intArg(args, "--warmup", 200);
    boolean platformPool = Arrays.asList(args).contains("--platform-pool");
    Process server = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xss256k", "-cp", System.getProperty("java.class.path"), ReactiveMain.class.getName(), "--serve",
        "--deltas", Integer.toString(deltas), "--hold-seconds", Integer.toString(holdSeconds))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String base = out.readLine(); // the child's first line: its base URL
      if (base == null) throw new IllegalStateException("the server process did not start");
      boolean pass = true;
      if (warmup > 0) {
        System.out.println("reactive: warm-up round of " + warmup + " streams (class loading, JIT), not the result:");
        pass = run(base, warmup, deltas, holdSeconds, platformPool);
      }
      pass = pass && run(base, streams, deltas, holdSeconds, platformPool);
      System.exit(pass ? 0 : 1);
    } finally {
      server.destroy();
    }
  }

  /** The child JVM: Onyx routes whose streams wait after their first delta until {@code POST /bench/release}. */
  private static void serve(int deltas, int holdSeconds) throws IOException {
    AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));
    LoopbackServer server = new LoopbackServer()
        .route("POST", "/bench/release", (req, res) -> {
          release.getAndSet(new CountDownLatch(1)).countDown(); // releases this round, arms the next
          res.send(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        });
    OnyxScenario.routes(server, deltas, () -> {
      try {
        release.get().await(holdSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).start();
    System.out.println(server.url(""));
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the parent goes away
    }
  }

  static boolean run(String base, int streams, int deltas, int holdSeconds, boolean platformPool) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    String expected = Bodies.text(deltas);
    Paused[] subs = new Paused[streams];
    CountDownLatch firstEvents = new CountDownLatch(streams);
    CountDownLatch ended = new CountDownLatch(streams);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    // Opening thousands of streams at once queues them on the server: the bounds are the hold, not the defaults.
    Duration bound = Duration.ofSeconds(holdSeconds);
    try (ChatClient client = ChatClients.create(Clients.config("onyx", base + "/api").connectTimeout(bound)
        .callTimeout(bound).streamIdleTimeout(bound).build())) {
      long heapBefore = usedHeapAfterGc(memory);
      int threadsBefore = threads.getThreadCount();
      threads.resetPeakThreadCount();
      long start = System.nanoTime();
      ExecutorService pool = platformPool ? Executors.newCachedThreadPool() : null;
      for (int i = 0; i < streams; i++) {
        subs[i] = new Paused(expected, firstEvents, ended, ok, failed, firstFailure);
        ChatSession session = client.session(SESSION_PREFIX + String.format(Locale.ROOT, "%012d", i));
        MessageRequest request = MessageRequest.of("Where is my order?");
        (pool == null ? session.publisher(request) : session.publisher(request, pool)).subscribe(subs[i]);
      }
      boolean allOpen = firstEvents.await(holdSeconds, TimeUnit.SECONDS);
      double openSeconds = (System.nanoTime() - start) / 1e9;
      int open = 0;
      for (Paused s : subs) if (s.firstEventNanos > 0 && !s.done) open++;
      int threadsOpen = threads.getThreadCount();
      Map<String, Integer> census = ConcurrencyMain.threadCensus();
      long heapOpen = usedHeapAfterGc(memory);
      int peakOpen = threads.getPeakThreadCount();

      for (Paused s : subs) s.resume();
      post(base + "/bench/release");
      boolean allEnded = ended.await(holdSeconds, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;

      long[] firsts = new long[streams];
      int measured = 0;
      for (Paused s : subs) if (s.firstEventNanos > 0) firsts[measured++] = s.firstEventNanos;
      Arrays.sort(firsts, 0, measured);
      String executor = subs[0].thread == null ? "?" : subs[0].thread;
      System.out.printf(Locale.ROOT, "reactive: java               %s (%s)%n", Runtime.version(),
          System.getProperty("java.vm.name"));
      System.out.printf(Locale.ROOT, "reactive: streams            %d on one ChatClient, %d deltas each, "
          + "publisher on %s (first stream's thread: %s)%n", streams, deltas,
          pool == null ? "the default executor" : "a cached platform-thread pool", executor);
      System.out.printf(Locale.ROOT, "reactive: completed          %d ok, %d failed, %d unaccounted%n", ok.get(),
          failed.get(), streams - ok.get() - failed.get());
      System.out.printf(Locale.ROOT, "reactive: all open at once   %s in %.2f s (each paused by demand after its "
          + "first event)%n", allOpen, openSeconds);
      System.out.printf(Locale.ROOT, "reactive: platform threads   before %d, all open %d, peak %d (client JVM; the "
          + "server is another process)%n", threadsBefore, threadsOpen, peakOpen);
      System.out.printf(Locale.ROOT, "reactive: threads when open  %s%n", census);
      System.out.printf(Locale.ROOT, "reactive: heap retained      %.1f KB per open stream (%.1f MB used after GC "
          + "with %d open, %.1f MB before)%n", (heapOpen - heapBefore) / 1024.0 / Math.max(1, open),
          heapOpen / 1048576.0, open, heapBefore / 1048576.0);
      if (measured > 0) {
        System.out.printf(Locale.ROOT, "reactive: first event        p50 %.2f ms, p99 %.2f ms, max %.2f ms "
            + "(subscribe to first onNext, %d streams)%n", percentile(firsts, measured, 0.50) / 1e6,
            percentile(firsts, measured, 0.99) / 1e6, firsts[measured - 1] / 1e6, measured);
      }
      System.out.printf(Locale.ROOT, "reactive: wall time          %.2f s%n", seconds);
      if (pool != null) pool.shutdown();
      if (firstFailure.get() != null) System.out.println("reactive: first failure      " + firstFailure.get());
      boolean pass = allOpen && allEnded && ok.get() == streams && failed.get() == 0;
      System.out.println("reactive: " + (pass ? "PASS" : "FAIL"));
      return pass;
    }
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long percentile(long[] sorted, int n, double p) {
    return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
  }

  private static void post(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    try (OutputStream o = c.getOutputStream()) {
      o.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    if (c.getResponseCode() != 200) throw new IOException("release: HTTP " + c.getResponseCode());
    c.getInputStream().close();
  }

  /** Requests one event, then nothing until {@link #resume}; checks the reply text at the end. */
  private static final class Paused implements Flow.Subscriber<ChatEvent> {
    private final String expected;
    private final CountDownLatch firstEvents;
    private final CountDownLatch ended;
    private final AtomicInteger ok;
    private final AtomicInteger failed;
    private final AtomicReference<Throwable> firstFailure;
    private final StringBuilder text = new StringBuilder();
    private volatile Flow.Subscription subscription;
    private long subscribedAt;
    volatile long firstEventNanos;
    volatile String thread;

    Paused(String expected, CountDownLatch firstEvents, CountDownLatch ended, AtomicInteger ok, AtomicInteger failed,
        AtomicReference<Throwable> firstFailure) {
      this.expected = expected;
      this.firstEvents = firstEvents;
      this.ended = ended;
      this.ok = ok;
      this.failed = failed;
      this.firstFailure = firstFailure;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      subscribedAt = System.nanoTime();
      s.request(1);
    }

    void resume() {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ChatEvent event) {
      if (firstEventNanos == 0) {
        firstEventNanos = System.nanoTime() - subscribedAt;
        thread = Thread.currentThread().getName();
        firstEvents.countDown();
      }
      if (event instanceof ChatEvent.TextDelta d) text.append(d.text());
      if (event instanceof ChatEvent.Completed c && !(c.reply().text().equals(expected)
          && text.toString().equals(expected))) {
        fail(new IllegalStateException("wrong text: " + text.length() + " chars, reply " + c.reply().text().length()));
      }
    }

    private volatile boolean done;

    private void fail(Throwable t) {
      done = true;
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, t);
      if (firstEventNanos == 0) firstEvents.countDown();
      ended.countDown();
    }

    @Override
    public void onError(Throwable t) {
      if (!done) fail(t);
    }

    @Override
    public void onComplete() {
      if (done) return;
      done = true;
      ok.incrementAndGet();
      ended.countDown();
    }
  }
}
