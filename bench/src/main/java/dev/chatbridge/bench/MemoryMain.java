package dev.chatbridge.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Target 5: one streamed Onyx reply of {@code --mb} (default 100) MiB of text completes in a small heap. Run it in its own
 * JVM with {@code -Xmx64m}:
 *
 * <pre>java -Xmx64m -cp bench/target/benchmarks.jar dev.chatbridge.bench.MemoryMain [--mb 100] [--delta-chars 1000]</pre>
 *
 * <p>The in-process server generates the NDJSON body on the fly in 64 KiB chunks, so neither side ever holds the
 * body. Reported: peak used heap sampled every 5 ms (includes garbage not yet collected), and the heap left after
 * each GC (the live set), per quarter of the stream: a flat live set means memory does not grow with the reply.
 * The SDK's {@code ReplyAccumulator} keeps at most 4M characters of text for {@code reply()}; every character
 * still arrives in the deltas. Exit status 1 when the stream fails or the text is incomplete.
 */
public final class MemoryMain {
  private MemoryMain() {}

  public static void main(String[] args) throws Exception {
    long mb = ConcurrencyMain.intArg(args, "--mb", 100);
    int deltaChars = ConcurrencyMain.intArg(args, "--delta-chars", 1000);
    System.exit(run(mb * 1024 * 1024, deltaChars) ? 0 : 1);
  }

  static boolean run(long targetBytes, int deltaChars) throws Exception {
    String content = "x".repeat(deltaChars - 1) + " ";
    byte[] line = Bodies.onyxPacket("{\"type\": \"message_delta\", \"content\": \"" + content + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    int perChunk = Math.max(1, 64 * 1024 / line.length);
    byte[] chunk = new byte[perChunk * line.length];
    for (int i = 0; i < perChunk; i++) System.arraycopy(line, 0, chunk, i * line.length, line.length);
    long chunks = (targetBytes / deltaChars + perChunk - 1) / perChunk; // at least targetBytes of reply text
    long deltas = chunks * perChunk;
    long bodyBytes = chunks * chunk.length + OnyxScenario.head().length + OnyxScenario.stop().length;

    AtomicLong received = new AtomicLong(); // characters of text delivered so far
    AtomicLongArray afterGcMaxPerQuarter = new AtomicLongArray(4);
    AtomicLong gcs = new AtomicLong();
    long totalChars = deltas * deltaChars;
    listenToGcs(received, totalChars, afterGcMaxPerQuarter, gcs);

    LoopbackServer server = new LoopbackServer().route("POST", "/api/chat/send-chat-message", (req, res) -> {
      LoopbackServer.Stream s = res.stream("text/event-stream; charset=utf-8");
      try {
        s.write(OnyxScenario.head());
        for (long c = 0; c < chunks; c++) s.write(chunk);
        s.write(OnyxScenario.stop());
        s.close();
      } finally {
        s.abandon();
      }
    }).start();

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long liveBefore = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peakUsed = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();

    long start = System.nanoTime();
    long events = 0;
    long chars = 0;
    ChatReply reply = null;
    Throwable failure = null;
    try (ChatClient client = Clients.onyx(server.url("/api"));
        ChatStream stream = client.session("9b2f0c4e-8a1d-4c3e-b6f7-2d5e8a9c0f11").stream("Write a long story")) {
      for (ChatEvent e : stream) {
        events++;
        if (e instanceof ChatEvent.TextDelta) {
          chars += ((ChatEvent.TextDelta) e).text().length();
          received.lazySet(chars);
        }
      }
      reply = stream.reply();
    } catch (RuntimeException | OutOfMemoryError e) {
      failure = e;
    } finally {
      server.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    MemoryUsage heap = memory.getHeapMemoryUsage();

    System.out.printf(Locale.ROOT, "memory: implementation      %s%n", Clients.onyxImplementation());
    System.out.printf(Locale.ROOT, "memory: max heap            %.1f MB (-Xmx), GC %s%n", heap.getMax() / 1048576.0, gcNames());
    System.out.printf(Locale.ROOT, "memory: body                %.1f MB NDJSON, %d deltas of %d chars%n",
        bodyBytes / 1048576.0, deltas, deltaChars);
    System.out.printf(Locale.ROOT, "memory: delivered           %d events, %d text chars (expected %d) in %.2f s = %.1f MB/s%n",
        events, chars, totalChars, seconds, bodyBytes / 1048576.0 / seconds);
    if (reply != null) {
      System.out.printf(Locale.ROOT, "memory: reply() text        %d chars kept (ReplyAccumulator cap %d)%n",
          reply.text().length(), dev.chatbridge.spi.ReplyAccumulator.DEFAULT_MAX_CHARS);
    }
    System.out.printf(Locale.ROOT, "memory: peak used heap      %.1f MB (sampled every 5 ms, includes uncollected garbage)%n",
        peakUsed.get() / 1048576.0);
    long[] q = new long[4];
    for (int i = 0; i < 4; i++) q[i] = afterGcMaxPerQuarter.get(i);
    System.out.printf(Locale.ROOT, "memory: live heap before    %.1f MB (after System.gc(), server and client classes loaded)%n",
        liveBefore / 1048576.0);
    System.out.printf(Locale.ROOT, "memory: live heap after GC  max per quarter of the stream: %s MB over %d GCs%n",
        Arrays.toString(Arrays.stream(q).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v / 1048576.0)).toArray()),
        gcs.get());
    if (failure != null) {
      System.out.println("memory: failure             " + failure);
    }
    boolean pass = failure == null && chars == totalChars && reply != null;
    System.out.println("memory: " + (pass ? "PASS" : "FAIL"));
    return pass;
  }

  private static String gcNames() {
    StringBuilder sb = new StringBuilder();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (sb.length() > 0) sb.append(" + ");
      sb.append(gc.getName());
    }
    return sb.toString();
  }

  /** Records, per quarter of the stream's progress, the largest heap left after any GC. */
  private static void listenToGcs(AtomicLong received, long total, AtomicLongArray maxPerQuarter, AtomicLong gcs) {
    java.util.Set<String> heapPools = new java.util.HashSet<>();
    for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == java.lang.management.MemoryType.HEAP) heapPools.add(p.getName());
    }
    List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
    for (GarbageCollectorMXBean gc : beans) {
      if (!(gc instanceof NotificationEmitter)) continue;
      ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (java.util.Map.Entry<String, MemoryUsage> u : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (heapPools.contains(u.getKey())) used += u.getValue().getUsed(); // heap only, not metaspace/code
        }
        long done = received.get();
        if (done == 0) return; // before the stream started: JVM and server start-up
        int quarter = (int) Math.min(3, done * 4 / Math.max(1, total));
        maxPerQuarter.accumulateAndGet(quarter, used, Math::max);
        gcs.incrementAndGet();
      }, null, null);
    }
  }
}
