package dev.chatbridge.testkit.tiny;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.NdjsonReader;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import dev.chatbridge.spi.ReplyRecovery;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The reference vendor's backend, on core's transport (bearer key, standard error mapping) and NDJSON reader
 * alone. A send is read through the stream, as the server always streams.
 *
 * <p>When the connection is reset after the message may have reached the server (a timeout stays a
 * {@link ChatTimeoutException}: the caller's bound was reached): before the stream's {@code start}
 * packet (which carries the ids) the outcome is unknown ({@link SendOutcomeUnknownException}, UNKNOWN: tiny takes
 * no client message id, so the message cannot be identified); after it, the reply is read from the history by its
 * id ({@link ReplyRecovery}, within the call timeout) and the stream goes on with the part not yet delivered.
 */
final class TinyBackend implements ChatBackend {
  private final Transport transport;
  private final Duration callTimeout;

  TinyBackend(ChatConfig config) {
    this.transport = Transport.builder(TinyProvider.NAME, config).build();
    this.callTimeout = config.callTimeout();
  }

  @Override
  public String vendor() {
    return TinyProvider.NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return TinyProvider.CAPABILITIES;
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    Map<String, Object> body = new LinkedHashMap<>();
    options.title().ifPresent(t -> body.put("title", t));
    JsonNode created = transport.json(ApiRequest.post(transport.url("sessions").build(), body).primary());
    return new SessionDetails(summary(created), List.of());
  }

  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    try (ChatStream stream = stream(sessionId, request)) {
      return stream.reply();
    }
  }

  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    long deadline = Cancellation.deadlineNanos(callTimeout);
    Transport.StreamCall call;
    try {
      call = transport.stream(ApiRequest.post(messagesUrl(sessionId), Map.of("text", request.text()))
          .accept("application/x-ndjson")
          .primary());
    } catch (ConnectionException e) {
      if (!ReplyRecovery.mayHaveBeenProcessed(e)) throw e;
      throw SendOutcomeUnknownException.builder(vendor(), sessionId)
          .messageState(SendOutcomeUnknownException.MessageState.UNKNOWN)
          .failure("the connection failed before the reply's ids arrived (" + e.getMessage() + "), and tiny takes no "
              + "client message id to find the message by")
          .cause(e)
          .build();
    }
    return ChatStream.of(TinyProvider.NAME, new Source(sessionId, call, deadline));
  }

  /** The reply with {@code replyId} in {@code history}, or not found (yet: a history may lag). */
  private static ReplyRecovery.Lookup<String> findReply(List<Message> history, String userMessageId,
      String replyId) {
    for (Message m : history) {
      if (replyId.equals(m.id())) return ReplyRecovery.Lookup.reply(userMessageId,
          m.text());
    }
    return ReplyRecovery.Lookup.notFound();
  }

  @Override
  public List<Message> history(String sessionId) {
    return messages(transport.json(ApiRequest.get(messagesUrl(sessionId)).primary()), sessionId);
  }

  @Override
  public SessionDetails getSession(String sessionId) {
    JsonNode session = transport.json(ApiRequest.get(transport.url("sessions", sessionId).build()).primary());
    return new SessionDetails(summary(session), messages(session, sessionId));
  }

  @Override
  public Page<SessionSummary> listSessions(PageRequest request) {
    HttpUrl.Builder url = transport.url("sessions");
    request.limit().ifPresent(l -> url.addQueryParameter("limit", String.valueOf(l)));
    request.cursor().ifPresent(c -> url.addQueryParameter("cursor", c));
    JsonNode page = transport.json(ApiRequest.get(url.build()).primary());
    List<SessionSummary> items = new ArrayList<>();
    for (JsonNode s : Json.list(page, "sessions")) items.add(summary(s));
    return new Page<>(items, Json.text(page, "next"), cursor -> listSessions(request.withCursor(cursor)));
  }

  @Override
  public void deleteSession(String sessionId) {
    transport.json(ApiRequest.delete(transport.url("sessions", sessionId).build()).primary());
  }

  private HttpUrl messagesUrl(String sessionId) {
    return transport.url("sessions", sessionId, "messages").build();
  }

  private static SessionSummary summary(JsonNode session) {
    String id = Json.id(session, "id");
    if (id == null) throw new ResponseFormatException("tiny sent a session without an id", session.toString());
    return SessionSummary.builder().id(id).title(Json.text(session, "title")).build();
  }

  private static List<Message> messages(JsonNode body, String sessionId) {
    List<Message> out = new ArrayList<>();
    for (JsonNode m : Json.list(body, "messages")) {
      String role = Json.text(m, "role");
      if (role == null) throw new ResponseFormatException("tiny sent a message without a role", m.toString());
      out.add(Message.builder().id(Json.id(m, "id")).sessionId(sessionId).role(Role.of(role))
          .text(Json.text(m, "text")).vendorData(Json.rest(m, Set.of("id", "role", "text"))).build());
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

  /** NDJSON packets → events: start, delta…, done; error → StreamException; anything else → Unknown. */
  private final class Source implements EventSource {
    private final String sessionId;
    private final Transport.StreamCall call;
    private final NdjsonReader reader;
    private final long deadline;
    private final ReplyAccumulator acc = new ReplyAccumulator();
    private final ArrayDeque<ChatEvent> recovered = new ArrayDeque<>();
    private boolean broken;
    private String messageId;
    private String userMessageId;

    Source(String sessionId, Transport.StreamCall call, long deadline) {
      this.sessionId = sessionId;
      this.call = call;
      this.reader = new NdjsonReader(call.source());
      this.deadline = deadline;
    }

    @Override
    public ChatEvent next() throws IOException {
      if (broken) return recovered.poll();
      JsonNode packet;
      try {
        packet = reader.next();
      } catch (InterruptedIOException e) {
        throw e; // a timeout stays a ChatTimeoutException: the caller bounded the wait
      } catch (IOException e) {
        if (messageId == null) throw e;
        return recover(e);
      }
      if (packet == null) return null;
      String type = String.valueOf(Json.text(packet, "type"));
      return switch (type) {
        case "start" -> {
          messageId = Json.id(packet, "id");
          userMessageId = Json.id(packet, "user_id");
          yield new ChatEvent.MessageStarted(messageId);
        }
        case "delta" -> acc.accept(new ChatEvent.TextDelta(String.valueOf(Json.text(packet, "text"))));
        case "error" -> throw new StreamException("tiny reported: " + Json.text(packet, "message"));
        case "done" -> new ChatEvent.Completed(reply());
        default -> new ChatEvent.Unknown(type, packet.toString());
      };
    }

    /** The rest of the reply, read from the history by its id: the deltas not yet delivered, then the end. */
    private ChatEvent recover(IOException e) {
      broken = true;
      call.close();
      ChatException failure = new ConnectionException(TinyProvider.NAME + " stream broke mid-reply: " + e, e);
      String full = ReplyRecovery.of(TinyProvider.NAME, sessionId, failure, deadline)
          .await(() -> history(sessionId), h -> findReply(h, userMessageId, messageId));
      String delivered = acc.text();
      if (!full.startsWith(delivered)) {
        throw new StreamException(TinyProvider.NAME + " stored a reply that does not continue what was streamed");
      }
      if (full.length() > delivered.length()) {
        recovered.add(acc.accept(new ChatEvent.TextDelta(full.substring(delivered.length()))));
      }
      recovered.add(new ChatEvent.Completed(reply()));
      return recovered.poll();
    }

    private ChatReply reply() {
      return ChatReply.builder().message(Message.builder().id(messageId).sessionId(sessionId).role(Role.ASSISTANT)
          .text(acc.text()).build()).userMessageId(userMessageId).build();
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
