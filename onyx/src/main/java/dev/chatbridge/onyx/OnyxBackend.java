package dev.chatbridge.onyx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.internal.Extras;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.spi.ChatBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The neutral API on top of {@link OnyxClient}. */
final class OnyxBackend implements ChatBackend {
  private final OnyxClient client;
  private final OnyxProvider.Options configured;
  private final OnyxResume resume;

  OnyxBackend(OnyxClient client, OnyxProvider.Options options, OnyxResume resume) {
    this.client = client;
    this.configured = options;
    this.resume = resume;
  }

  @Override
  public String vendor() {
    return OnyxProvider.NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return OnyxProvider.CAPABILITIES;
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    Integer persona = extraInt(options.extras(), OnyxProvider.PERSONA_ID, configured.personaId());
    Integer project = extraInt(options.extras(), OnyxProvider.PROJECT_ID, configured.projectId());
    String title = options.title().orElse(null);
    CreatedChatSession created = client.createChatSession(CreateChatSessionRequest.builder()
        .personaId(persona == null ? 0 : persona)
        .description(title)
        .projectId(project)
        .build());
    Map<String, Object> vendor = new LinkedHashMap<>();
    vendor.put("persona_id", persona == null ? 0 : persona);
    if (project != null) vendor.put("project_id", project);
    vendor.put("incognito", created.incognito());
    vendor.putAll(created.additionalProperties());
    return new SessionDetails(
        SessionSummary.builder().id(created.chatSessionId()).title(title).vendorData(vendor).build(), List.of());
  }

  private static Integer extraInt(Map<String, String> extras, String key, Integer fallback) {
    String v = extras.get(key);
    if (v == null) return fallback; // not a ternary: with an int branch it would unbox a null fallback
    return Extras.integer(OnyxProvider.NAME, "session option '" + key + "'", v);
  }

  /**
   * Streams and accumulates: the streaming path reports why a send failed, the non-streaming one hides it. A reply
   * whose connection breaks is rejoined within the send's time ({@link OnyxEventSource}). When the caller cancels
   * ({@code sendAsync(..).cancel(..)}), also while a reply is being rejoined, the server is told to stop
   * generating, as {@link ChatStream#cancel()} does: closing the connection alone does not stop Onyx.
   */
  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    OnyxEventSource source = open(sessionId, request);
    try (ChatStream stream = ChatStream.of(OnyxProvider.NAME, source)) {
      return stream.reply();
    } catch (RuntimeException e) {
      Cancellation cancellation = Cancellation.current();
      if (cancellation != null && cancellation.isCancelled()) source.cancel();
      throw e;
    }
  }

  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    return ChatStream.of(OnyxProvider.NAME, open(sessionId, request));
  }

  private OnyxEventSource open(String sessionId, MessageRequest request) {
    SendMessageRequest.Builder b = SendMessageRequest.builder().chatSessionId(sessionId).message(request.text());
    Integer parent = null;
    if (request.parentId().isPresent()) {
      String p = request.parentId().get();
      try {
        parent = Integer.valueOf(p.trim());
      } catch (NumberFormatException e) {
        throw InvalidRequestException.local(OnyxProvider.NAME,
            "parentId must be an Onyx message id (an integer), not '" + p + "'");
      }
      b.parentMessageId(parent);
    }
    applyExtras(b, request.extras());
    return new OnyxEventSource(client, client.streamChatMessage(b.build()), resume, parent, client.maxReplyChars());
  }

  private static void applyExtras(SendMessageRequest.Builder b, Map<String, String> extras) {
    extras.forEach((key, value) -> {
      String v = value.trim();
      String what = "extra '" + key + "'";
      switch (key) {
        case "deep-research" -> b.deepResearch(Extras.bool(OnyxProvider.NAME, what, v));
        case "include-citations" -> b.includeCitations(Extras.bool(OnyxProvider.NAME, what, v));
        case "additional-context" -> b.additionalContext(value);
        case "forced-tool-id" -> b.forcedToolId(Extras.integer(OnyxProvider.NAME, what, v));
        default -> {
          // Another vendor's extra (e.g. OSVI customer-id): ignored, so the same code runs on every vendor.
        }
      }
    });
  }

  @Override
  public SessionDetails getSession(String sessionId) {
    ChatSessionDetail detail = client.getChatSession(sessionId);
    return new SessionDetails(OnyxMapping.summary(detail), OnyxMapping.history(detail));
  }

  @Override
  public Page<SessionSummary> listSessions(PageRequest request) {
    ListChatSessionsRequest.Builder b = ListChatSessionsRequest.builder();
    request.limit().ifPresent(l -> b.pageSize(Math.min(l, 100)));
    request.cursor().ifPresent(b::before);
    ChatSessionPage page = client.listChatSessions(b.build());
    List<SessionSummary> items = new ArrayList<>();
    for (ChatSessionListItem s : page.sessions()) items.add(OnyxMapping.summary(s));
    return new Page<>(items, page.nextBefore(), cursor -> listSessions(request.withCursor(cursor)));
  }

  @Override
  public List<Message> history(String sessionId) {
    return OnyxMapping.history(client.getChatSession(sessionId));
  }

  @Override
  public void deleteSession(String sessionId) {
    client.deleteChatSession(sessionId);
  }

  @Override
  public void endSession(String sessionId) {
    throw unsupported(Capability.END_SESSION);
  }

  @Override
  public UnsupportedCapabilityException unsupported(Capability capability) {
    if (capability == Capability.END_SESSION) {
      return new UnsupportedCapabilityException(OnyxProvider.NAME, capability, OnyxProvider.NAME
          + " has no notion of closing or ending a chat session; delete it (deleteSession) or simply stop using it");
    }
    return ChatBackend.super.unsupported(capability);
  }

  @Override
  public Object typedClient() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
