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
import okhttp3.OkHttpClient;
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
 *       if (item instanceof Packet && PacketTypes.MESSAGE_DELTA.equals(((Packet) item).type())) {
 *         System.out.print(((Packet) item).content());
 *       }
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

  private static final System.Logger LOG = System.getLogger("dev.chatbridge.onyx");

  private final Transport transport;
  private final HttpUrl sendUrl; // built once: every message goes there
  private final Set<Thread> pendingStops = ConcurrentHashMap.newKeySet();

  OnyxClient(ChatConfig config, String authHeader) {
    this.transport = Transport.builder("onyx", config)
        .defaultBaseUrl(DEFAULT_BASE_URL)
        .auth(authHeader, "Bearer ")
        .errorMapper(OnyxErrors.INSTANCE)
        .build();
    this.sendUrl = transport.path("chat/send-chat-message").build();
  }

  /** A client from the ChatBridge configuration (vendor {@code onyx}); for the provider. */
  static OnyxClient of(ChatConfig config) {
    return new OnyxClient(config, "Authorization");
  }

  /** A builder for a {@link OnyxClient}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client from the ChatBridge keys ({@code chatbridge.api-key} / {@code CHATBRIDGE_API_KEY},
   * {@code chatbridge.base-url} / {@code CHATBRIDGE_BASE_URL}, timeouts; system properties win), the same keys
   * {@code ChatClients.fromEnvironment()} reads. The base URL defaults to Onyx Cloud.
   */
  public static OnyxClient fromEnv() {
    ChatConfig config = ChatConfig.fromEnvironment("onyx");
    if (config.apiKey().isEmpty()) {
      throw new ConfigurationException("onyx needs an API key: set chatbridge.api-key or CHATBRIDGE_API_KEY");
    }
    return of(config);
  }

  // ---- sessions

  /** {@code POST /chat/create-chat-session}. Never retried once sent. */
  public CreatedChatSession createChatSession(CreateChatSessionRequest request) {
    Objects.requireNonNull(request, "request");
    return CreatedChatSession.from(
        transport.json(ApiRequest.post(transport.path("chat/create-chat-session").build(), request.toBody())));
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
    return ChatSessionDetail.from(transport.json(ApiRequest.get(url.build())));
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
    return ChatSessionPage.from(transport.json(ApiRequest.get(url.build())));
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
    transport.json(ApiRequest.delete(url.build()));
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
   */
  public OnyxStream resumeStream(String chatSessionId) {
    HttpUrl url = transport.url("chat", "chat-session", requireId(chatSessionId), "resume-stream")
        .addQueryParameter("cursor", "0").build();
    Transport.StreamCall call = transport.stream(ApiRequest.get(url).accept("application/x-ndjson, text/event-stream"));
    try {
      return new OnyxStream(this, call, chatSessionId);
    } catch (RuntimeException e) {
      call.close();
      throw e;
    }
  }

  /** {@code GET /chat/file/{file_id}?parsed=}: a chat file's bytes (up to 32 MiB). */
  public byte[] downloadChatFile(String fileId, boolean parsed) {
    HttpUrl url = transport.url("chat", "file", PathSegments.requireId("onyx", "file id", fileId))
        .addQueryParameter("parsed", Boolean.toString(parsed)).build();
    try (Transport.StreamCall call = transport.stream(ApiRequest.get(url).accept("*/*"))) {
      BufferedSource source = call.source();
      if (source.request(Transport.MAX_BODY_BYTES + 1)) {
        throw new ResponseFormatException("onyx file " + fileId + " is larger than 32 MiB", "");
      }
      return source.getBuffer().readByteArray();
    } catch (IOException e) {
      throw new ConnectionException("onyx file download broke: " + e.getMessage(), e);
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
   */
  public OnyxStream streamChatMessage(SendMessageRequest request) {
    Objects.requireNonNull(request, "request");
    ApiRequest post = ApiRequest.post(sendUrl, request.toBody(true))
        .accept("application/x-ndjson, text/event-stream, application/json");
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
      throw new IllegalArgumentException("onyx feedback needs isPositive or feedbackText");
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
        LOG.log(System.Logger.Level.WARNING, () -> transport.scrub(
            "onyx stop-chat-session " + chatSessionId + " failed; the server may finish the reply: " + e.getMessage()));
      } finally {
        pendingStops.remove(Thread.currentThread());
      }
    }, "chatbridge-onyx-stop");
    t.setDaemon(true);
    pendingStops.add(t);
    t.start();
  }

  /** Every id that goes into a path or body passes the one core check (see {@link PathSegments}). */
  private static String requireId(String id) {
    return PathSegments.requireId("onyx", "chat session id", id);
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
   * transport defaults (connect 10 s, call 60 s, stream idle 60 s, 2 retries).
   */
  public static final class Builder {
    private final ChatConfig.Builder config = ChatConfig.builder().vendor("onyx");
    private String authHeader = "Authorization";

    private Builder() {}

    /** An API key ({@code on_…}) or personal access token ({@code onyx_pat_…}). */
    public Builder apiKey(String apiKey) {
      config.apiKey(apiKey);
      return this;
    }

    /** E.g. {@code https://onyx.example.com/api}; default {@value OnyxClient#DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      config.baseUrl(baseUrl);
      return this;
    }

    /** Sends the key in {@code X-Onyx-Authorization}, for proxies that consume {@code Authorization}. */
    public Builder useOnyxAuthorizationHeader(boolean use) {
      this.authHeader = use ? "X-Onyx-Authorization" : "Authorization";
      return this;
    }

    /** Longest time to set up a connection; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      config.connectTimeout(timeout);
      return this;
    }

    /** Longest time for one non-streaming call; default 60 s. */
    public Builder callTimeout(Duration timeout) {
      config.callTimeout(timeout);
      return this;
    }

    /** Longest silence between stream lines; Onyx sends a heartbeat after 15 s, so keep it above 30 s. */
    public Builder streamIdleTimeout(Duration timeout) {
      config.streamIdleTimeout(timeout);
      return this;
    }

    /** Longest a whole stream may take, however lively; default none (only the idle timeout). */
    public Builder streamTotalTimeout(Duration timeout) {
      config.streamTotalTimeout(timeout);
      return this;
    }

    /** Retries of calls that cannot duplicate anything (connect failures, 429/503 refusals, reads); default 2. */
    public Builder maxRetries(int maxRetries) {
      config.maxRetries(maxRetries);
      return this;
    }

    /** Allows plain {@code http://} to a non-loopback host (the key travels in clear). */
    public Builder allowInsecureHttp(boolean allow) {
      config.allowInsecureHttp(allow);
      return this;
    }

    /** Uses the caller's OkHttp client (its pool and dispatcher); the Onyx client never closes it. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      config.okHttpClient(okHttpClient);
      return this;
    }

    /** The client; a {@link dev.chatbridge.ConfigurationException} names anything missing or invalid. */
    public OnyxClient build() {
      ChatConfig built = config.build();
      if (built.apiKey().isEmpty()) {
        throw new ConfigurationException("onyx needs an API key: set apiKey(..)");
      }
      return new OnyxClient(built, authHeader);
    }
  }
}
