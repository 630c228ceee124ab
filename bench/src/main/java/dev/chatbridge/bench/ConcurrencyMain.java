package dev.chatbridge.bench;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Target 4: {@code --streams} (default 1,000) concurrent Onyx streams on one {@link ChatClient}.
 *
 * <p>The server sends each stream's first delta and then holds every stream until all of them are open at once;
 * only then does it send the rest. So the run can only finish if all streams really are concurrent: a client
 * throttled to OkHttp's default 5 requests per host would leave the server waiting, and the run fails with the
 * number of streams that got through. Streams are synchronous calls on caller threads (Java 17: no virtual threads):
 * {@code --threads} platform threads (default = streams), each opening its share of streams before reading them.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.chatbridge.bench.ConcurrencyMain [--streams 1000] [--threads 1000]
 * [--deltas 20] [--warmup 50]}; the optional warm-up round (its own server and client) keeps class loading out of the
 * measured wall time. Exit status 1 on any failure.
 */
public final class ConcurrencyMain {
  private ConcurrencyMain() {}

  public static void main(String[] args) throws Exception {
    int streams = intArg(args, "--streams", 1000);
    int threads = Math.min(streams, intArg(args, "--threads", streams));
    int deltas = intArg(args, "--deltas", 20);
    int holdSeconds = intArg(args, "--hold-seconds", 120);
    int warmup = intArg(args, "--warmup", 50);
    if (warmup > 0) {
      System.out.println("concurrency: warm-up round of " + warmup + " streams (class loading, JIT), not the result:");
      if (!run(warmup, Math.min(warmup, threads), deltas, holdSeconds)) System.exit(1);
    }
    System.exit(run(streams, threads, deltas, holdSeconds) ? 0 : 1);
  }

  static boolean run(int streams, int threads, int deltas, int holdSeconds) throws Exception {
    CountDownLatch allOpen = new CountDownLatch(streams);
    AtomicReference<Map<String, Integer>> threadsAtPeak = new AtomicReference<>();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    LoopbackServer server = OnyxScenario.routes(new LoopbackServer(), deltas, () -> {
      allOpen.countDown();
      if (allOpen.getCount() == 0) threadsAtPeak.compareAndSet(null, threadCensus());
      try {
        allOpen.await(holdSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).start();
    String expected = Bodies.text(deltas);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    int threadsBefore = mx.getThreadCount();
    mx.resetPeakThreadCount();
    long start = System.nanoTime();
    try (ChatClient client = Clients.onyx(server.url("/api"))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "bench-caller");
        t.setDaemon(true);
        return t;
      });
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        futures.add(pool.submit(() -> {
          List<ChatStream> mine = new ArrayList<>();
          try {
            for (int i = worker; i < streams; i += threads) {
              mine.add(client.session("9b2f0c4e-8a1d-4c3e-b6f7-" + String.format(Locale.ROOT, "%012d", i))
                  .stream("Where is my order?"));
            }
            for (ChatStream s : mine) {
              try (s) {
                StringBuilder text = new StringBuilder();
                for (ChatEvent e : s) if (e instanceof ChatEvent.TextDelta) text.append(((ChatEvent.TextDelta) e).text());
                ChatReply reply = s.reply();
                if (!text.toString().equals(expected) || !reply.text().equals(expected)) {
                  throw new IllegalStateException("wrong text: " + text.length() + " chars, reply " + reply.text().length());
                }
                ok.incrementAndGet();
              } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, e);
              }
            }
          } catch (RuntimeException e) {
            int lost = 0;
            for (int i = worker; i < streams; i += threads) lost++;
            failed.addAndGet(lost); // opening failed: count all of this worker's streams
            firstFailure.compareAndSet(null, e);
            mine.forEach(ChatStream::close);
          }
        }));
      }
      for (Future<?> f : futures) f.get();
      pool.shutdown();
    } finally {
      server.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean barrierReached = allOpen.getCount() == 0;
    int lost = streams - ok.get() - failed.get();
    System.out.printf(Locale.ROOT, "concurrency: implementation   %s%n", Clients.onyxImplementation());
    System.out.printf(Locale.ROOT, "concurrency: streams          %d on one ChatClient, %d caller threads, %d deltas each%n",
        streams, threads, deltas);
    System.out.printf(Locale.ROOT, "concurrency: completed        %d ok, %d failed, %d unaccounted%n", ok.get(), failed.get(), lost);
    System.out.printf(Locale.ROOT, "concurrency: all open at once %s (server peak open streams %d, connections %d)%n",
        barrierReached, server.peakOpenStreams(), server.connections());
    System.out.printf(Locale.ROOT, "concurrency: wall time        %.2f s%n", seconds);
    System.out.printf(Locale.ROOT, "concurrency: threads          before %d, JVM peak %d (client + in-process server)%n",
        threadsBefore, mx.getPeakThreadCount());
    System.out.printf(Locale.ROOT, "concurrency: threads at peak  %s%n", threadsAtPeak.get());
    if (firstFailure.get() != null) {
      System.out.println("concurrency: first failure    " + firstFailure.get());
    }
    boolean pass = ok.get() == streams && failed.get() == 0 && barrierReached;
    System.out.println("concurrency: " + (pass ? "PASS" : "FAIL"));
    return pass;
  }

  /** Live threads grouped by name prefix (digits stripped). */
  static Map<String, Integer> threadCensus() {
    Map<String, Integer> out = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName().replaceAll("[-\\s]*\\d+$", "").replaceAll("\\d+", "#");
      out.merge(name, 1, Integer::sum);
    }
    return out;
  }

  static int intArg(String[] args, String name, int def) {
    for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
    return def;
  }
}
