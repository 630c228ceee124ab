package dev.chatbridge.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatbridge.ChatEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import okio.BufferedSource;

/**
 * The hand-written baselines: what a careful engineer writes with OkHttp + Jackson's streaming parser and no SDK.
 * They read the same bytes as the SDK and produce the same {@link ChatEvent}s (a test checks they are equal), with
 * nothing the SDK does for robustness: no line limits, no lenient readers, no unknown-event capture.
 */
public final class JacksonBaseline {
  /** A plain factory, as a hand-written client would create (no SDK mapper settings). */
  static final JsonFactory FACTORY = new JsonFactory();

  private JacksonBaseline() {}

  /** Onyx NDJSON: one streaming parser over the whole body (Jackson reads root values back to back). */
  public static int onyx(InputStream body, Consumer<ChatEvent> sink) throws IOException {
    int events = 0;
    StringBuilder text = new StringBuilder();
    String messageId = null;
    try (JsonParser p = FACTORY.createParser(body)) {
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String type = null;
        String content = null;
        String stopReason = null;
        boolean hasObj = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals("obj") && value == JsonToken.START_OBJECT) {
            hasObj = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken v = p.nextToken();
              if (f.equals("type")) type = p.getText();
              else if (f.equals("content")) content = p.getText();
              else if (f.equals("stop_reason")) stopReason = v == JsonToken.VALUE_NULL ? null : p.getText();
              else p.skipChildren();
            }
          } else if (field.equals("reserved_assistant_message_id")) {
            messageId = p.getText();
          } else {
            p.skipChildren();
          }
        }
        if (!hasObj) continue;
        ChatEvent e;
        if ("message_delta".equals(type)) {
          text.append(content);
          e = new ChatEvent.TextDelta(content);
        } else if ("message_start".equals(type)) {
          e = new ChatEvent.MessageStarted(messageId);
        } else if ("stop".equals(type)) {
          e = new ChatEvent.Completed(CoreParsers.reply(messageId, text.toString(), stopReason));
        } else {
          e = new ChatEvent.Unknown(type, "");
        }
        sink.accept(e);
        events++;
      }
    }
    return events;
  }

  /** Open WebUI SSE: finds each {@code data:} line in the bytes and runs a streaming parser over it in place. */
  public static int openWebUi(BufferedSource source, Consumer<ChatEvent> sink) throws IOException {
    int events = 0;
    StringBuilder text = new StringBuilder();
    String id = null;
    String finish = null;
    while (true) {
      long nl = source.indexOf((byte) '\n');
      if (nl < 0) break;
      byte[] line = source.readByteArray(nl + 1);
      int len = (int) nl;
      if (len < 6 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a' || line[4] != ':') continue;
      int start = line[5] == ' ' ? 6 : 5;
      if (len - start == 6 && line[start] == '[') { // [DONE]
        sink.accept(new ChatEvent.Completed(CoreParsers.reply(id, text.toString(), finish)));
        events++;
        continue;
      }
      boolean role = false;
      String content = null;
      try (JsonParser p = FACTORY.createParser(line, start, len - start)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          p.nextToken();
          if (f.equals("id")) {
            id = p.getText();
          } else if (f.equals("choices")) {
            p.nextToken(); // first choice object
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String c = p.currentName();
              JsonToken v = p.nextToken();
              if (c.equals("delta")) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                  String d = p.currentName();
                  p.nextToken();
                  if (d.equals("role")) role = true;
                  else if (d.equals("content")) content = p.getText();
                  else p.skipChildren();
                }
              } else if (c.equals("finish_reason") && v != JsonToken.VALUE_NULL) {
                finish = p.getText();
              } else {
                p.skipChildren();
              }
            }
            while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren(); // further choices
          } else {
            p.skipChildren();
          }
        }
      }
      if (role) {
        sink.accept(new ChatEvent.MessageStarted(id));
        events++;
      } else if (content != null && !content.isEmpty()) {
        text.append(content);
        sink.accept(new ChatEvent.TextDelta(content));
        events++;
      }
    }
    return events;
  }
}
