package dev.chatbridge.testkit.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.NdjsonReader;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tiny vendor's provider, built only on core's transport and readers: what the fault matrix proves for it is
 * core's own behaviour. Not registered with ServiceLoader; tests create it directly.
 */
final class TinyProvider implements ChatProvider {
  static final Set<Capability> CAPABILITIES = Set.of(Capability.STREAMING, Capability.HISTORY);

  @Override
  public String name() {
    return "tiny";
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    return new Backend(Transport.builder("tiny", config).build());
  }

  static final class Backend implements ChatBackend {
    private final Transport transport;

    Backend(Transport transport) {
      this.transport = transport;
    }

    @Override
    public String vendor() {
      return "tiny";
    }

    @Override
    public Set<Capability> capabilities() {
      return CAPABILITIES;
    }

    @Override
    public SessionDetails createSession(SessionOptions options) {
      JsonNode created = transport.json(ApiRequest.post(transport.path("sessions").build(), Map.of()));
      String id = Json.id(created, "id");
      if (id == null) throw new ResponseFormatException("tiny created a session without an id", created.toString());
      return new SessionDetails(SessionSummary.builder().id(id).build(), List.of());
    }

    @Override
    public ChatReply send(String sessionId, MessageRequest request) {
      try (ChatStream stream = stream(sessionId, request)) {
        return stream.reply();
      }
    }

    @Override
    public ChatStream stream(String sessionId, MessageRequest request) {
      Transport.StreamCall call = transport.stream(
          ApiRequest.post(transport.url("sessions", sessionId, "messages").build(), Map.of("text", request.text()))
              .accept("application/x-ndjson"));
      return ChatStream.of("tiny", new Source(sessionId, call));
    }

    @Override
    public List<Message> history(String sessionId) {
      JsonNode body = transport.json(ApiRequest.get(transport.url("sessions", sessionId, "messages").build()));
      List<Message> out = new ArrayList<>();
      for (JsonNode m : Json.list(body, "messages")) {
        String role = Json.text(m, "role");
        if (role == null) throw new ResponseFormatException("tiny sent a message without a role", m.toString());
        out.add(Message.builder().id(Json.id(m, "id")).sessionId(sessionId).role(Role.of(role))
            .text(Json.text(m, "text")).build());
      }
      return out;
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

  /** NDJSON packets → events. */
  static final class Source implements EventSource {
    private final String sessionId;
    private final Transport.StreamCall call;
    private final NdjsonReader reader;
    private final ReplyAccumulator acc = new ReplyAccumulator();
    private String messageId;

    Source(String sessionId, Transport.StreamCall call) {
      this.sessionId = sessionId;
      this.call = call;
      this.reader = new NdjsonReader(call.source());
    }

    @Override
    public ChatEvent next() throws IOException {
      JsonNode packet = reader.next();
      if (packet == null) return null;
      String type = String.valueOf(Json.text(packet, "type"));
      switch (type) {
        case "start":
          messageId = Json.id(packet, "id");
          return new ChatEvent.MessageStarted(messageId);
        case "delta":
          return acc.accept(new ChatEvent.TextDelta(String.valueOf(Json.text(packet, "text"))));
        case "error":
          throw new StreamException("tiny reported: " + Json.text(packet, "message"));
        case "done":
          return new ChatEvent.Completed(reply());
        default:
          return new ChatEvent.Unknown(type, packet.toString());
      }
    }

    private ChatReply reply() {
      return ChatReply.builder().message(Message.builder().id(messageId).sessionId(sessionId).role(Role.ASSISTANT)
          .text(acc.text()).build()).build();
    }

    @Override
    public void cancel() {
      call.cancel();
    }

    @Override
    public ChatReply partialReply() {
      return acc.hasContent() ? reply() : null;
    }

    @Override
    public void close() {
      call.close();
    }
  }
}
