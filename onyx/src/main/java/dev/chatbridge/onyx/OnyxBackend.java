package dev.chatbridge.onyx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.internal.Extras;
import dev.chatbridge.internal.PageCursor;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ReplyRecovery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The neutral API on top of {@link OnyxClient}. */
final class OnyxBackend implements ChatBackend {
  private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

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
    OnyxStream stream;
    try {
      stream = client.streamChatMessage(b.build());
    } catch (ConnectionException | ChatTimeoutException e) {
      // the POST may have reached the server: never sent again; the exchange is looked up by its parent link
      if (!resume.enabled() || !ReplyRecovery.mayHaveBeenProcessed(e)) throw e;
      return OnyxEventSource.afterFailedSend(client, e, resume, sessionId, parent, request.text(),
          client.maxReplyChars());
    }
    return OnyxEventSource.of(client, stream, resume, sessionId, parent, request.text(), client.maxReplyChars());
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

  /**
   * One page, at most the limit (Onyx honours {@code page_size} up to 100). Onyx pages by {@code time_updated <
   * before}, newest first, so new sessions never shift a page; but sessions sharing the last one's time would be
   * skipped. The cursor keeps the last session's id and time, and the next page asks from just after that time
   * ({@code before} = time + 1 µs, one more session) and continues after the last session.
   */
  @Override
  public Page<SessionSummary> listSessions(PageRequest request) {
    PageCursor at = request.cursor().map(c -> PageCursor.decode(OnyxProvider.NAME, c)).orElse(null);
    Integer limit = request.limit().orElse(null);
    boolean overlap = at != null && at.lastKey() != null && at.lastId() != null;
    String before = at == null ? null : overlap ? isoMicros(at.lastKey().plusNanos(1_000)) : at.server();
    ChatSessionPage page = listPage(limit == null ? null : (int) Math.min(100L, limit + (overlap ? 1L : 0L)), before);
    List<ChatSessionListItem> items = page.sessions();
    int start = overlap ? after(items, at.lastId()) : 0;
    if (overlap && start == items.size() && page.hasMore()) {
      // a whole page of sessions sharing the last one's time: go on strictly before it
      page = listPage(limit, isoMicros(at.lastKey()));
      items = page.sessions();
      start = 0;
    }
    int end = (int) Math.min(items.size(), (long) start + (limit == null ? Integer.MAX_VALUE : limit));
    List<SessionSummary> out = new ArrayList<>();
    for (ChatSessionListItem s : items.subList(start, end)) out.add(OnyxMapping.summary(s));
    String next = null;
    if (!out.isEmpty() && (end < items.size() || page.hasMore())) {
      ChatSessionListItem last = items.get(end - 1);
      if (last.timeUpdated() == null) {
        throw new ResponseFormatException(OnyxProvider.NAME + " listed session " + last.id()
            + " without time_updated, the cursor of the next page", last.toString());
      }
      next = new PageCursor(last.timeUpdated(), 0, last.id(), last.timeUpdatedInstant()).encode(OnyxProvider.NAME);
    }
    return new Page<>(out, next, cursor -> listSessions(request.withCursor(cursor)));
  }

  private ChatSessionPage listPage(Integer size, String before) {
    ListChatSessionsRequest.Builder b = ListChatSessionsRequest.builder();
    if (size != null) b.pageSize(Math.min(size, 100));
    if (before != null) b.before(before);
    return client.listChatSessions(b.build());
  }

  /** The index after the session {@code id}; 0 when it is not there (deleted, or moved up by an update). */
  private static int after(List<ChatSessionListItem> items, String id) {
    for (int i = 0; i < items.size(); i++) if (id.equals(items.get(i).id())) return i + 1;
    return 0;
  }

  /** {@code time} as Onyx writes it: ISO-8601 in UTC with microseconds and {@code +00:00}. */
  static String isoMicros(Instant time) {
    return ISO_MICROS.format(time.atOffset(ZoneOffset.UTC));
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
