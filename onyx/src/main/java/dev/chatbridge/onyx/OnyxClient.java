package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.PathSegments;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.spi.TypedClientBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okio.BufferedSource;

/**
 * The typed Onyx chat API: every chat-session route, with Onyx's own models. Thread-safe; make one and share it.
 * Uses the shared ChatBridge transport (timeouts, retries that never repeat a sent message, typed errors).
 *
 * <pre>{@code
 * try (OnyxClient onyx = OnyxClient.fromEnv()) {
 *   String id = onyx.createChatSession(CreateChatSessionRequest.builder().description("Support").build())
 *       .chatSessionId();
 *   try (OnyxStream stream = onyx.streamChatMessage(SendMessageRequest.of(id, "What is Onyx?"))) {
 *     for (OnyxStreamItem item : stream) {
 *       if (item instanceof Packet p && PacketTypes.MESSAGE_DELTA.equals(p.type())) System.out.print(p.content());
 *     }
 *   }
 * }
 * }</pre>
 */
public final class OnyxClient implements AutoCloseable {
  /** Onyx Cloud; self-hosted servers are {@code https://<host>/api} (through nginx). */
  public static final String DEFAULT_BASE_URL = "https://cloud.onyx.app/api";
  /** How long {@link #close()} waits for stop requests that {@link OnyxStream#cancel()} started. */
  static final Duration STOP_DRAIN = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(OnyxClient.class.getPackageName());

  private final Transport transport;
  private final HttpUrl sendUrl; // built once: every message goes there
  private final Set<Thread> pendingStops = ConcurrentHashMap.newKeySet();
  private final int maxReplyChars;

  private OnyxClient(ChatConfig config, String authHeader) {
    if (config.apiKey().isEmpty()) {
      throw ConfigurationException.forSetting(ChatConfig.API_KEY,
          OnyxProvider.NAME + " needs an API key: set chatbridge.api-key or CHATBRIDGE_API_KEY");
    }
    this.transport = Transport.builder(OnyxProvider.NAME, config)
        .defaultBaseUrl(DEFAULT_BASE_URL)
        .auth(authHeader, "Bearer ")
        .errorMapper(OnyxErrors.INSTANCE)
        .build();
    this.sendUrl = transport.path("chat/send-chat-message").build();
    this.maxReplyChars = config.maxReplyChars();
  }

  /** A builder for an {@link OnyxClient}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client from the ChatBridge keys ({@code chatbridge.api-key} / {@code CHATBRIDGE_API_KEY},
   * {@code chatbridge.base-url} / {@code CHATBRIDGE_BASE_URL}, timeouts; system properties win), the same keys
   * {@code ChatClients.fromEnvironment()} reads. The base URL defaults to Onyx Cloud.
   */
  public static OnyxClient fromEnv() {
    return create(ChatConfig.fromEnvironment(OnyxProvider.NAME));
  }

  /**
   * A client from a ChatBridge configuration (what the {@code onyx} provider uses); the key is sent as
   * {@code Authorization: Bearer}. Throws {@link ConfigurationException} without an API key.
   */
  public static OnyxClient create(ChatConfig config) {
    return new OnyxClient(Objects.requireNonNull(config, "config"), "Authorization");
  }

  /** How many characters of a streamed reply the neutral reply keeps ({@code chatbridge.max-reply-chars}). */
  int maxReplyChars() {
    return maxReplyChars;
  }

  // ---- sessions

  /** {@code POST /chat/create-chat-session}. Never retried once sent. */
  public CreatedChatSession createChatSession(CreateChatSessionRequest request) {
    Objects.requireNonNull(request, "request");
    ApiRequest post = ApiRequest.post(transport.path("chat/create-chat-session").build(), request.toBody());
    return CreatedChatSession.from(transport.json(post.primary()));
  }

  /** {@code GET /chat/get-chat-session/{id}}. */
  public ChatSessionDetail getChatSession(String chatSessionId) {
    return getChatSession(chatSessionId, false, false);
  }

  /**
   * {@code GET /chat/get-chat-session/{id}?is_shared=&include_deleted=}: {@code isShared} reads a session someone
   * else shared publicly; {@code includeDeleted} reads a soft-deleted one.
   */
  public ChatSessionDetail getChatSession(String chatSessionId, boolean isShared, boolean includeDeleted) {
    HttpUrl.Builder url = transport.url("chat", "get-chat-session", requireId(chatSessionId));
    if (isShared) url.addQueryParameter("is_shared", "true");
    if (includeDeleted) url.addQueryParameter("include_deleted", "true");
    return ChatSessionDetail.from(transport.json(ApiRequest.get(url.build()).primary()));
  }

