package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.Page;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.PathSegments;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.json.StreamedJson;
import dev.chatbridge.spi.TypedClientBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
import okio.BufferedSource;

/**
 * The typed OpenCX chat-session API ({@code https://api.open.cx}, {@code Authorization: Bearer <key>}): every
 * documented session endpoint, on the shared ChatBridge transport (timeouts, retries that never re-send a message,
 * typed errors, credential scrubbing). Thread-safe; make one and share it; {@link #close()} frees its threads.
 *
 * <pre>{@code
 * try (OpenCxClient opencx = OpenCxClient.builder().apiKey(key).build()) {
 *   String id = opencx.createSession(CreateSessionRequest.builder().customData("order_id", "ord_123").build());
 *   SendMessageResponse sent = opencx.send(id, SendMessageRequest.fromContact("Where is my order?").build());
 *   String reply = sent.replyText()
 *       .orElseGet(() -> opencx.awaitReply(id, sent.messageId().orElse(null), Duration.ofSeconds(60)).text());
 * }
 * }</pre>
 *
 * <p>Any 2xx status is success (OpenCX answers 201 on some snapshots and 200 on others).
 */
public final class OpenCxClient implements AutoCloseable {
  /** OpenCX's cloud API. */
  public static final String DEFAULT_BASE_URL = "https://api.open.cx";
  private static final int MAX_HISTORY_PAGES = 10_000;

  private final Transport transport;
  private final Duration callTimeout;
  private final ReplyPoller replies = new ReplyPoller((id, deadline) -> chronological(allHistory(id, deadline, false)));

  private OpenCxClient(ChatConfig config) {
    if (config.apiKey().isEmpty()) {
      throw ConfigurationException.forSetting(ChatConfig.API_KEY, OpenCxProvider.NAME
          + " needs an API key (from the OpenCX dashboard): set chatbridge.api-key or CHATBRIDGE_API_KEY");
    }
    this.transport = Transport.builder(OpenCxProvider.NAME, config)
        .defaultBaseUrl(DEFAULT_BASE_URL)
        .auth("Authorization", "Bearer ")
        .errorMapper(OpenCxErrors.INSTANCE)
        .build();
    this.callTimeout = config.callTimeout();
  }

  /** A builder for an {@link OpenCxClient}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client from the standard ChatBridge keys, system properties first, then environment:
   * {@code chatbridge.api-key} / {@code CHATBRIDGE_API_KEY}, {@code chatbridge.base-url} /
   * {@code CHATBRIDGE_BASE_URL} (default {@value #DEFAULT_BASE_URL}), {@code chatbridge.timeout}, … The vendor is
   * always {@code opencx}, whatever {@code chatbridge.vendor} says.
   */
  public static OpenCxClient fromEnv() {
    return create(ChatConfig.fromEnvironment(OpenCxProvider.NAME));
  }

  /**
   * A client from a ChatBridge configuration (what the {@code opencx} provider uses). Throws
   * {@link ConfigurationException} without an API key.
   */
  public static OpenCxClient create(ChatConfig config) {
    return new OpenCxClient(Objects.requireNonNull(config, "config"));
  }

  /** How long {@code ChatSession.send} waits in total for a reply that is not inline: the call timeout. */
  public Duration replyTimeout() {
    return callTimeout;
  }

  // ---- sessions

  /** {@code POST /chat/sessions} with an empty body: an {@code api} channel session; returns its id. */
  public String createSession() {
    return createSession(CreateSessionRequest.builder().build());
  }

  /**
   * {@code POST /chat/sessions}; returns the new session's id. A nested {@code custom_data} value is refused with
   * {@link dev.chatbridge.InvalidRequestException} before anything is sent. Never retried once sent.
   */
  public String createSession(CreateSessionRequest request) {
    Map<String, Object> body = Objects.requireNonNull(request, "request").toWire();
    JsonNode json = transport.json(ApiRequest.post(transport.path("chat/sessions").build(), body).primary());
    String id = Json.id(json, "id");
    if (id == null) {
      throw new ResponseFormatException(OpenCxProvider.NAME + " created a session but sent no id: " + json,
          String.valueOf(json));
    }
    return id;
  }

  /** {@code GET /chat/sessions/{id}}; 404 → {@link dev.chatbridge.NotFoundException}. */
  public OpenCxSession getSession(String sessionId) {
    JsonNode json = transport.json(ApiRequest.get(sessionUrl(sessionId).build()).primary());
    return OpenCxSession.from(json);
  }

