package dev.chatbridge.testkit.tiny;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
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
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/** A backend on the shared core transport, as small as a vendor module can be. */
final class TinyBackend implements ChatBackend {
  private final Transport transport;

  TinyBackend(ChatConfig config) {
    this.transport = Transport.builder("tiny", config).auth("Authorization", "Bearer ").build();
  }

  @Override
  public String vendor() {
    return "tiny";
  }

  @Override
  public Set<Capability> capabilities() {
    return TinyProvider.CAPABILITIES;
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    Map<String, Object> body = new LinkedHashMap<>();
    options.title().ifPresent(t -> body.put("title", t));
    JsonNode n = transport.json(ApiRequest.post(transport.url("sessions").build(), body));
    return new SessionDetails(summary(n), List.of());
  }

  private static SessionSummary summary(JsonNode n) {
    return SessionSummary.builder().id(Json.id(n, "id")).title(Json.text(n, "title")).build();
  }

  private static Message message(JsonNode n, String sessionId) {
    return Message.builder()
        .id(Json.id(n, "id"))
        .sessionId(sessionId)
        .role(Role.of(Json.text(n, "role")))
        .text(Json.text(n, "text"))
        .vendorData(Json.rest(n, Set.of("id", "role", "text")))
        .build();
  }

  private HttpUrl messagesUrl(String sessionId) {
    return transport.url("sessions", sessionId, "messages").build();
  }

  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    JsonNode n = transport.json(ApiRequest.post(messagesUrl(sessionId), Map.of("text", request.text(),
        "stream", false)));
    return ChatReply.builder().message(message(n, sessionId)).userMessageId(Json.id(n, "user_message_id")).build();
  }

  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    Transport.StreamCall call = transport.stream(ApiRequest.post(messagesUrl(sessionId),
        Map.of("text", request.text(), "stream", true)).accept("application/x-ndjson"));
    return ChatStream.of("tiny", new TinySource(call, sessionId));
  }

  /** start → MessageStarted, delta → TextDelta, done → Completed, anything else → Unknown. */
  private static final class TinySource implements EventSource {
    private final Transport.StreamCall call;
    private final NdjsonReader reader;
    private final String sessionId;
    private final ReplyAccumulator acc = new ReplyAccumulator();

    TinySource(Transport.StreamCall call, String sessionId) {
      this.call = call;
      this.reader = new NdjsonReader(call.source());
      this.sessionId = sessionId;
    }

    @Override
    public ChatEvent next() throws IOException {
      JsonNode n = reader.next();
      if (n == null) return null;
      String type = String.valueOf(Json.text(n, "type"));
      switch (type) {
        case "start":
          return new ChatEvent.MessageStarted(Json.id(n, "message_id"));
        case "delta":
          return acc.accept(new ChatEvent.TextDelta(String.valueOf(Json.text(n, "text"))));
        case "done":
          return new ChatEvent.Completed(ChatReply.builder()
              .message(Message.builder().id(Json.id(n, "message_id")).sessionId(sessionId).role(Role.ASSISTANT)
                  .text(acc.text()).build())
              .userMessageId(Json.id(n, "user_message_id"))
              .build());
        case "error":
          throw new StreamException("tiny reported: " + Json.text(n, "message"));
        default:
          return new ChatEvent.Unknown(type, n.toString());
      }
    }

    @Override
    public ChatReply partialReply() {
      if (!acc.hasContent()) return null;
      return ChatReply.builder().message(Message.builder().role(Role.ASSISTANT).text(acc.text()).build())
          .finishReason("cancelled").build();
    }

    @Override
    public void cancel() {
      call.cancel();
    }

    @Override
    public void close() {
      call.close();
    }
  }

  @Override
  public SessionDetails getSession(String sessionId) {
    JsonNode n = transport.json(ApiRequest.get(transport.url("sessions", sessionId).build()));
    List<Message> messages = new ArrayList<>();
    for (JsonNode m : Json.list(n, "messages")) messages.add(message(m, sessionId));
    return new SessionDetails(summary(n), messages);
  }

  @Override
  public List<Message> history(String sessionId) {
    JsonNode n = transport.json(ApiRequest.get(messagesUrl(sessionId)));
    List<Message> messages = new ArrayList<>();
    for (JsonNode m : Json.list(n, "messages")) messages.add(message(m, sessionId));
    return messages;
  }

  @Override
  public Page<SessionSummary> listSessions(PageRequest request) {
    HttpUrl.Builder url = transport.url("sessions");
    request.limit().ifPresent(l -> url.addQueryParameter("limit", String.valueOf(l)));
    request.cursor().ifPresent(c -> url.addQueryParameter("cursor", c));
    JsonNode n = transport.json(ApiRequest.get(url.build()));
    List<SessionSummary> items = new ArrayList<>();
    for (JsonNode s : Json.list(n, "sessions")) items.add(summary(s));
    return new Page<>(items, Json.text(n, "next"), cursor -> listSessions(request.withCursor(cursor)));
  }

  @Override
  public void deleteSession(String sessionId) {
    transport.json(ApiRequest.delete(transport.url("sessions", sessionId).build()));
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
