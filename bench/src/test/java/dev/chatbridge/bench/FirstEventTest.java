package dev.chatbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatStream;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean withheld = new AtomicBoolean(true); // until the server is released (or gives up)
    try (LoopbackServer server = OnyxScenario.routes(new LoopbackServer(), 8, () -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          withheld.set(false);
        }).start();
        ChatClient client = Clients.onyx(server.url("/api"));
        ChatStream stream = client.session("9b2f0c4e-8a1d-4c3e-b6f7-2d5e8a9c0f11").stream("Where is my order?")) {
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
