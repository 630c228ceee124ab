package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbridge.spi.EventSource;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChatStreamTest {
  private static final ChatReply REPLY = ChatReply.builder()
      .message(Message.builder().role(Role.ASSISTANT).text("Hello world").build()).build();

  /** Plays a script of events and failures; counts calls. */
  static class Scripted implements EventSource {
    interface Step {
      ChatEvent run() throws IOException;
    }

    final Deque<Step> steps = new ArrayDeque<>();
    int nextCalls;
    int cancels;
    int closes;

    Scripted event(ChatEvent e) {
      steps.add(() -> e);
      return this;
    }

    Scripted fail(IOException e) {
      steps.add(() -> {
        throw e;
      });
      return this;
    }

    Scripted failWith(RuntimeException e) {
      steps.add(() -> {
        throw e;
      });
      return this;
    }

    @Override
    public ChatEvent next() throws IOException {
      nextCalls++;
      Step s = steps.poll();
      return s == null ? null : s.run();
    }

    @Override
    public void cancel() {
      cancels++;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  private static Scripted complete() {
    return new Scripted()
        .event(new ChatEvent.MessageStarted("m1"))
        .event(new ChatEvent.TextDelta("Hello"))
        .event(new ChatEvent.TextDelta(" world"))
        .event(new ChatEvent.Completed(REPLY));
  }

  @Test
  void iteratesEventsInOrderThenGivesTheReply() {
    Scripted src = complete();
    try (ChatStream stream = ChatStream.of("test", src)) {
      List<ChatEvent> events = new ArrayList<>();
      stream.forEach(events::add);
      assertThat(events).hasSize(4).last().isInstanceOf(ChatEvent.Completed.class);
      assertThat(stream.reply()).isSameAs(REPLY);
    }
    assertThat(src.cancels).as("a finished stream is not cancelled on close").isZero();
    assertThat(src.closes).isPositive();
  }

  @Test
  void canBeIteratedOnlyOnce() {
    try (ChatStream stream = ChatStream.of("test", complete())) {
      stream.iterator();
      assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void hasNextIsIdempotent() {
    Scripted src = complete();
    try (ChatStream stream = ChatStream.of("test", src)) {
      var it = stream.iterator();
      assertThat(it.hasNext()).isTrue();
      assertThat(it.hasNext()).isTrue();
      assertThat(src.nextCalls).isEqualTo(1);
      assertThat(it.next()).isInstanceOf(ChatEvent.MessageStarted.class);
    }
  }

  @Test
  void javaStreamIsClosedWithTheChatStream() {
    Scripted src = complete();
    ChatStream chat = ChatStream.of("test", src);
    try (Stream<ChatEvent> s = chat.stream()) {
      assertThat(s.filter(e -> e instanceof ChatEvent.TextDelta).findFirst()).isPresent();
    }
    assertThat(src.closes).isPositive();
    assertThat(src.cancels).as("closing an unfinished stream cancels it").isEqualTo(1);
  }

  @Test
  void javaStreamCollectsAllText() {
    try (ChatStream chat = ChatStream.of("test", complete()); Stream<ChatEvent> s = chat.stream()) {
      String text = s.filter(e -> e instanceof ChatEvent.TextDelta).map(e -> ((ChatEvent.TextDelta) e).text())
          .collect(Collectors.joining());
      assertThat(text).isEqualTo("Hello world");
    }
  }

  @Test
  void replyDrainsAnUnreadStream() {
    Scripted src = complete();
    try (ChatStream stream = ChatStream.of("test", src)) {
      assertThat(stream.reply()).isSameAs(REPLY);
      assertThat(src.nextCalls).isEqualTo(5);
    }
  }

  @Test
  void replyDrainsAPartlyReadStream() {
    try (ChatStream stream = ChatStream.of("test", complete())) {
      var it = stream.iterator();
      it.next();
      assertThat(stream.reply().text()).isEqualTo("Hello world");
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void endingWithoutCompletedIsATruncationError() {
    Scripted src = new Scripted().event(new ChatEvent.TextDelta("Hel"));
    try (ChatStream stream = ChatStream.of("test", src)) {
      var it = stream.iterator();
      assertThat(it.next()).isInstanceOf(ChatEvent.TextDelta.class);
      assertThatThrownBy(it::hasNext).isInstanceOf(StreamException.class).hasMessageContaining("truncated");
    }
  }

  @Test
  void replyOfATruncatedStreamThrows() {
    try (ChatStream stream = ChatStream.of("test", new Scripted().event(new ChatEvent.TextDelta("x")))) {
      assertThatThrownBy(stream::reply).isInstanceOf(StreamException.class);
    }
  }

  @Test
  void idleTimeoutIsATimeoutException() {
    Scripted src = new Scripted().event(new ChatEvent.TextDelta("a")).fail(new SocketTimeoutException("timeout"));
    try (ChatStream stream = ChatStream.of("test", src)) {
      var it = stream.iterator();
      it.next();
      assertThatThrownBy(it::hasNext).isInstanceOf(ChatTimeoutException.class).hasMessageContaining("idle");
    }
  }

  @Test
  void aCallTimeoutIsATimeoutExceptionThatDoesNotBlameSilence() {
    Scripted src = new Scripted().event(new ChatEvent.TextDelta("a"))
        .fail(new java.io.InterruptedIOException("timeout"));
    try (ChatStream stream = ChatStream.of("test", src)) {
      var it = stream.iterator();
      it.next();
      assertThatThrownBy(it::hasNext).isInstanceOf(ChatTimeoutException.class).hasMessageContaining("time limit")
          .hasMessageNotContaining("idle");
    }
  }

  @Test
  void brokenConnectionIsAStreamException() {
    Scripted src = new Scripted().fail(new IOException("unexpected end of stream"));
    try (ChatStream stream = ChatStream.of("test", src)) {
      assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOf(StreamException.class)
          .hasMessageContaining("unexpected end of stream");
    }
  }

  @Test
  void vendorStreamExceptionPassesThroughUnchanged() {
    StreamException vendorError = new StreamException("onyx reported: model overloaded", "OVERLOADED", true, null);
    try (ChatStream stream = ChatStream.of("test", new Scripted().failWith(vendorError))) {
      assertThatThrownBy(() -> stream.iterator().next()).isSameAs(vendorError);
    }
  }

  @Test
  void jacksonErrorIsAResponseFormatException() {
    Scripted src = new Scripted();
    src.steps.add(() -> {
      new ObjectMapper().readTree("{not json");
      return null;
    });
    try (ChatStream stream = ChatStream.of("test", src)) {
      assertThatThrownBy(() -> stream.iterator().next()).isInstanceOf(ResponseFormatException.class)
          .hasMessageContaining("malformed");
    }
  }

  @Test
  void uncheckedIoFromASourceIsTranslatedToo() {
    Scripted src = new Scripted().failWith(new java.io.UncheckedIOException(new SocketTimeoutException("timeout")));
    try (ChatStream stream = ChatStream.of("test", src)) {
      assertThatThrownBy(() -> stream.iterator().next()).isInstanceOf(ChatTimeoutException.class);
    }
  }

  @Test
  void cancelFromAnotherThreadEndsABlockedIterationQuietly() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    Scripted src = new Scripted() {
      @Override
      public void cancel() {
        super.cancel();
        released.countDown(); // like closing the socket under a blocked read
      }
    };
    src.event(new ChatEvent.TextDelta("first"));
    src.steps.add(() -> {
      blocked.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Socket closed");
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ChatStream stream = ChatStream.of("test", src)) {
      Future<List<ChatEvent>> reading = pool.submit(() -> {
        List<ChatEvent> seen = new ArrayList<>();
        for (ChatEvent e : stream) seen.add(e);
        return seen;
      });
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      stream.cancel();
      assertThat(reading.get(10, TimeUnit.SECONDS)).containsExactly(new ChatEvent.TextDelta("first"));
      assertThat(stream.isCancelled()).isTrue();
      assertThat(src.cancels).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancelIsIdempotentAndStopsIteration() {
    Scripted src = complete();
    try (ChatStream stream = ChatStream.of("test", src)) {
      var it = stream.iterator();
      it.next();
      stream.cancel();
      stream.cancel();
      assertThat(it.hasNext()).isFalse();
      assertThat(src.cancels).isEqualTo(1);
    }
  }

  @Test
  void replyAfterCancelGivesThePartialReplyOrThrows() {
    Scripted none = new Scripted().event(new ChatEvent.TextDelta("x"));
    try (ChatStream stream = ChatStream.of("test", none)) {
      stream.cancel();
      assertThatThrownBy(stream::reply).isInstanceOf(StreamException.class).hasMessageContaining("cancelled");
    }
    Scripted partial = new Scripted() {
      @Override
      public ChatReply partialReply() {
        return REPLY;
      }
    };
    try (ChatStream stream = ChatStream.of("test", partial.event(new ChatEvent.TextDelta("x")))) {
      stream.cancel();
      assertThat(stream.reply()).isSameAs(REPLY);
    }
  }

  @Test
  void closeCancelsAnUnfinishedStream() {
    Scripted src = complete();
    ChatStream stream = ChatStream.of("test", src);
    stream.iterator().next();
    stream.close();
    stream.close();
    assertThat(src.cancels).isEqualTo(1);
    assertThat(src.closes).isPositive();
    assertThat(stream.isCancelled()).isTrue();
  }

  @Test
  void closeAfterCompletedDoesNotAskTheServerToStop() {
    Scripted src = complete();
    ChatStream stream = ChatStream.of("test", src);
    for (ChatEvent e : stream) {
      if (e instanceof ChatEvent.Completed) break; // the source has not yet reported its end
    }
    stream.close();
    assertThat(src.cancels).isZero();
    assertThat(src.closes).isPositive();
  }

  @Test
  void ofReplyYieldsOneDeltaThenCompleted() {
    try (ChatStream stream = ChatStream.ofReply("test", REPLY)) {
      List<ChatEvent> events = new ArrayList<>();
      stream.forEach(events::add);
      assertThat(events).containsExactly(new ChatEvent.TextDelta("Hello world"), new ChatEvent.Completed(REPLY));
      assertThat(stream.reply()).isSameAs(REPLY);
    }
  }

  @Test
  void ofReplyWithEmptyTextHasNoDelta() {
    ChatReply empty = ChatReply.builder().message(Message.builder().role(Role.ASSISTANT).build()).build();
    try (ChatStream stream = ChatStream.ofReply("test", empty)) {
      List<ChatEvent> events = new ArrayList<>();
      stream.forEach(events::add);
      assertThat(events).containsExactly(new ChatEvent.Completed(empty));
    }
  }
}
