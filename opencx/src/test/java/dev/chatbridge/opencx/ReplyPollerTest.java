package dev.chatbridge.opencx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ApiError;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.ServerException;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wait for an OpenCX reply on its own, against a scripted history instead of a server. */
class ReplyPollerTest {
  private static final long FAR = TimeUnit.MINUTES.toNanos(10);
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static HistoryItem item(String id, String sender, String text) {
    String json = "{\"id\":\"" + id + "\",\"event\":{\"type\":\"message\",\"sender\":{\"type\":\"" + sender
        + "\"},\"content\":{\"type\":\"text\",\"text\":\"" + text + "\"}}}";
    try {
      return HistoryItem.from(Json.parse(json));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static final HistoryItem OLD_REPLY = item("a0", "ai", "earlier answer");
  private static final HistoryItem OURS = item("m1", "contact", "hi");
  private static final HistoryItem COMMENT = item("c1", "contact", "and another thing");
  private static final HistoryItem AGENT = item("h1", "human_agent", "Dana here");
  private static final HistoryItem AI = item("a1", "ai", "Hello!");

  @Test
  void theReplyIsTheFirstAiOrAgentMessageAfterOursFoundByIdElseByText() {
    List<HistoryItem> items = List.of(OLD_REPLY, OURS, COMMENT, AGENT, AI);
    assertThat(ReplyPoller.findReply(items, "m1", null)).isSameAs(AGENT);
    assertThat(ReplyPoller.findReply(items, "unknown-id", "hi")).as("an id not in the history: by text")
        .isSameAs(AGENT);
    assertThat(ReplyPoller.findReply(items, null, "and another thing")).isSameAs(AGENT);
    assertThat(ReplyPoller.findReply(List.of(OLD_REPLY, OURS), "m1", "hi")).as("nothing after ours yet").isNull();
    assertThat(ReplyPoller.findReply(List.of(OLD_REPLY, AI), "m1", "hi")).as("ours not there yet").isNull();
  }

  @Test
  void failedPollsArePolledAgainUntilTheReplyAppears() {
    AtomicInteger polls = new AtomicInteger();
    ReplyPoller poller = new ReplyPoller((id, deadline) -> switch (polls.incrementAndGet()) {
      case 1 -> throw new ConnectionException("reset");
      case 2 -> throw new ServerException(ApiError.builder("opencx", 502).build());
      case 3 -> List.of(OURS);
      default -> List.of(OURS, AI);
    });
    assertThat(poller.await("s1", "m1", "hi", System.nanoTime() + FAR)).isSameAs(AI);
    assertThat(polls.get()).isEqualTo(4);
  }

  @Test
  void anotherFailureEndsTheWaitAtOnce() {
    AtomicInteger polls = new AtomicInteger();
    ReplyPoller poller = new ReplyPoller((id, deadline) -> {
      polls.incrementAndGet();
      throw new NotFoundException(ApiError.builder("opencx", 404).build());
    });
    assertThatThrownBy(() -> poller.await("s1", "m1", "hi", System.nanoTime() + FAR))
        .isInstanceOf(NotFoundException.class);
    assertThat(polls.get()).isEqualTo(1);
  }

  @Test
  void theDeadlineEndsTheWaitWithATimeoutNamingTheSessionAndTheLastFailure() {
    List<Long> deadlines = new ArrayList<>();
    ReplyPoller poller = new ReplyPoller((id, deadline) -> {
      deadlines.add(deadline);
      throw new ChatTimeoutException("history page timed out");
    });
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
    assertThatThrownBy(() -> poller.await("s1", "m1", "hi", deadline))
        .isInstanceOf(ChatTimeoutException.class)
        .hasMessageContaining("no reply in session s1 before the timeout")
        .hasMessageContaining("after message m1")
        .hasMessageContaining("not re-sent")
        .hasCauseInstanceOf(ChatTimeoutException.class);
    assertThat(deadlines).isNotEmpty().allSatisfy(d -> assertThat(d).as("each poll gets the wait's deadline")
        .isEqualTo(deadline));
  }

  @Test
  void aCancelEndsAPauseBetweenPolls() throws Exception {
    Cancellation cancellation = new Cancellation();
    CountDownLatch polled = new CountDownLatch(1);
    ReplyPoller poller = new ReplyPoller((id, deadline) -> {
      polled.countDown();
      return List.of(OURS); // no reply yet: the poller pauses, then at most 2 s between polls for ten minutes
    });
    Future<HistoryItem> waiting = pool.submit(() -> cancellation.run(() -> poller.await("s1", "m1", "hi",
        System.nanoTime() + FAR)));
    assertThat(polled.await(20, TimeUnit.SECONDS)).isTrue();
    cancellation.cancel();
    assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isExactlyInstanceOf(ChatException.class)
        .hasMessageContaining("opencx wait for the reply in session s1 was cancelled");
  }
}
