package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.PathSegments;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.json.StreamedJson;
import dev.chatbridge.spi.TypedClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * A typed client for a self-hosted Open WebUI server: the stored chats under {@code /api/v1/chats}, the model list
 * ({@code GET /api/models}) and unbound chat completions ({@code POST /api/chat/completions}). Authenticates with
 * {@code Authorization: Bearer} and an API key ({@code sk-…}) or a JWT. There is no default base URL. Thread-safe;
 * close it to free its connections.
 *
 * <pre>{@code
 * try (OpenWebUiClient owui = OpenWebUiClient.builder().baseUrl("https://chat.example.com").apiKey(key).build()) {
 *   ChatResponse chat = owui.createChat("Support", null);
 *   owui.models().forEach(m -> System.out.println(m.id()));
 * }
 * }</pre>
 */
public final class OpenWebUiClient implements AutoCloseable {
  /**
   * The vendor name.
   *
   * @deprecated the same as {@link OpenWebUiProvider#NAME}, where every vendor module keeps its name; use that.
   */
  @Deprecated
  public static final String VENDOR = OpenWebUiProvider.NAME;
  /** Chats per page of {@code GET /api/v1/chats/?page=n} in every server version. */
  public static final int DEFAULT_PAGE_SIZE = 60;
  /** How long a send waits after its write-back before checking it survived other writers, unless configured. */
  public static final Duration DEFAULT_WRITE_SETTLE = Duration.ofMillis(100);
  /** How often the server-managed path reads a running reply, unless configured. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
  /** The first version whose server keeps the history of a chat-bound completion itself (auto → server). */
  static final int[] SERVER_MANAGED_SINCE = {0, 11, 0};

  private static final System.Logger LOG = System.getLogger(OpenWebUiClient.class.getPackageName());
  private static final java.util.regex.Pattern VERSION =
      java.util.regex.Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  private final Transport transport;
  private final String model;
  private final int pageSize;
  private final Duration writeSettle;
  private final String history;
  private final Duration pollInterval;
  private final Duration streamIdleTimeout;
  private volatile Boolean serverManaged; // detected once, on the first send
  private final Duration callTimeout;
  private final int maxReplyChars;
  private volatile HttpUrl completionsUrl;

  private OpenWebUiClient(ChatConfig config) {
    if (config.baseUrl().isEmpty()) {
      throw new ConfigurationException(OpenWebUiProvider.NAME + " is self-hosted and has no default base URL: set "
          + "chatbridge.base-url or CHATBRIDGE_BASE_URL to your server (e.g. https://chat.example.com)");
    }
    OpenWebUiProvider.Options options = OpenWebUiProvider.options(config);
    this.transport = Transport.builder(OpenWebUiProvider.NAME, config)
        .auth("Authorization", "Bearer ")
        .errorMapper(OpenWebUiErrors.INSTANCE)
        .build();
    this.model = options.model();
    this.pageSize = options.pageSize();
    this.writeSettle = options.writeSettle();
    this.history = options.history();
    this.pollInterval = options.pollInterval();
    this.streamIdleTimeout = config.streamIdleTimeout();
    this.callTimeout = config.callTimeout();
    this.maxReplyChars = config.maxReplyChars();
  }

  /** A builder for an {@link OpenWebUiClient}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client from the ChatBridge keys in system properties, then the environment: {@code chatbridge.base-url},
   * {@code chatbridge.api-key}, {@code chatbridge.openwebui.model}, … (the vendor key is implied).
   */
  public static OpenWebUiClient fromEnv() {
    return create(ChatConfig.fromEnvironment(OpenWebUiProvider.NAME));
  }

  /**
   * A client from a ChatBridge configuration (what the {@code openwebui} provider uses), with its options
   * {@code model} and {@code page-size}. Throws {@link ConfigurationException} without a base URL.
   */
  public static OpenWebUiClient create(ChatConfig config) {
    return new OpenWebUiClient(Objects.requireNonNull(config, "config"));
  }

