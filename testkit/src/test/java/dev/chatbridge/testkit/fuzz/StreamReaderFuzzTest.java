package dev.chatbridge.testkit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.Role;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.http.ErrorBody;
import dev.chatbridge.internal.stream.NdjsonReader;
import dev.chatbridge.internal.stream.SseEvent;
import dev.chatbridge.internal.stream.SseReader;
import dev.chatbridge.spi.EventSource;
import java.io.IOException;
import okio.Buffer;

/**
 * Fuzzes core's stream readers and error-body parser: any input ends in parsed values or a typed ChatBridge
 * exception ({@link StreamException} for an over-long line; Jackson's exception from {@link NdjsonReader#next()},
 * which {@link ChatStream} turns into {@link ResponseFormatException}), never anything else, a hang or unbounded
 * memory (lines are capped at {@link #MAX_LINE} here so the cap is exercised).
 *
 * <p>Plain {@code mvn verify} replays the seeds in {@code src/test/resources/.../StreamReaderFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 mvn test -pl testkit -Dtest=StreamReaderFuzzTest} fuzzes.
 */
class StreamReaderFuzzTest {
  static final long MAX_LINE = 4096;

  @FuzzTest(maxDuration = "20s")
  void sseReader(byte[] input) throws IOException {
    SseReader reader = new SseReader(new Buffer().write(input), MAX_LINE);
    try {
      long bytes = 0;
      SseEvent e;
      while ((e = reader.next()) != null) {
        if (e.event == null || e.data() == null) throw new AssertionError("event without type or data: " + e);
        bytes += e.data().length();
        if (bytes > input.length) throw new AssertionError("more data out than bytes in");
      }
    } catch (StreamException expected) {
      // a line longer than the cap
    }
  }

  @FuzzTest(maxDuration = "20s")
  void ndjsonReader(byte[] input) throws IOException {
    NdjsonReader reader = new NdjsonReader(new Buffer().write(input), MAX_LINE);
    try {
      JsonNode n;
      int values = 0;
      while ((n = reader.next()) != null) {
        if (++values > input.length) throw new AssertionError("more values than bytes");
      }
    } catch (StreamException | JacksonException expected) {
      // over-long line, or a line that is not JSON: the stream surfaces both as typed exceptions
    }
  }

  /** NDJSON through {@link ChatStream}: whatever the bytes, iteration ends or throws a typed exception. */
  @FuzzTest(maxDuration = "20s")
  void ndjsonThroughChatStream(byte[] input) {
    NdjsonReader reader = new NdjsonReader(new Buffer().write(input), MAX_LINE);
    EventSource source = new EventSource() {
      final StringBuilder text = new StringBuilder();

      @Override
      public ChatEvent next() throws IOException {
        JsonNode n = reader.next();
        if (n == null) return null;
        if (n.path("done").asBoolean()) {
          return new ChatEvent.Completed(ChatReply.builder()
              .message(Message.builder().role(Role.ASSISTANT).text(text.toString()).build()).build());
        }
        String delta = n.path("text").asText("");
        text.append(delta);
        return new ChatEvent.TextDelta(delta);
      }

      @Override
      public void cancel() {}

      @Override
      public void close() {}
    };
    try (ChatStream stream = ChatStream.of("fuzz", source)) {
      for (ChatEvent ignored : stream) {
        // drain
      }
      stream.reply();
    } catch (StreamException | ResponseFormatException expected) {
      // typed
    }
  }

  @FuzzTest(maxDuration = "20s")
  void errorBody(byte[] input) {
    String body = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    ErrorBody parsed = ErrorBody.parse(body);
    if (parsed.message == null || parsed.details == null) throw new AssertionError("null fields");
  }
}