  /** {@code GET /chat/get-user-chat-sessions}: one page, sessions updated most recently first. */
  public ChatSessionPage listChatSessions(ListChatSessionsRequest request) {
    Objects.requireNonNull(request, "request");
    HttpUrl.Builder url = transport.path("chat/get-user-chat-sessions");
    if (request.projectId() != null) url.addQueryParameter("project_id", request.projectId().toString());
    if (request.onlyNonProjectChats() != null) {
      url.addQueryParameter("only_non_project_chats", request.onlyNonProjectChats().toString());
    }
    if (request.includeFailedChats() != null) {
      url.addQueryParameter("include_failed_chats", request.includeFailedChats().toString());
    }
    if (request.pageSize() != null) url.addQueryParameter("page_size", request.pageSize().toString());
    // addQueryParameter percent-encodes '+' (%2B): a raw '+' in the offset reads as a space and gives 422.
    if (request.before() != null) url.addQueryParameter("before", request.before());
    return ChatSessionPage.from(transport.json(ApiRequest.get(url.build()).primary()));
  }

  /** Every session from {@code request} on, fetching the next page when the iterator reaches it. */
  public Iterable<ChatSessionListItem> listAllChatSessions(ListChatSessionsRequest request) {
    Objects.requireNonNull(request, "request");
    return () -> new Iterator<>() {
      private ListChatSessionsRequest nextRequest = request;
      private Iterator<ChatSessionListItem> current = List.<ChatSessionListItem>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (nextRequest == null) return false;
          ChatSessionPage page = listChatSessions(nextRequest);
          nextRequest = nextRequest.next(page);
          current = page.sessions().iterator();
        }
        return true;
      }