  /** The configured default model ({@code chatbridge.openwebui.model}), if any. */
  public Optional<String> defaultModel() {
    return Optional.ofNullable(model);
  }

  /** The server's page size this client assumes when paging chat lists. */
  public int pageSize() {
    return pageSize;
  }

  /**
   * How long a send waits after writing its exchange into the chat before it reads the chat again to check that no
   * other writer's stale copy replaced it (option {@code write-settle}, default {@link #DEFAULT_WRITE_SETTLE});
   * zero: no check (a chat with a single writer).
   */
  public Duration writeSettle() {
    return writeSettle;
  }

  /** How often the server-managed path reads a running reply (option {@code poll-interval}, default 250 ms). */
  public Duration pollInterval() {
    return pollInterval;
  }

  int maxReplyChars() {
    return maxReplyChars;
  }

  Duration streamIdleTimeout() {
    return streamIdleTimeout;
  }

  /**
   * The version the server reports ({@code GET /api/version}, which needs no authentication), e.g.
   * {@code "0.11.3"}.
   */
  public String serverVersion() {
    JsonNode body = transport.json(ApiRequest.get(transport.url("api", "version").build()));
    String v = Json.text(body, "version");
    if (v == null) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " /api/version has no 'version'", body.toString());
    }
    return v;
  }

  /** True when option {@code history=server} forces the server-managed path (known when the client is built). */
  boolean historyServer() {
    return history.equals("server");
  }

  /**
   * True when sends use the server-managed path: option {@code history=server}; {@code client} never; {@code auto}
   * (the default) when the server's version is 0.11.0 or newer, read once on the first send and cached. A version
   * that cannot be read or parsed means the client-managed path (logged at DEBUG), never a failed send.
   */
  boolean serverManaged() {
    Boolean known = serverManaged;
    if (known != null) return known;
    boolean server;
    if (history.equals("server")) {
      server = true;
    } else if (history.equals("client")) {
      server = false;
    } else {
      String v = null;
      try {
        v = serverVersion();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, OpenWebUiProvider.NAME + " version not readable, client-managed "
            + "history: " + e.getMessage());
      }
      server = v != null && atLeast(v, SERVER_MANAGED_SINCE);
    }
    serverManaged = server;
    return server;
  }

  /** True when {@code version}'s leading major.minor[.patch] is at least {@code min}; false when it has none. */
  static boolean atLeast(String version, int[] min) {
    java.util.regex.Matcher m = VERSION.matcher(version.trim());
    if (!m.find()) return false;
    try {
      int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
      for (int i = 0; i < 3; i++) if (v[i] != min[i]) return v[i] > min[i];
      return true;
    } catch (NumberFormatException e) {
      return false; // digits beyond int
    }
  }

  /**
   * {@code POST /api/chat/completions} bound to a stored chat (never retried: it starts a generation): the server
   * stores the user message and a placeholder reply and answers at once with its task ids.
   */
  List<String> startChatBound(ObjectNode body) {
    JsonNode answer = transport.json(ApiRequest.post(completionsUrl(), body).primary());
    JsonNode ids = answer == null ? null : answer.get("task_ids");
    if (answer == null || !answer.path("status").asBoolean(false) || ids == null || !ids.isArray()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " answered a chat-bound completion with "
          + answer + " where {\"status\":true,\"task_ids\":[…]} was expected", String.valueOf(answer));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode id : ids) out.add(id.asText());
    return out;
  }

  /** {@code POST /api/tasks/chat/{id}/stop}: stops the chat's running replies (the stored reply keeps its part). */
  void stopChatTasks(String chatId) {
    transport.json(ApiRequest.post(transport.url("api", "tasks", "chat", requireId(chatId), "stop").build(), null));
  }

  /** {@code /api/v1/chats/<segments…>}: each segment through the transport's one check (see {@link #url}). */
  private HttpUrl chats(String... segments) {
    String[] all = new String[3 + segments.length];
    all[0] = "api";
    all[1] = "v1";
    all[2] = "chats";
    System.arraycopy(segments, 0, all, 3, segments.length);
    return transport.url(all).build();
  }

  // ---- chats ---------------------------------------------------------------------------------------------------

  /**
   * Creates an empty chat as the web UI does: {@code title}, {@code models} (the default model, when set),
   * {@code timestamp} in milliseconds, and an empty {@code history}. {@code folderId} may be null.
   */
  public ChatResponse createChat(String title, String folderId) {
    return createChat(newChat(title, model), folderId);
  }

  /** Creates a chat from a complete {@code chat} object (plain Java values). {@code folderId} may be null. */
  public ChatResponse createChat(Map<String, Object> chat, String folderId) {
    return createChat(Json.fromPlain(Objects.requireNonNull(chat, "chat")), folderId);
  }

  ChatResponse createChat(JsonNode chat, String folderId) {
    ObjectNode body = Json.object();
    body.set("chat", chat);
    body.put("folder_id", folderId);
    return ChatResponse.parse(transport.json(ApiRequest.post(chats("new"), body).primary()));
  }

  static ObjectNode newChat(String title, String model) {
    ObjectNode chat = Json.object().put("title", title == null || title.isBlank() ? "New Chat" : title);
    if (model != null) chat.putArray("models").add(model);
    else chat.putArray("models");
    chat.putObject("params");
    chat.putArray("files");
    chat.putArray("tags");
    chat.put("timestamp", System.currentTimeMillis());
    ObjectNode history = chat.putObject("history");
    history.putObject("messages");
    history.putNull("currentId");
    chat.putArray("messages");
    return chat;
  }

  /** {@code GET /api/v1/chats/{id}}. A missing or foreign chat is a {@link dev.chatbridge.NotFoundException}. */
  public ChatResponse getChat(String id) {
    return ChatResponse.parse(transport.json(ApiRequest.get(chats(requireId(id))).primary()));
  }

  /**
   * {@link #getChat} as a step of a send or an archive (a read before or after the write-back, a poll of a
   * server-managed reply): not the request that carries the operation (the completion or the toggle does).
   */
  ChatResponse readChat(String id) {
    return ChatResponse.parse(transport.json(ApiRequest.get(chats(requireId(id)))));
  }

  /** One page (1-based, {@link #pageSize()} per page) of the user's chats, pinned and foldered ones included. */
  public List<ChatListItem> listChats(int page) {
    return listChats(page, true, true);
  }

  /**
   * One page (1-based) of the user's chats, newest update first. The server leaves out pinned and foldered chats
   * unless asked; archived chats never appear.
   */
  public List<ChatListItem> listChats(int page, boolean includePinned, boolean includeFolders) {
    if (page < 1) throw new IllegalArgumentException("pages are 1-based: " + page);
    HttpUrl url = transport.path("api/v1/chats/")
        .addQueryParameter("page", String.valueOf(page))
        .addQueryParameter("include_pinned", String.valueOf(includePinned))
        .addQueryParameter("include_folders", String.valueOf(includeFolders))
        .build();
    JsonNode body = transport.json(ApiRequest.get(url).primary());
    if (!body.isArray()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " chat list is not a JSON array", body.toString());
    }
    List<ChatListItem> out = new ArrayList<>(body.size());
    for (JsonNode item : body) out.add(ChatListItem.parse(item));
    return out;
  }

  /**
   * Replaces the stored chat with {@code chat}. Send the complete object: older servers merge only top-level keys
   * (a {@code history} sent replaces the stored one); newer ones merge messages and keep those left out. Repeating
   * it gives the same result, so it is retried like a read.
   */
  public ChatResponse updateChat(String id, Map<String, Object> chat) {
    return writeChat(id, Json.fromPlain(Objects.requireNonNull(chat, "chat")));
  }

  ChatResponse writeChat(String id, JsonNode chat) {
    ObjectNode body = Json.object();
    body.set("chat", chat);
    return ChatResponse.parse(transport.json(ApiRequest.of("POST", chats(requireId(id)), body, true)));
  }

  /**
   * {@link #writeChat} for a send's write-back: the server answers with the whole stored chat, as large as the
   * history (a long exchange makes it larger than the body cap), and only its {@code id} is needed, so only that
   * is read; the rest is skipped as it arrives, never buffered.
   */
  void storeChat(String id, JsonNode chat) {
    ObjectNode body = Json.object();
    body.set("chat", chat);
    JsonNode answer = transport.json(ApiRequest.of("POST", chats(requireId(id)), body, true),
        stream -> StreamedJson.fields(stream, Set.of("id"), null, null));
    if (answer == null || Json.id(answer, "id") == null) {
      throw new ResponseFormatException(
          OpenWebUiProvider.NAME + " answered the update of chat " + id + " with no chat id", "");
    }
  }

  /** Sets {@code chat.title} (a top-level key: every server merges it without touching the history). */
  public ChatResponse renameChat(String id, String title) {
    ObjectNode chat = Json.object().put("title", Objects.requireNonNull(title, "title"));
    return writeChat(id, chat);
  }

  /** Deletes a chat; true when the server says it did. */
  public boolean deleteChat(String id) {
    JsonNode body = transport.json(ApiRequest.delete(chats(requireId(id))).primary());
    return body.isBoolean() && body.booleanValue();
  }

  /** {@code POST /{id}/archive}: <b>toggles</b> the archived flag (it is also how to unarchive). */
  public ChatResponse toggleArchive(String id) {
    return ChatResponse.parse(transport.json(ApiRequest.post(chats(requireId(id), "archive"), null).primary()));
  }

  /** Archives the chat unless it already is: reads its state first, since the endpoint toggles. */
  public ChatResponse archiveChat(String id) {
    ChatResponse chat = readChat(id);
    return chat.archived() ? chat : toggleArchive(id);
  }

  /** Unarchives the chat unless it is not archived. */
  public ChatResponse unarchiveChat(String id) {
    ChatResponse chat = readChat(id);
    return chat.archived() ? toggleArchive(id) : chat;
  }

  /** {@code POST /{id}/pin}: <b>toggles</b> the pin. */
  public ChatResponse togglePin(String id) {
    return ChatResponse.parse(transport.json(ApiRequest.post(chats(requireId(id), "pin"), null)));
  }

  /**
   * Copies a chat into a new one ({@code chat.originalChatId} and {@code branchPointMessageId} set); {@code title}
   * null means the server's "Clone of …".
   */
  public ChatResponse cloneChat(String id, String title) {
    ObjectNode body = Json.object();
    if (title != null) body.put("title", title);
    return ChatResponse.parse(transport.json(ApiRequest.post(chats(requireId(id), "clone"), body)));
  }

  /** Shares (or re-snapshots) a chat; the response's {@link ChatResponse#shareId()} is the link token. */
  public ChatResponse shareChat(String id) {
    return ChatResponse.parse(transport.json(ApiRequest.post(chats(requireId(id), "share"), null)));
  }

  /** Removes a chat's share link. */
  public boolean unshareChat(String id) {
    JsonNode body = transport.json(ApiRequest.delete(chats(requireId(id), "share")));
    return body.isBoolean() && body.booleanValue();
  }

  // ---- models and completions ------------------------------------------------------------------------------------

  /** The models this user may use ({@code GET /api/models}), fetched on every call. */
  public List<Model> models() {
    JsonNode body = transport.json(ApiRequest.get(transport.url("api", "models").build()));
    JsonNode data = body.get("data");
    if (data == null || !data.isArray()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " /api/models has no 'data' array", body.toString());
    }
    List<Model> out = new ArrayList<>(data.size());
    for (JsonNode m : data) out.add(Model.parse(m));
    return out;
  }

  /** An unbound, non-streaming completion. Never retried once sent. */
  public ChatCompletion chatCompletion(CompletionRequest request) {
    return ChatCompletion.parse(transport.json(ApiRequest.post(completionsUrl(), request.body(false))));
  }

  /**
   * An unbound streaming completion, parsed as it arrives. Nothing is stored in any chat: for a stored exchange use
   * {@code ChatSession.stream} through {@link dev.chatbridge.ChatClients}.
   */
  public ChatStream streamChatCompletion(CompletionRequest request) {
    Transport.StreamCall call = openCompletionStream(request, true);
    return ChatStream.of(OpenWebUiProvider.NAME, completionEvents(call, new CompletionEventSource.Listener() {
      @Override
      public ChatReply completed(CompletionResult result) {
        return OpenWebUiMapping.reply(null, null, null, result, Instant.now());
      }

      @Override
      public ChatReply partial(CompletionResult result) {
        return completed(result);
      }
    }));
  }

  /** Opens a completion whose body is read incrementally, SSE or (with {@code stream:false}) JSON. */
  Transport.StreamCall openCompletionStream(CompletionRequest request, boolean stream) {
    return openCompletionStream(request.body(stream), stream);
  }

  /** As above, with the body already built ({@code stream} set to match). */
  Transport.StreamCall openCompletionStream(ObjectNode body, boolean stream) {
    return transport.stream(ApiRequest.post(completionsUrl(), body)
        .accept(stream ? "text/event-stream" : "application/json")
        .primary());
  }

  /** The events of a completion stream, its reply text kept up to {@code chatbridge.max-reply-chars}. */
  CompletionEventSource completionEvents(Transport.StreamCall call, CompletionEventSource.Listener listener) {
    return new CompletionEventSource(call, listener, maxReplyChars);
  }

  /** The configured call timeout: also how long a send waits for another send on the same chat. */
  Duration callTimeout() {
    return callTimeout;
  }

  private HttpUrl completionsUrl() {
    HttpUrl url = completionsUrl;
    if (url == null) completionsUrl = url = transport.url("api", "chat", "completions").build();
    return url;
  }

  /** Every chat id passes the one core check before it becomes a path segment (see {@link PathSegments}). */
  private static String requireId(String id) {
    return PathSegments.requireId(OpenWebUiProvider.NAME, "chat id", id);
  }

  /** Frees threads and connections; a caller-supplied OkHttp client is left open. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "OpenWebUiClient{" + transport + ", model=" + model + "}";
  }

  /**
   * Builds an {@link OpenWebUiClient}; the base URL (the server's root, e.g. {@code https://chat.example.com}) is
   * required: Open WebUI is self-hosted. The key is an API key ({@code sk-…}, Settings → Account) or a JWT.
   */
  public static final class Builder extends TypedClientBuilder<Builder, OpenWebUiClient> {
    private Builder() {
      super(OpenWebUiProvider.NAME);
    }

    /** The model to send with, as listed by {@link OpenWebUiClient#models()}. */
    public Builder model(String model) {
      return option(OpenWebUiProvider.MODEL, model);
    }

    /** The server's chat-list page size, if it is not the usual 60. */
    public Builder pageSize(int pageSize) {
      return option(OpenWebUiProvider.PAGE_SIZE, String.valueOf(pageSize));
    }

    /** How long a send waits after its write-back before it checks the write survived other writers. */
    public Builder writeSettle(Duration settle) {
      return option(OpenWebUiProvider.WRITE_SETTLE, settle.toMillis() + "ms");
    }

    @Override
    protected OpenWebUiClient build(ChatConfig config) {
      return new OpenWebUiClient(config);
    }
  }
}
