package dev.chatbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatStream;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Target 3, functionally: the first {@link ChatEvent.TextDelta} reaches the caller while the server still withholds
 * the rest of the body. The server sends one delta and then waits for the test; if the SDK buffered the body, the
 * first delta could only arrive after the server gave up waiting, and {@code withheld} would be false. No timing is
 * asserted; the wait bound only keeps a broken SDK from hanging the build.
 */
class FirstEventTest {
  @Test
  void onyxFirstDeltaArrivesWhileTheServerWithholdsTheRest() throws Exception {
    assertThat(Clients.onyxImplementation()).isEqualTo("chatbridge-onyx provider");
    firstDeltaBeforeTheRest(hook -> OnyxScenario.routes(new LoopbackServer(), 8, hook),
        server -> Clients.onyx(server.url("/api")), PerCallBenchmark.ONYX_SESSION);
  }

  @Test
  void openWebUiFirstDeltaArrivesWhileTheServerWithholdsTheRest() throws Exception {
    firstDeltaBeforeTheRest(hook -> OpenWebUiScenario.routes(new LoopbackServer(), 8, hook),
        server -> Clients.openWebUi(server.url("")), OpenWebUiScenario.CHAT_ID);
  }

  private static void firstDeltaBeforeTheRest(Function<OnyxScenario.Hook, LoopbackServer> routes,
      Function<LoopbackServer, ChatClient> clients, String sessionId) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean withheld = new AtomicBoolean(true); // until the server is released (or gives up)
    try (LoopbackServer server = routes.apply(() -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          withheld.set(false);
        }).start();
        ChatClient client = clients.apply(server);
        ChatStream stream = client.session(sessionId).stream("Where is my order?")) {
      Iterator<ChatEvent> events = stream.iterator();
      ChatEvent first = events.next();
      while (!(first instanceof ChatEvent.TextDelta)) first = events.next();

      assertThat(withheld).as("server still withholding the body when the first delta arrived").isTrue();
      assertThat(((ChatEvent.TextDelta) first).text()).isEqualTo(Bodies.word(0));

      release.countDown();
      StringBuilder rest = new StringBuilder();
      while (events.hasNext()) {
        ChatEvent e = events.next();
        if (e instanceof ChatEvent.TextDelta) rest.append(((ChatEvent.TextDelta) e).text());
      }
      assertThat(Bodies.word(0) + rest).isEqualTo(Bodies.text(8));
      assertThat(stream.reply().text()).isEqualTo(Bodies.text(8));
    }
  }
}
