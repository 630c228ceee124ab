package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.Transport;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** A closed client leaves nothing that keeps the JVM alive, and never closes what the user owns. */
class ThreadHygieneTest {

  private static List<Thread> nonDaemonLibraryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .filter(t -> t.getName().contains("chatbridge") || t.getName().contains("OkHttp"))
        .collect(Collectors.toList());
  }

  @Test
  void noNonDaemonThreadSurvivesClose() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 4; i++) server.enqueue(new MockResponse().setBody("{\"id\":\"s\",\"text\":\"t\"}"));
      ChatConfig config = ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
          .option("model", "m").build();
      ChatClient client = ChatClients.create(config);
      ChatSession s = client.createSession();
      s.send("sync");
      assertThat(s.sendAsync("async").get(10, TimeUnit.SECONDS).text()).isEqualTo("t");
      assertThat(nonDaemonLibraryThreads()).as("even while open, library threads are daemons").isEmpty();
      Transport transport = client.unwrap(Transport.class);
      client.close();
      assertThat(transport.okHttpClient().dispatcher().executorService().isShutdown()).isTrue();
      assertThat(transport.okHttpClient().connectionPool().connectionCount()).isZero();
      assertThat(nonDaemonLibraryThreads()).isEmpty();
      int requests = server.getRequestCount();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.send("after close"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      org.assertj.core.api.Assertions.assertThatThrownBy(client::createSession)
          .isInstanceOf(IllegalStateException.class);
      assertThat(server.getRequestCount()).as("a closed client sends nothing").isEqualTo(requests);
      client.close(); // idempotent
    }
  }

  @Test
  void userSuppliedOkHttpClientIsNotShutDown() throws IOException {
    OkHttpClient mine = new OkHttpClient();
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("{\"id\":\"s\"}"));
      server.enqueue(new MockResponse().setBody("still usable"));
      ChatConfig config = ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
          .option("model", "m").okHttpClient(mine).build();
      try (ChatClient client = ChatClients.create(config)) {
        client.createSession();
      }
      assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
      try (Response r = mine.newCall(new Request.Builder().url(server.url("/after")).build()).execute()) {
        assertThat(r.body().string()).isEqualTo("still usable");
      }
    } finally {
      mine.dispatcher().executorService().shutdown();
      mine.connectionPool().evictAll();
    }
  }

  @Test
  void userSuppliedClientKeepsItsOwnEventListenerAndInterceptors() throws IOException {
    java.util.concurrent.atomic.AtomicInteger callStarts = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger intercepted = new java.util.concurrent.atomic.AtomicInteger();
    OkHttpClient mine = new OkHttpClient.Builder()
        .eventListener(new okhttp3.EventListener() {
          @Override
          public void callStart(okhttp3.Call call) {
            callStarts.incrementAndGet();
          }
        })
        .addInterceptor(chain -> {
          intercepted.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .build();
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("{\"id\":\"s\"}"));
      ChatConfig config = ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
          .option("model", "m").okHttpClient(mine).build();
      try (ChatClient client = ChatClients.create(config)) {
        client.createSession();
      }
      assertThat(callStarts.get()).isEqualTo(1);
      assertThat(intercepted.get()).isEqualTo(1);
    } finally {
      mine.connectionPool().evictAll();
    }
  }

  @Test
  void transportCloseIsIdempotent() {
    Transport t = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl("https://x.invalid")
        .build()).build();
    t.close();
    t.close();
    assertThat(t.okHttpClient().dispatcher().executorService().isShutdown()).isTrue();
  }

  @Test
  void concurrentCallsAreNotThrottledToFivePerHost() {
    Transport t = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl("https://x.invalid")
        .build()).build();
    assertThat(t.okHttpClient().dispatcher().getMaxRequestsPerHost()).isGreaterThanOrEqualTo(64);
    t.close();
    assertThat(ApiRequest.get(okhttp3.HttpUrl.get("https://x.invalid/")).idempotent()).isTrue();
  }
}