      @Override
      public ChatSessionListItem next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
      }
    };
  }

  /**
   * {@code PUT /chat/rename-chat-session}; returns the new name. A null or empty {@code name} asks the server to
   * generate a title with its LLM.
   */
  public String renameChatSession(String chatSessionId, String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chat_session_id", requireId(chatSessionId));
    body.put("name", name);
    boolean idempotent = name != null && !name.isEmpty();
    JsonNode answer = transport.json(
        ApiRequest.of("PUT", transport.path("chat/rename-chat-session").build(), body, idempotent));
    return Json.text(answer, "new_name");
  }

  /** {@code DELETE /chat/delete-chat-session/{id}}: the server's default (a soft delete unless configured). */
  public void deleteChatSession(String chatSessionId) {
    deleteChatSession(chatSessionId, null);
  }

  /** {@code DELETE /chat/delete-chat-session/{id}?hard_delete=}; a null {@code hardDelete} leaves it out. */
  public void deleteChatSession(String chatSessionId, Boolean hardDelete) {
    HttpUrl.Builder url = transport.url("chat", "delete-chat-session", requireId(chatSessionId));
    if (hardDelete != null) url.addQueryParameter("hard_delete", hardDelete.toString());
    transport.json(ApiRequest.delete(url.build()).primary());
  }

  /** {@code DELETE /chat/delete-all-chat-sessions}: every session of this credential. */
  public void deleteAllChatSessions() {
    transport.json(ApiRequest.delete(transport.path("chat/delete-all-chat-sessions").build()));
  }

  /**
   * {@code POST /chat/stop-chat-session/{id}}: stops the reply being generated; its stream then ends with
   * {@code stop_reason: "user_cancelled"} and the partial answer is saved. Returns the server's message.
   */
  public String stopChatSession(String chatSessionId) {
    HttpUrl url = transport.url("chat", "stop-chat-session", requireId(chatSessionId)).build();
    return Json.text(transport.json(ApiRequest.post(url, null)), "message");
  }

  /** {@code GET /chat/search?query=&page=&page_size=}: sessions matching {@code query}; nulls are left out. */
  public ChatSearchPage searchChatSessions(String query, Integer page, Integer pageSize) {
    HttpUrl.Builder url = transport.path("chat/search");
    if (query != null) url.addQueryParameter("query", query);
    if (page != null) url.addQueryParameter("page", page.toString());
    if (pageSize != null) url.addQueryParameter("page_size", pageSize.toString());
    return ChatSearchPage.from(transport.json(ApiRequest.get(url.build())));
  }

  /** {@code PATCH /chat/chat-session/{id}} with {@code sharing_status} {@code public} or {@code private}. */
  public void setChatSessionSharing(String chatSessionId, String sharingStatus) {
    Objects.requireNonNull(sharingStatus, "sharingStatus");
    HttpUrl url = transport.url("chat", "chat-session", requireId(chatSessionId)).build();
    transport.json(ApiRequest.of("PATCH", url, Map.of("sharing_status", sharingStatus), true));
  }

  /** {@code POST /chat/end-incognito-session/{id}}: ends an incognito session and discards it. */
  public void endIncognitoSession(String chatSessionId) {
    transport.json(ApiRequest.post(transport.url("chat", "end-incognito-session", requireId(chatSessionId)).build(),
        null));
  }

  /**
   * {@code GET /chat/chat-session/{id}/resume-stream?cursor=0}: replays the in-flight reply from its start, then
   * follows it live. A {@link dev.chatbridge.NotFoundException} means nothing is running: read the session instead.
   * As for every stream, closing it before its {@code stop} packet stops the reply ({@link OnyxStream}).
   */
  public OnyxStream resumeStream(String chatSessionId) {
    return resumeStream(chatSessionId, true);
  }

  /**
   * {@link #resumeStream(String)}; with {@code retried} false a failed request is not tried again by the transport:
   * a reply's recovery makes its own attempts ({@code resume-attempts}, with its own backoff) within the call's
   * time, which the transport's retries of a refused resume would otherwise use up.
   */
  OnyxStream resumeStream(String chatSessionId, boolean retried) {
    HttpUrl url = transport.url("chat", "chat-session", requireId(chatSessionId), "resume-stream")
        .addQueryParameter("cursor", "0").build();
    Transport.StreamCall call = transport.stream(ApiRequest.of("GET", url, null, retried)
        .accept("application/x-ndjson, text/event-stream"));
    try {
      return new OnyxStream(this, call, chatSessionId);
    } catch (RuntimeException e) {
      call.close();
      throw e;
    }
  }

  /** {@code GET /chat/file/{file_id}?parsed=}: a chat file's bytes (up to 32 MiB). */
  public byte[] downloadChatFile(String fileId, boolean parsed) {
    HttpUrl url = transport.url("chat", "file", PathSegments.requireId(OnyxProvider.NAME, "file id", fileId))
        .addQueryParameter("parsed", Boolean.toString(parsed)).build();
    try (Transport.StreamCall call = transport.stream(ApiRequest.get(url).accept("*/*"))) {
      BufferedSource source = call.source();
      if (source.request(Transport.MAX_BODY_BYTES + 1)) {
        throw new ResponseFormatException(OnyxProvider.NAME + " file " + fileId + " is larger than 32 MiB", "");
      }
      return source.getBuffer().readByteArray();
    } catch (IOException e) {
      throw new ConnectionException(OnyxProvider.NAME + " file download broke: " + e.getMessage(), e);
    }
  }

  // ---- messages

  /**
   * {@code POST /chat/send-chat-message} with {@code stream=false}: blocks until the whole answer is there. If the
   * request fails before an answer id is reserved (unknown session, parent off the mainline) Onyx answers 400
   * "Message ID is required" and hides the cause; {@link #streamChatMessage} reports it. Never retried once sent.
   */
  public ChatFullResponse sendChatMessage(SendMessageRequest request) {
    Objects.requireNonNull(request, "request");
    return ChatFullResponse.from(transport.json(
        ApiRequest.post(transport.path("chat/send-chat-message").build(), request.toBody(false))));
  }

  /**
   * {@code POST /chat/send-chat-message} with {@code stream=true}: the reply as NDJSON lines, read as they arrive.
   * Errors before the stream starts are thrown as API exceptions; later ones arrive as a {@link StreamingError}.
   * Closing the stream before its {@code stop} packet stops the reply on the server ({@link OnyxStream}).
   */
  public OnyxStream streamChatMessage(SendMessageRequest request) {
    Objects.requireNonNull(request, "request");
    ApiRequest post = ApiRequest.post(sendUrl, request.toBody(true))
        .accept("application/x-ndjson, text/event-stream, application/json")
        .primary();
    Transport.StreamCall call = transport.stream(post);
    try {
      return new OnyxStream(this, call, request.chatSessionId());
    } catch (RuntimeException e) {
      call.close();
      throw e;
    }
  }

  /**
   * {@code POST /chat/create-chat-message-feedback} on an assistant message: {@code isPositive} and/or
   * {@code feedbackText} must be set; {@code predefinedFeedback} may be null.
   */
  public void createMessageFeedback(int chatMessageId, Boolean isPositive, String feedbackText,
      String predefinedFeedback) {
    if (isPositive == null && feedbackText == null) {
      throw new IllegalArgumentException(OnyxProvider.NAME + " feedback needs isPositive or feedbackText");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chat_message_id", chatMessageId);
    if (isPositive != null) body.put("is_positive", isPositive);
    if (feedbackText != null) body.put("feedback_text", feedbackText);
    if (predefinedFeedback != null) body.put("predefined_feedback", predefinedFeedback);
    transport.json(ApiRequest.post(transport.path("chat/create-chat-message-feedback").build(), body));
  }

  /** {@code DELETE /chat/remove-chat-message-feedback?chat_message_id=}. */
  public void removeMessageFeedback(int chatMessageId) {
    HttpUrl url = transport.path("chat/remove-chat-message-feedback")
        .addQueryParameter("chat_message_id", Integer.toString(chatMessageId)).build();
    transport.json(ApiRequest.delete(url));
  }

  /** {@code PUT /chat/set-message-as-latest}: makes the branch of {@code messageId} the mainline. */
  public void setMessageAsLatest(int messageId) {
    transport.json(ApiRequest.of("PUT", transport.path("chat/set-message-as-latest").build(),
        Map.of("message_id", messageId), true));
  }

  /**
   * {@code PUT /chat/set-preferred-response}: in a multi-model run, marks which answer to {@code userMessageId} the
   * conversation continues from.
   */
  public void setPreferredResponse(int userMessageId, int preferredResponseId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user_message_id", userMessageId);
    body.put("preferred_response_id", preferredResponseId);
    transport.json(ApiRequest.of("PUT", transport.path("chat/set-preferred-response").build(), body, true));
  }

  /** Starts {@link #stopChatSession} on a daemon thread; failures are logged, never thrown. */
  void stopInBackground(String chatSessionId) {
    Thread t = new Thread(() -> {
      try {
        stopChatSession(chatSessionId);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, () -> transport.scrub(OnyxProvider.NAME + " stop-chat-session "
            + chatSessionId + " failed; the server may finish the reply: " + e.getMessage()));
      } finally {
        pendingStops.remove(Thread.currentThread());
      }
    }, "chatbridge-" + OnyxProvider.NAME + "-stop");
    t.setDaemon(true);
    pendingStops.add(t);
    t.start();
  }

  /** Every id that goes into a path or body passes the one core check (see {@link PathSegments}). */
  private static String requireId(String id) {
    return PathSegments.requireId(OnyxProvider.NAME, "chat session id", id);
  }

  /**
   * Frees threads and connections. Waits up to 5 s for stop requests started by {@link OnyxStream#cancel()}, so
   * the server hears them. A caller-supplied OkHttp client is left open.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + STOP_DRAIN.toNanos();
    for (Thread t : pendingStops) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    transport.close();
  }

  @Override
  public String toString() {
    return "OnyxClient{" + transport + "}";
  }

  /**
   * Builds an {@link OnyxClient}. Defaults: Onyx Cloud, {@code Authorization: Bearer <key>}, the ChatBridge
   * transport defaults (connect 10 s, call 60 s, stream idle 60 s, 2 retries). The key is an API key
   * ({@code on_…}) or a personal access token ({@code onyx_pat_…}); Onyx sends a heartbeat after 15 s of silence,
   * so keep the stream idle timeout above 30 s.
   */
  public static final class Builder extends TypedClientBuilder<Builder, OnyxClient> {
    private String authHeader = "Authorization";

    private Builder() {
      super(OnyxProvider.NAME);
    }

    /** Sends the key in {@code X-Onyx-Authorization}, for proxies that consume {@code Authorization}. */
    public Builder useOnyxAuthorizationHeader(boolean use) {
      this.authHeader = use ? "X-Onyx-Authorization" : "Authorization";
      return this;
    }

    @Override
    protected OnyxClient build(ChatConfig config) {
      return new OnyxClient(config, authHeader);
    }
  }
}