  /** Every session, newest page first as the server orders them; {@link Page#autoPaging()} follows the cursor. */
  public Page<OpenCxSession> listSessions() {
    return listSessions(ListSessionsParams.none(), null);
  }

  /** {@code GET /chat/sessions} with filters. */
  public Page<OpenCxSession> listSessions(ListSessionsParams params) {
    return listSessions(params, null);
  }

  /** {@code GET /chat/sessions?cursor=…}: the page at {@code cursor} (null for the first). */
  public Page<OpenCxSession> listSessions(ListSessionsParams params, String cursor) {
    Objects.requireNonNull(params, "params");
    HttpUrl.Builder url = transport.path("chat/sessions");
    if (cursor != null) url.addQueryParameter("cursor", cursor);
    params.addTo(url);
    JsonNode json = transport.json(ApiRequest.get(url.build()).primary());
    List<OpenCxSession> items = new ArrayList<>();
    for (JsonNode n : Json.list(json, "items")) if (n.isObject()) items.add(OpenCxSession.from(n));
    return new Page<>(items, nextCursor(json, cursor), c -> listSessions(params, c));
  }

  /** {@code POST /chat/sessions/filter}: page/limit paging over free-form filters (a read; retried safely). */
  public FilterSessionsResult filterSessions(FilterSessionsRequest request) {
    Map<String, Object> body = Objects.requireNonNull(request, "request").toWire();
    JsonNode json = transport.json(ApiRequest.of("POST", transport.path("chat/sessions/filter").build(), body, true));
    return FilterSessionsResult.from(json);
  }

  /** {@code GET /chat/sessions/search?q=}: contacts and messages matching {@code query}. */
  public SearchResult searchSessions(String query) {
    if (query == null || query.isEmpty()) throw new IllegalArgumentException("search query must not be empty");
    HttpUrl url = transport.path("chat/sessions/search").addQueryParameter("q", query).build();
    return SearchResult.from(transport.json(ApiRequest.get(url)));
  }

  /**
   * {@code PATCH /chat/sessions/{id}}: changes the status (open, closed_resolved, closed_unresolved) with optional
   * flags. The server answers without a body.
   */
  public void updateSession(String sessionId, UpdateSessionRequest request) {
    Map<String, Object> body = Objects.requireNonNull(request, "request").toWire();
    transport.json(ApiRequest.of("PATCH", sessionUrl(sessionId).build(), body, true).primary());
  }

  /** Sets the status only. */
  public void updateStatus(String sessionId, SessionStatus status) {
    updateSession(sessionId, UpdateSessionRequest.status(status).build());
  }

  /** Closes the session as resolved ({@code closed_resolved}); what {@code ChatSession.end()} does. */
  public void closeSession(String sessionId) {
    updateStatus(sessionId, SessionStatus.CLOSED_RESOLVED);
  }

  /** Reopens a closed session. */
  public void reopenSession(String sessionId) {
    updateStatus(sessionId, SessionStatus.OPEN);
  }

  // ---- messages

  /** Sends {@code text} as the contact; see {@link #send(String, SendMessageRequest)}. */
  public SendMessageResponse send(String sessionId, String text) {
    return send(sessionId, SendMessageRequest.fromContact(text).build());
  }

  /**
   * {@code POST /chat/sessions/{id}/send}, as contact or agent. Returns the response in whichever shape the server
   * used; when it has no inline reply, {@link #awaitReply} reads it from the history. Never retried once it may have
   * reached the server; a nested {@code custom_data} value is refused before sending.
   */
  public SendMessageResponse send(String sessionId, SendMessageRequest request) {
    Map<String, Object> body = Objects.requireNonNull(request, "request").toWire();
    HttpUrl url = sessionUrl(sessionId).addPathSegment("send").build();
    return SendMessageResponse.from(transport.json(ApiRequest.post(url, body).primary()));
  }

  /** {@code GET /chat/sessions/{id}/history}: the first page of events; {@link Page#autoPaging()} walks the rest. */
  public Page<HistoryItem> history(String sessionId) {
    return history(sessionId, null);
  }

  /** The history page at {@code cursor} (null for the first). */
  public Page<HistoryItem> history(String sessionId, String cursor) {
    return historyPage(sessionId, cursor, null, true);
  }

