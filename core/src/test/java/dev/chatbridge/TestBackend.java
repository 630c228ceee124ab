package dev.chatbridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.spi.ChatBackend;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A minimal backend on the real transport: {@code POST /sessions}, {@code POST /sessions/{id}/send}. */
public final class TestBackend implements ChatBackend {
  final Transport transport;
  final ChatConfig config;

  public TestBackend(String vendor, ChatConfig config) {
    this.config = config;
    this.transport = Transport.builder(vendor, config).defaultBaseUrl("https://api.test.invalid").build();
  }

  @Override
  public String vendor() {
    return transport.vendor();
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.STREAMING);
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    JsonNode n = transport.json(ApiRequest.post(transport.url("sessions").build(), Map.of()).primary());
    return new SessionDetails(SessionSummary.builder().id(Json.text(n, "id")).build(), List.of());
  }

  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    JsonNode n = transport.json(ApiRequest.post(transport.url("sessions", sessionId, "send").build(),
        Map.of("text", request.text())).primary());
    return ChatReply.builder()
        .message(Message.builder().role(Role.ASSISTANT).text(Json.text(n, "text")).sessionId(sessionId).build())
        .build();
  }

  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    return ChatStream.ofReply(vendor(), send(sessionId, request));
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
