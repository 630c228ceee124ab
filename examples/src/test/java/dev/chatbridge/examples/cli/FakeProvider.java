package dev.chatbridge.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Citation;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The provider of the test-only vendor "fake" ({@link FakeEmulator}), registered through the test class path's
 * META-INF/services. It has every capability except END_SESSION, so the CLI's "unsupported" path is testable.
 */
public final class FakeProvider implements ChatProvider {
  static final Set<Capability> CAPABILITIES = Set.of(Capability.STREAMING, Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.DELETE_SESSION, Capability.CITATIONS);

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public boolean requiresBaseUrl() {
    return true;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    return new Backend(Transport.builder("fake", config).auth("Authorization", "Bearer ").build());
  }

  private static final class Backend implements ChatBackend {
    private final Transport transport;

    Backend(Transport transport) {
      this.transport = transport;
    }

    @Override
    public String vendor() {
      return "fake";
    }

    @Override
    public Set<Capability> capabilities() {
      return CAPABILITIES;
    }

    @Override
    public SessionDetails createSession(SessionOptions options) {
      Map<String, Object> body = new HashMap<>();
      options.title().ifPresent(t -> body.put("title", t));
      return new SessionDetails(summary(transport.json(ApiRequest.post(transport.url("v1", "sessions").build(), body))),
          List.of());
    }

    @Override
    public ChatReply send(String sessionId, MessageRequest request) {
      JsonNode r = transport.json(ApiRequest.post(messagesUrl(sessionId),
          Map.of("text", request.text(), "stream", false)));
      return ChatReply.builder().message(Message.builder().id(Json.id(r, "id")).sessionId(sessionId)
          .role(Role.ASSISTANT).text(Json.text(r, "text")).build()).build();
    }

    @Override
    public ChatStream stream(String sessionId, MessageRequest request) {
      Transport.StreamCall call = transport.stream(ApiRequest.post(messagesUrl(sessionId),
          Map.of("text", request.text(), "stream", true)).accept("application/x-ndjson"));
      NdjsonReader reader = new NdjsonReader(call.source());
      ReplyAccumulator acc = new ReplyAccumulator();
      return ChatStream.of("fake", new EventSource() {
        @Override
        public ChatEvent next() throws IOException {
          JsonNode line = reader.next();
          if (line == null) return null;
          switch (line.path("type").asText()) {
            case "delta":
              return acc.accept(new ChatEvent.TextDelta(line.path("text").asText()));
            case "citation":
              return acc.accept(new ChatEvent.CitationAdded(Citation.builder().number(line.path("number").asInt())
                  .documentId(Json.text(line, "document_id")).title(Json.text(line, "title"))
                  .url(Json.text(line, "url")).build()));
            case "done":
              return new ChatEvent.Completed(ChatReply.builder().message(Message.builder().id(Json.id(line, "id"))
                  .sessionId(sessionId).role(Role.ASSISTANT).text(acc.text()).citations(acc.citations()).build())
                  .build());
            default:
              return new ChatEvent.Unknown(line.path("type").asText(), line.toString());
          }
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
    public SessionDetails getSession(String sessionId) {
      JsonNode s = transport.json(ApiRequest.get(transport.url("v1", "sessions", sessionId).build()));
      List<Message> messages = new ArrayList<>();
      for (JsonNode m : Json.list(s, "messages")) {
        messages.add(Message.builder().id(Json.id(m, "id")).sessionId(sessionId).role(Role.of(Json.text(m, "role")))
            .text(Json.text(m, "text")).createdAt(Json.instant(m, "created_at")).parentId(Json.id(m, "parent_id"))
            .build());
      }
      return new SessionDetails(summary(s), messages);
    }

    @Override
    public List<Message> history(String sessionId) {
      return getSession(sessionId).messages();
    }

    @Override
    public Page<SessionSummary> listSessions(PageRequest request) {
      HttpUrl.Builder url = transport.url("v1", "sessions");
      request.limit().ifPresent(l -> url.addQueryParameter("limit", String.valueOf(l)));
      request.cursor().ifPresent(c -> url.addQueryParameter("cursor", c));
      JsonNode r = transport.json(ApiRequest.get(url.build()));
      List<SessionSummary> items = new ArrayList<>();
      for (JsonNode s : Json.list(r, "data")) items.add(summary(s));
      return new Page<>(items, Json.text(r, "next_cursor"), c -> listSessions(request.withCursor(c)));
    }

    @Override
    public void deleteSession(String sessionId) {
      transport.json(ApiRequest.delete(transport.url("v1", "sessions", sessionId).build()));
    }

    @Override
    public Object typedClient() {
      return transport;
    }

    @Override
    public void close() {
      transport.close();
    }

    private HttpUrl messagesUrl(String sessionId) {
      return transport.url("v1", "sessions", sessionId, "messages").build();
    }

    private static SessionSummary summary(JsonNode s) {
      return SessionSummary.builder().id(Json.id(s, "id")).title(Json.text(s, "title"))
          .createdAt(Json.instant(s, "created_at")).updatedAt(Json.instant(s, "updated_at")).build();
    }
  }
}
