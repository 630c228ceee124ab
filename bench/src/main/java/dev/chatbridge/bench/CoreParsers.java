package dev.chatbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.NdjsonReader;
import dev.chatbridge.internal.stream.SseEvent;
import dev.chatbridge.internal.stream.SseReader;
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import java.io.IOException;
import okio.BufferedSource;

/**
 * Minimal vendor mappings over the core stream readers, shaped like a vendor module's parser: core
 * {@link NdjsonReader}/{@link SseReader} → {@link JsonNode} → {@link ChatEvent} through {@link Json}'s lenient
 * readers, with a {@link ReplyAccumulator} for the final reply. They measure core's share of the stream path; the
 * vendor modules' own parsers are measured beside them.
 */
final class CoreParsers {
  private CoreParsers() {}

  /** Onyx NDJSON: id line → remembered, message_start → MessageStarted, message_delta → TextDelta, stop → Completed. */
  static EventSource onyx(BufferedSource source) {
    NdjsonReader reader = new NdjsonReader(source);
    ReplyAccumulator acc = new ReplyAccumulator();
    return new SimpleSource() {
      String messageId;

      @Override
      public ChatEvent next() throws IOException {
        JsonNode line;
        while ((line = reader.next()) != null) {
          JsonNode obj = Json.obj(line, "obj");
          if (obj == null) {
            if (line.has("reserved_assistant_message_id")) messageId = Json.id(line, "reserved_assistant_message_id");
            continue;
          }
          String type = Json.text(obj, "type");
          if ("message_delta".equals(type)) return acc.accept(new ChatEvent.TextDelta(Json.text(obj, "content")));
          if ("message_start".equals(type)) return new ChatEvent.MessageStarted(messageId);
          if ("stop".equals(type)) return new ChatEvent.Completed(reply(messageId, acc.text(), Json.text(obj, "stop_reason")));
          return new ChatEvent.Unknown(type, line.toString());
        }
        return null;
      }
    };
  }

  /** Open WebUI SSE: role frame → MessageStarted, content → TextDelta, [DONE] → Completed. */
  static EventSource openWebUi(BufferedSource source) {
    SseReader reader = new SseReader(source);
    ReplyAccumulator acc = new ReplyAccumulator();
    return new SimpleSource() {
      String finish;
      String id;

      @Override
      public ChatEvent next() throws IOException {
        SseEvent e;
        while ((e = reader.next()) != null) {
          if (e.data().equals("[DONE]")) return new ChatEvent.Completed(reply(id, acc.text(), finish));
          JsonNode chunk = Json.MAPPER.readTree(e.data());
          id = Json.text(chunk, "id");
          JsonNode choice = Json.list(chunk, "choices").isEmpty() ? null : chunk.get("choices").get(0);
          if (choice == null) return new ChatEvent.Unknown("", e.data());
          String reason = Json.text(choice, "finish_reason");
          if (reason != null) finish = reason;
          JsonNode delta = Json.obj(choice, "delta");
          if (delta != null && delta.has("role")) return new ChatEvent.MessageStarted(id);
          String content = Json.text(delta, "content");
          if (content != null && !content.isEmpty()) return acc.accept(new ChatEvent.TextDelta(content));
        }
        return null;
      }
    };
  }

  static ChatReply reply(String id, String text, String finishReason) {
    return ChatReply.builder()
        .message(Message.builder().id(id).role(Role.ASSISTANT).text(text).build())
        .finishReason(finishReason)
        .build();
  }

  private abstract static class SimpleSource implements EventSource {
    @Override
    public void cancel() {}

    @Override
    public void close() {}
  }
}