  /** Every history event of the session, all pages, oldest first. */
  public List<HistoryItem> fullHistory(String sessionId) {
    return chronological(allHistory(sessionId, null, true));
  }

  /**
   * One page; {@code retried} false for polls, whose loop is the retry (so a failing poll cannot outlast the wait).
   * A poll reads the page item by item instead of buffering it whole: a history holding a message near the body
   * cap (the one just sent, and its echo or answer) must not make the wait for its reply fail.
   */
  private Page<HistoryItem> historyPage(String sessionId, String cursor, Duration timeout, boolean retried) {
    HttpUrl.Builder url = sessionUrl(sessionId).addPathSegment("history");
    if (cursor != null) url.addQueryParameter("cursor", cursor);
    ApiRequest request = ApiRequest.of("GET", url.build(), null, retried);
    // the history operation's own read; a send's snapshot and polls (not retried) never carry the operation
    if (retried) request = request.primary();
    if (timeout != null) request = request.timeout(timeout);
    List<HistoryItem> items;
    JsonNode json;
    if (retried) {
      json = transport.json(request);
      items = new ArrayList<>();
      for (JsonNode n : Json.list(json, "items")) if (n.isObject()) items.add(HistoryItem.from(n));
    } else {
      StreamedPage page = transport.json(request, this::readPage);
      items = page.items;
      json = page.rest;
    }
    return new Page<>(items, nextCursor(json, cursor), c -> history(sessionId, c));
  }

  /** A history page read item by item (credential scrubbed from every string, as the buffered read does). */
  private StreamedPage readPage(BufferedSource body) throws IOException {
    List<HistoryItem> items = new ArrayList<>();
    JsonNode rest = StreamedJson.fields(body, Set.of("next"), "items", n -> {
      if (n.isObject()) items.add(HistoryItem.from(StreamedJson.mapStrings(n, transport::scrub)));
    });
    return new StreamedPage(items, rest == null ? null : StreamedJson.mapStrings(rest, transport::scrub));
  }

  private record StreamedPage(List<HistoryItem> items, JsonNode rest) {}

