package dev.chatbridge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ApiError;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import dev.chatbridge.ServerException;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.spi.ReplyRecovery.Lookup;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared recovery: the reply when it appears in time, else the typed unknown outcome; never more than reads. */
class ReplyRecoveryTest {
  private static final ConnectionException RESET =
      new ConnectionException("x POST /send failed: Connection reset", new SocketException("Connection reset"));

  private static long in(Duration d) {
    return System.nanoTime() + d.toNanos();
  }

  /** A matcher that returns the scripted lookups one per read, the last one forever. */
  private static ReplyRecovery.Matcher<Integer, String> script(Deque<Lookup<String>> lookups) {
    return read -> lookups.size() > 1 ? lookups.poll() : lookups.peek();
  }

  @Test
  void aLaggingHistoryIsReadAgainUntilTheReplyAppears() {
    Deque<Lookup<String>> lookups = new ArrayDeque<>();
    lookups.add(Lookup.notFound());
    lookups.add(Lookup.stored("m-1"));
    lookups.add(Lookup.reply("m-1", "the answer"));
    AtomicInteger reads = new AtomicInteger();
    String reply = ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofSeconds(5)))
        .await(reads::incrementAndGet, script(lookups));
    assertThat(reply).isEqualTo("the answer");
    assertThat(reads).hasValue(3);
  }

  @Test
  void storedWithoutAReplyBeforeTheDeadlineIsStored() {
    Deque<Lookup<String>> lookups = new ArrayDeque<>();
    lookups.add(Lookup.stored("m-7"));
    assertThatThrownBy(() -> ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofMillis(300)))
        .await(() -> 0, script(lookups)))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
          assertThat(e.messageState()).isEqualTo(MessageState.STORED);
          assertThat(e.messageId()).contains("m-7");
          assertThat(e.exchangeIdentified()).isTrue();
          assertThat(e).hasCause(RESET).hasMessageContaining("its reply did not appear")
              .hasMessageContaining("sending it again would store it twice");
        });
  }

  @Test
  void neverFoundIsUnknownBecauseAHistoryMayLag() {
    Deque<Lookup<String>> lookups = new ArrayDeque<>();
    lookups.add(Lookup.notFound());
    AtomicInteger reads = new AtomicInteger();
    assertThatThrownBy(() -> ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofMillis(400)))
        .await(reads::incrementAndGet, script(lookups)))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
          assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
          assertThat(e).hasMessageContaining("did not appear in the history before the timeout");
        });
    assertThat(reads.get()).as("read again while time was left").isGreaterThan(1);
  }

  @Test
  void anAmbiguousMatchEndsAtOnceWithoutAReply() {
    Deque<Lookup<String>> lookups = new ArrayDeque<>();
    lookups.add(Lookup.ambiguous("2 identical contact messages"));
    AtomicInteger reads = new AtomicInteger();
    assertThatThrownBy(() -> ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofSeconds(5)))
        .await(reads::incrementAndGet, script(lookups)))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
          assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
          assertThat(e.exchangeIdentified()).isFalse();
          assertThat(e).hasMessageContaining("could not be identified in the history (2 identical contact messages)");
        });
    assertThat(reads).hasValue(1);
  }

  @Test
  void provablyAbsentIsNotStored() {
    Deque<Lookup<String>> lookups = new ArrayDeque<>();
    lookups.add(Lookup.absent("the complete history has no such message"));
    assertThatThrownBy(() -> ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofSeconds(5)))
        .await(() -> 0, script(lookups)))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class,
            e -> assertThat(e.messageState()).isEqualTo(MessageState.NOT_STORED));
  }

  @Test
  void failedReadsAreReadAgainUnlessTheyArePermanent() {
    AtomicInteger reads = new AtomicInteger();
    String reply = ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofSeconds(5))).await(() -> {
      int n = reads.incrementAndGet();
      if (n == 1) throw new ChatTimeoutException("read timed out");
      if (n == 2) throw new ServerException(ApiError.builder("v", 503).build());
      return n;
    }, read -> Lookup.reply(null, "after " + read));
    assertThat(reply).isEqualTo("after 3");

    AtomicInteger notFound = new AtomicInteger();
    assertThatThrownBy(() -> ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofSeconds(5))).<Integer, String>await(
        () -> {
          notFound.incrementAndGet();
          throw new NotFoundException(ApiError.builder("v", 404).build());
        }, read -> Lookup.notFound()))
        .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
          assertThat(e.messageState()).isEqualTo(MessageState.UNKNOWN);
          assertThat(e).hasMessageContaining("could not be read");
          assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(NotFoundException.class);
        });
    assertThat(notFound).hasValue(1);
  }

  @Test
  void aCancelEndsTheWaitAtOnce() throws Exception {
    Cancellation cancellation = new Cancellation();
    CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> cancellation.run(() -> {
      try {
        ReplyRecovery.of("v", "s-1", RESET, in(Duration.ofSeconds(30))).await(() -> 0, r -> Lookup.notFound());
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    }));
    Thread.sleep(150);
    cancellation.cancel();
    Throwable t = ended.get(10, TimeUnit.SECONDS);
    assertThat(t).isExactlyInstanceOf(ChatException.class).hasMessageContaining("cancelled");
  }

  @Test
  void onlyFailuresAfterConnectingMayHaveBeenProcessed() {
    assertThat(ReplyRecovery.mayHaveBeenProcessed(RESET)).isTrue();
    assertThat(ReplyRecovery.mayHaveBeenProcessed(
        new ChatTimeoutException("timed out after the request was sent", new SocketTimeoutException()))).isTrue();
    assertThat(ReplyRecovery.mayHaveBeenProcessed(
        new ConnectionException("refused", new ConnectException("Connection refused")))).isFalse();
    assertThat(ReplyRecovery.mayHaveBeenProcessed(new ChatTimeoutException("was not started"))).isFalse();
    assertThat(ReplyRecovery.mayHaveBeenProcessed(new ServerException(ApiError.builder("v", 500).build())))
        .isFalse();
  }
}
