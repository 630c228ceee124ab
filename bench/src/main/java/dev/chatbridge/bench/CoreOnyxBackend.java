package dev.chatbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.EventSource;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in Onyx backend built only from core ({@link Transport} + {@link CoreParsers}), used by the load and memory
 * mains when the real Onyx module is not on the classpath. {@link Clients} prefers the real provider.
 */
final class CoreOnyxBackend implements ChatBackend {
  private final Transport transport;

  CoreOnyxBackend(ChatConfig config) {
    this.transport = Transport.builder("onyx", config).build();
  }

  @Override
  public String vendor() {
    return "onyx";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.STREAMING);
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    throw new UnsupportedOperationException("stand-in backend: use ChatClient.session(id)");
  }

  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    JsonNode r = transport.json(ApiRequest.post(transport.path("chat/send-chat-message").build(),
        Map.of("chat_session_id", sessionId, "message", request.text(), "stream", false)));
    return CoreParsers.reply(Json.id(r, "message_id"), Json.text(r, "answer"), null);
  }

  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    Transport.StreamCall call = transport.stream(ApiRequest.post(transport.path("chat/send-chat-message").build(),
        Map.of("chat_session_id", sessionId, "message", request.text(), "stream", true)));
    EventSource parser = CoreParsers.onyx(call.source());
    return ChatStream.of("onyx", new EventSource() {
      @Override
      public ChatEvent next() throws IOException {
        return parser.next();
      }

      @Override
      public void cancel() {
        call.cancel();
      }

      @Override
      public void close() {
        call.close();
      }
    });
  }

  @Override
  public Object typedClient() {
    return transport;
  }

  @Override
  public void close() {
    transport.close();
  }
}
