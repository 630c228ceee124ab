package dev.chatbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Target 3's latency: time from {@code session.stream(..)} to the first {@link ChatEvent.TextDelta} while the
 * server withholds the rest of the body (it sends the id line, message_start and one delta, then waits until the
 * client has taken its measurement), vs a hand-written OkHttp + Jackson reader of the same stream. Each sample then
 * releases the server and drains the stream, so connections are reused as in real use. The functional guarantee is
 * asserted by {@code FirstEventTest}; this only measures.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.chatbridge.bench.FirstEventMain [--samples 2000]}
 */
public final class FirstEventMain {
  private FirstEventMain() {}

  public static void main(String[] args) throws Exception {
    int samples = ConcurrencyMain.intArg(args, "--samples", 2000);
    Semaphore release = new Semaphore(0);
    LoopbackServer server = OnyxScenario.routes(new LoopbackServer(), 5, () -> {
      try {
        release.tryAcquire(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).start();
    OkHttpClient okHttp = new OkHttpClient();
    ObjectMapper mapper = new ObjectMapper();
    try (ChatClient client = Clients.onyx(server.url("/api"))) {
      long[] sdk = new long[samples];
      long[] raw = new long[samples];
      for (int round = 0; round < 2; round++) { // round 0 warms up
        for (int i = 0; i < samples; i++) {
          sdk[i] = sdkSample(client, release);
          raw[i] = rawSample(okHttp, mapper, server.url("/api/chat/send-chat-message"), release);
        }
      }
      System.out.printf(Locale.ROOT, "first event: implementation %s%n", Clients.onyxImplementation());
      System.out.println("first event: " + summary("chatbridge ChatStream  ", sdk));
      System.out.println("first event: " + summary("okhttp+jackson baseline", raw));
      System.out.printf(Locale.ROOT, "first event: median ratio %.3f%n", pct(sdk, 50) / pct(raw, 50));
    } finally {
      okHttp.dispatcher().executorService().shutdown();
      okHttp.connectionPool().evictAll();
      server.close();
    }
  }

  static long sdkSample(ChatClient client, Semaphore release) {
    long t0 = System.nanoTime();
    long t1;
    try (ChatStream stream = client.session("9b2f0c4e-8a1d-4c3e-b6f7-2d5e8a9c0f11").stream("Hello")) {
      Iterator<ChatEvent> it = stream.iterator();
      while (!(it.next() instanceof ChatEvent.TextDelta)) {
        // MessageStarted first
      }
      t1 = System.nanoTime();
      release.release();
      while (it.hasNext()) it.next();
    }
    return t1 - t0;
  }

  static long rawSample(OkHttpClient okHttp, ObjectMapper mapper, String url, Semaphore release) throws IOException {
    long t0 = System.nanoTime();
    long t1 = 0;
    Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + Clients.ONYX_KEY)
        .post(RequestBody.create("{\"chat_session_id\":\"9b2f0c4e-8a1d-4c3e-b6f7-2d5e8a9c0f11\",\"message\":\"Hello\","
            + "\"stream\":true}".getBytes(StandardCharsets.UTF_8), MediaType.get("application/json"))).build();
    try (Response response = okHttp.newCall(request).execute()) {
      BufferedSource source = response.body().source();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        JsonNode n = mapper.readTree(line);
        if (t1 == 0 && "message_delta".equals(n.path("obj").path("type").asText())) {
          t1 = System.nanoTime();
          release.release();
        }
      }
    }
    return t1 - t0;
  }

  static double pct(long[] v, int p) {
    long[] c = v.clone();
    Arrays.sort(c);
    return c[Math.min(c.length - 1, c.length * p / 100)] / 1000.0;
  }

  static String summary(String name, long[] v) {
    return String.format(Locale.ROOT, "%s p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs (%d samples)", name,
        pct(v, 50), pct(v, 90), pct(v, 99), Arrays.stream(v).max().orElse(0) / 1000.0, v.length);
  }
}