  /**
   * Every page. With a {@code deadlineNanos} (null for none) each page gets at most the time left, and a walk that
   * reaches the deadline fails with {@link ChatTimeoutException}: a long history cannot stretch a poll past it.
   */
  private List<HistoryItem> allHistory(String sessionId, Long deadlineNanos, boolean retried) {
    List<HistoryItem> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String cursor = null;
    for (int pages = 0; pages < MAX_HISTORY_PAGES; pages++) {
      Duration timeout = null;
      if (deadlineNanos != null) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining < ReplyPoller.MIN_POLL_BUDGET.toNanos()) {
          throw new ChatTimeoutException(
              OpenCxProvider.NAME + " history of session " + sessionId + " was still paging at the deadline");
        }
        timeout = Duration.ofNanos(Math.min(remaining, callTimeout.toNanos()));
      }
      Page<HistoryItem> page = historyPage(sessionId, cursor, timeout, retried);
      all.addAll(page.items());
      cursor = page.next().orElse(null);
      if (cursor == null || !seen.add(cursor)) break; // a cursor seen before would loop forever
    }
    return all;
  }

  /**
   * The pages from {@code cursor} (null: the first) to the end, read once each without the transport's retries
   * and none past {@code deadlineNanos}, in the server's order, with the cursor the last page was read at: the
   * neutral send's snapshot before it sends, and its reads after, which start at that page instead of walking the
   * whole history again (a cursor marks a position in the event list, so the page it names grows as events are
   * added).
   */
  HistoryTail historyFrom(String sessionId, String cursor, long deadlineNanos) {
    List<HistoryItem> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String pageCursor = cursor;
    for (int pages = 0; pages < MAX_HISTORY_PAGES; pages++) {
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining < ReplyPoller.MIN_POLL_BUDGET.toNanos()) {
        throw new ChatTimeoutException(
            OpenCxProvider.NAME + " history of session " + sessionId + " was still paging at the deadline");
      }
      Duration timeout = Duration.ofNanos(Math.min(remaining, callTimeout.toNanos()));
      Page<HistoryItem> page = historyPage(sessionId, pageCursor, timeout, false);
      all.addAll(page.items());
      String next = page.next().orElse(null);
      if (next == null || !seen.add(next)) break; // a cursor seen before would loop forever
      pageCursor = next;
    }
    return new HistoryTail(all, pageCursor);
  }

  /** Events read by {@link #historyFrom}, and the cursor of the last page read (null: the first page). */
  record HistoryTail(List<HistoryItem> items, String lastPageCursor) {}

  /**
   * Waits for the answer to a message we sent: polls {@code GET /chat/sessions/{id}/history} (every page), first at
   * once, then after 250 ms, doubling to 2 s, until an {@code ai} or {@code human_agent} message newer than ours
   * appears. Ours is the event with id {@code afterMessageId} (from {@link SendMessageResponse#messageId()}).
   * A poll that fails with a timeout, a connection error or a 5xx is simply polled again. Throws
   * {@link ChatTimeoutException} naming the session after {@code timeout}; the message is never re-sent. A timeout
   * beyond about 146 years (half of what a nanosecond count holds) is cut to that instead of overflowing; a negative
   * one times out at once.
   */
  public HistoryItem awaitReply(String sessionId, String afterMessageId, Duration timeout) {
    return awaitReply(sessionId, afterMessageId, null, deadlineAfter(timeout));
  }

  /** The longest wait: half a nanosecond count, so a deadline minus {@link System#nanoTime()} cannot overflow. */
  static final Duration LONGEST_WAIT = Duration.ofNanos(Long.MAX_VALUE / 2);

  /** {@link System#nanoTime()} plus {@code timeout}, saturated to {@link #LONGEST_WAIT} (and to 0 below it). */
  static long deadlineAfter(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Duration wait = timeout.isNegative() ? Duration.ZERO : timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : timeout;
    return System.nanoTime() + wait.toNanos();
  }

  /**
   * The wait for the neutral send ({@link ReplyPoller}): our message is found by id, else (no id, or the id is not
   * in the history) as the latest contact message with {@code sentText}. A cancelled {@code sendAsync} stops it.
   */
  HistoryItem awaitReply(String sessionId, String afterMessageId, String sentText, long deadlineNanos) {
    return replies.await(sessionId, afterMessageId, sentText, deadlineNanos);
  }

  /**
   * Oldest first. The order of the history is not documented: when every item has a timestamp they are sorted by
   * it (stable, so ties keep the server's order); otherwise the server's order is kept.
   */
  static List<HistoryItem> chronological(List<HistoryItem> items) {
    List<HistoryItem> out = new ArrayList<>(items);
    if (out.stream().allMatch(i -> i.createdAt() != null)) out.sort(Comparator.comparing(HistoryItem::createdAt));
    return out;
  }

  // ---- redaction

  /** {@code POST /redaction/message}: irreversibly replaces the message's content with {@code [REDACTED]}. */
  public RedactionResult redactMessage(String messageId, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messageId", requireId(messageId, "messageId"));
    if (reason != null) body.put("reason", reason);
    return RedactionResult.from(transport.json(ApiRequest.post(transport.path("redaction/message").build(), body)));
  }

  /** {@code POST /redaction/session}: irreversibly redacts every message of the session and deletes its files. */
  public RedactionResult redactSession(String sessionId, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessionId", requireId(sessionId, "sessionId"));
    if (reason != null) body.put("reason", reason);
    return RedactionResult.from(transport.json(ApiRequest.post(transport.path("redaction/session").build(), body)));
  }

  private HttpUrl.Builder sessionUrl(String sessionId) {
    return transport.url("chat", "sessions", requireId(sessionId, "session id"));
  }

  /** Every id that goes into a path or body passes the one core check (see {@link PathSegments}). */
  private static String requireId(String id, String what) {
    return PathSegments.requireId(OpenCxProvider.NAME, what, id);
  }

  /** {@code next}, or null at the end (also when the server repeats the cursor it was given). */
  private static String nextCursor(JsonNode json, String current) {
    String next = Json.text(json, "next");
    if (next == null || next.isEmpty() || next.equals(current)) return null;
    return next;
  }

  /** Frees threads and connections; a caller-supplied OkHttp client is left open. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "OpenCxClient{" + transport + "}";
  }

  /**
   * Builds an {@link OpenCxClient}; only the API key is needed for OpenCX's cloud. The call timeout bounds each call
   * and also the whole wait for a reply that is not inline.
   */
  public static final class Builder extends TypedClientBuilder<Builder, OpenCxClient> {
    private Builder() {
      super(OpenCxProvider.NAME);
    }

    @Override
    protected OpenCxClient build(ChatConfig config) {
      return new OpenCxClient(config);
    }
  }
}
