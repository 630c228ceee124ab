package dev.chatbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An in-process Open WebUI server: bearer auth ({@code sk-} API key; anything else is read as a JWT and refused),
 * the chat store under {@code /api/v1/chats}, {@code GET /api/models} and {@code POST /api/chat/completions} with
 * OpenAI-style SSE, all shaped like the vendor sheet. Chat updates follow one of the two server generations
 * ({@link Persistence}); both answer a missing or foreign chat with 401, as the real server does.
 */
public final class OpenWebUiEmulator extends Emulator {
  /** How {@code POST /api/v1/chats/{id}} merges the posted {@code chat} into the stored one. */
  public enum Persistence {
    /** v0.6.x: {@code {**stored, **posted}}; a posted {@code history} replaces the stored one. */
    SHALLOW_MERGE,
    /** v0.10/0.11: history messages are upserted key by key; messages left out are kept. */
    MESSAGE_MERGE
  }

  /** {@code constants.ERROR_MESSAGES.NOT_FOUND}. */
  public static final String NOT_FOUND = "We could not find what you're looking for :/";
  /** {@code constants.ERROR_MESSAGES.ACCESS_PROHIBITED}. */
  public static final String ACCESS_PROHIBITED =
      "You do not have permission to access this resource. Please contact your administrator for assistance.";
  /** {@code constants.ERROR_MESSAGES.DEFAULT()}. */
  public static final String DEFAULT = "Something went wrong :/";
  /** {@code constants.ERROR_MESSAGES.INVALID_TOKEN}: an unknown {@code sk-} key. */
  public static final String INVALID_TOKEN = "Your session has expired or the token is invalid. Please sign in again.";
  /** The model ids {@code GET /api/models} lists. */
  public static final List<String> MODELS = List.of("llama3.2:latest", "gpt-4o");

  private static final String USER_ID = "b9a4e3f2-5c1d-4e7a-9f0b-2d6c8a1e3f57";
  private static final String OTHER_USER_ID = "0c7d2e91-8a4b-4f3c-b6e5-1a9d7c3e5b20";
  /** Chats per list page on the real server ({@code GET /api/v1/chats/?page=n}). */
  private static final int SERVER_PAGE_SIZE = 60;

  private final Persistence persistence;
  private final Map<String, StoredChat> chats = new LinkedHashMap<>();
  private long sequence;
  private volatile int pageSize = SERVER_PAGE_SIZE;
  private volatile boolean sources;
  private volatile boolean apiKeysEnabled = true;

  /** An emulator of the current server generation ({@link Persistence#MESSAGE_MERGE}). */
  public OpenWebUiEmulator() {
    this(Persistence.MESSAGE_MERGE);
  }

  public OpenWebUiEmulator(Persistence persistence) {
    super("openwebui", "sk-7a3f0c9e1b2d4e6f8a0b1c2d3e4f5a6b");
    this.persistence = persistence;
  }

  /** Chats per page of {@code GET /api/v1/chats/?page=n}; the real server uses 60. See {@link #clientOptions()}. */
  public OpenWebUiEmulator pageSize(int size) {
    if (size < 1) throw new IllegalArgumentException("page size must be positive");
    this.pageSize = size;
    return this;
  }

  /** Whether completions start with a {@code sources} frame (a RAG citation), as with knowledge attached. */
  public OpenWebUiEmulator sources(boolean on) {
    this.sources = on;
    return this;
  }

  /** When false, API keys get 403 "Use of API key is not enabled in the environment." (ENABLE_API_KEYS off). */
  public OpenWebUiEmulator apiKeysEnabled(boolean on) {
    this.apiKeysEnabled = on;
    return this;
  }

  public Persistence persistence() {
    return persistence;
  }

  @Override
  public synchronized List<String> seedSessions(int count) {
    if (count < 0) throw new IllegalArgumentException("count must not be negative: " + count);
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectNode chat = Json.object().put("title", "Seeded " + (i + 1));
      chat.putObject("history").putObject("messages");
      StoredChat c = new StoredChat(UUID.randomUUID().toString(), USER_ID, chat, ++sequence);
      chats.put(c.id, c);
      ids.add(c.id);
    }
    return ids;
  }

  /** Stores a chat owned by another user and returns its id: this key gets 401 for it. */
  public synchronized String addForeignChat(String title) {
    ObjectNode chat = Json.object().put("title", title);
    chat.putObject("history").putObject("messages");
    StoredChat c = new StoredChat(UUID.randomUUID().toString(), OTHER_USER_ID, chat, ++sequence);
    chats.put(c.id, c);
    return c.id;
  }

  /** The stored {@code chat} JSON of a chat as {@code GET} would return it, as plain Java values; null if none. */
  @SuppressWarnings("unchecked")
  public synchronized Map<String, Object> storedChat(String id) {
    StoredChat c = chats.get(id);
    return c == null ? null : (Map<String, Object>) Json.toPlain(view(c).get("chat"));
  }

  @Override
  public String createPath() {
    return "/api/v1/chats/new";
  }

  /** The completion; the chat's write-back ({@code POST /api/v1/chats/{id}}) follows it. */
  @Override
  public String sendPath(String sessionId) {
    return "/api/chat/completions";
  }

  @Override
  public String readPath(String sessionId) {
    return "/api/v1/chats/" + sessionId;
  }

  /**
   * The first of {@link #MODELS}, and {@code page-size} when {@link #pageSize(int)} differs from the real
   * server's 60, so the client pages as this emulator does.
   */
  @Override
  public Map<String, String> clientOptions() {
    int size = pageSize;
    return size == SERVER_PAGE_SIZE ? Map.of("model", MODELS.get(0))
        : Map.of("model", MODELS.get(0), "page-size", String.valueOf(size));
  }

  @Override
  public String errorBody(int status, String message) {
    return Json.write(Json.object().put("detail", message));
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    String token = bearer(ex);
    if (token == null) {
      ex.json(401, errorBody(401, "Not authenticated"));
      return;
    }
    if (token.startsWith("sk-")) {
      if (!apiKeysEnabled) {
        ex.json(403, errorBody(403, "Use of API key is not enabled in the environment."));
        return;
      }
      if (!token.equals(apiKey())) {
        ex.json(401, errorBody(401, INVALID_TOKEN));
        return;
      }
    } else {
      ex.json(401, errorBody(401, "Invalid token"));
      return;
    }
    String path = ex.path();
    String method = ex.method();
    if (path.equals("/api/models") && method.equals("GET")) {
      ex.json(200, models());
    } else if ((path.equals("/api/chat/completions") || path.equals("/api/v1/chat/completions"))
        && method.equals("POST")) {
      completions(ex);
    } else if (path.startsWith("/api/v1/chats/") || path.equals("/api/v1/chats")) {
      chats(ex, method, path.substring("/api/v1/chats".length()));
    } else {
      ex.json(404, errorBody(404, "Not Found"));
    }
  }

  private static String bearer(Exchange ex) {
    String auth = ex.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
    String custom = ex.header("x-api-key");
    return custom == null || custom.isBlank() ? null : custom.trim();
  }

  // ---- chats -------------------------------------------------------------------------------------------------

  private void chats(Exchange ex, String method, String rest) throws IOException {
    String[] parts = rest.equals("/") || rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
    if (parts.length == 0 || (parts.length == 1 && parts[0].equals("list"))) {
      if (method.equals("GET")) list(ex);
      else ex.json(405, errorBody(405, "Method Not Allowed"));
      return;
    }
    if (parts.length == 1 && parts[0].equals("new")) {
      if (method.equals("POST")) create(ex);
      else ex.json(405, errorBody(405, "Method Not Allowed"));
      return;
    }
    String id = parts[0];
    String action = parts.length > 1 ? parts[1] : "";
    synchronized (this) {
      StoredChat chat = chats.get(id);
      boolean mine = chat != null && chat.userId.equals(USER_ID);
      switch (method + " " + action) {
        case "GET ":
          if (!mine) ex.json(401, errorBody(401, NOT_FOUND));
          else ex.json(200, view(chat));
          return;
        case "POST ":
          if (!mine) ex.json(401, errorBody(401, ACCESS_PROHIBITED));
          else update(ex, chat);
          return;
        case "DELETE ":
          if (!mine) {
            ex.json(404, errorBody(404, NOT_FOUND));
          } else {
            chats.remove(id);
            ex.json(200, "true");
          }
          return;
        case "GET pinned":
          if (!mine) ex.json(401, errorBody(401, DEFAULT));
          else ex.json(200, String.valueOf(chat.pinned));
          return;
        case "POST pin":
          if (!mine) {
            ex.json(401, errorBody(401, DEFAULT));
          } else {
            chat.pinned = !chat.pinned;
            chat.touch();
            ex.json(200, view(chat));
          }
          return;
        case "POST archive":
          if (!mine) {
            ex.json(401, errorBody(401, DEFAULT));
          } else {
            chat.archived = !chat.archived;
            chat.touch();
            ex.json(200, view(chat));
          }
          return;
        case "POST share":
          if (!mine) {
            ex.json(401, errorBody(401, ACCESS_PROHIBITED));
          } else {
            if (chat.shareId == null) chat.shareId = UUID.randomUUID().toString();
            ex.json(200, view(chat));
          }
          return;
        case "DELETE share":
          if (!mine) {
            ex.json(401, errorBody(401, ACCESS_PROHIBITED));
          } else {
            boolean was = chat.shareId != null;
            chat.shareId = null;
            ex.json(200, String.valueOf(was || persistence == Persistence.MESSAGE_MERGE));
          }
          return;
        case "POST clone":
          if (!mine) ex.json(401, errorBody(401, DEFAULT));
          else cloneChat(ex, chat);
          return;
        default:
          ex.json(404, errorBody(404, "Not Found"));
      }
    }
  }

  private void create(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    JsonNode chat = body == null ? null : body.get("chat");
    if (chat == null || !chat.isObject()) {
      ex.json(422, fieldRequired(body, "chat"));
      return;
    }
    synchronized (this) {
      StoredChat c = new StoredChat(UUID.randomUUID().toString(), USER_ID, (ObjectNode) chat.deepCopy(), ++sequence);
      JsonNode folder = body.get("folder_id");
      c.folderId = folder != null && folder.isTextual() ? folder.asText() : null;
      chats.put(c.id, c);
      ex.json(200, view(c));
    }
  }

  private void list(Exchange ex) throws IOException {
    String pageParam = ex.query("page");
    Integer page = null;
    if (pageParam != null) {
      try {
        page = Integer.valueOf(pageParam);
      } catch (NumberFormatException e) {
        ArrayNode detail = Json.array();
        ObjectNode d = detail.addObject().put("type", "int_parsing");
        d.putArray("loc").add("query").add("page");
        d.put("msg", "Input should be a valid integer, unable to parse string as an integer").put("input", pageParam);
        ObjectNode err = Json.object();
        err.set("detail", detail);
        ex.json(422, err);
        return;
      }
    }
    boolean pinned = "true".equalsIgnoreCase(ex.query("include_pinned"));
    boolean folders = "true".equalsIgnoreCase(ex.query("include_folders"));
    List<StoredChat> mine = new ArrayList<>();
    synchronized (this) {
      for (StoredChat c : chats.values()) {
        if (!c.userId.equals(USER_ID) || c.archived) continue;
        if (c.pinned && !pinned) continue;
        if (c.folderId != null && !folders) continue;
        mine.add(c);
      }
      mine.sort(Comparator.comparingLong((StoredChat c) -> c.updatedAt).thenComparingLong(c -> c.order).reversed());
      int from = 0;
      int to = mine.size();
      if (page != null) {
        int p = Math.max(page, 1);
        from = Math.min((p - 1) * pageSize, mine.size());
        to = Math.min(from + pageSize, mine.size());
      }
      ArrayNode out = Json.array();
      for (StoredChat c : mine.subList(from, to)) {
        out.addObject().put("id", c.id).put("title", c.title()).put("updated_at", c.updatedAt)
            .put("created_at", c.createdAt);
      }
      ex.json(200, out);
    }
  }

  private void update(Exchange ex, StoredChat stored) throws IOException {
    JsonNode body = ex.json();
    JsonNode posted = body == null ? null : body.get("chat");
    if (posted == null || !posted.isObject()) {
      ex.json(422, fieldRequired(body, "chat"));
      return;
    }
    ObjectNode merged = stored.chat.deepCopy();
    posted.properties().forEach(e -> {
      if (persistence == Persistence.MESSAGE_MERGE && e.getKey().equals("history") && e.getValue().isObject()) {
        mergeHistory(merged, e.getValue());
      } else {
        merged.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    stored.chat = merged;
    stored.touch();
    ex.json(200, view(stored));
  }

  /** [new]: history keys merged; each posted message upserted into the stored one key by key. */
  private static void mergeHistory(ObjectNode chat, JsonNode posted) {
    JsonNode existing = chat.get("history");
    ObjectNode history = existing != null && existing.isObject() ? (ObjectNode) existing : chat.putObject("history");
    posted.properties().forEach(e -> {
      if (e.getKey().equals("messages") && e.getValue().isObject()) {
        JsonNode m = history.get("messages");
        ObjectNode messages = m != null && m.isObject() ? (ObjectNode) m : history.putObject("messages");
        e.getValue().properties().forEach(msg -> {
          JsonNode old = messages.get(msg.getKey());
          if (old != null && old.isObject() && msg.getValue().isObject()) {
            ((ObjectNode) old).setAll((ObjectNode) msg.getValue().deepCopy());
          } else {
            messages.set(msg.getKey(), msg.getValue().deepCopy());
          }
        });
      } else {
        history.set(e.getKey(), e.getValue().deepCopy());
      }
    });
  }

  private void cloneChat(Exchange ex, StoredChat source) throws IOException {
    JsonNode body = ex.json();
    if (body == null || !body.isObject()) {
      ex.json(422, fieldRequired(body, "body"));
      return;
    }
    ObjectNode chat = view(source).get("chat").deepCopy();
    String title = body.hasNonNull("title") ? body.get("title").asText() : "Clone of " + source.title();
    chat.put("title", title);
    chat.put("originalChatId", source.id);
    JsonNode current = chat.path("history").get("currentId");
    chat.set("branchPointMessageId", current == null ? NullNode.getInstance() : current);
    StoredChat c = new StoredChat(UUID.randomUUID().toString(), USER_ID, chat, ++sequence);
    c.folderId = source.folderId;
    chats.put(c.id, c);
    ex.json(200, view(c));
  }

  private static ObjectNode fieldRequired(JsonNode body, String field) {
    ObjectNode err = Json.object();
    ObjectNode d = err.putArray("detail").addObject().put("type", "missing");
    d.putArray("loc").add("body").add(field);
    d.put("msg", "Field required");
    d.set("input", body == null ? NullNode.getInstance() : body);
    return err;
  }

  /** The ChatResponse of a stored chat; [new] rehydrates {@code messages[]} from the branch. */
  private ObjectNode view(StoredChat c) {
    ObjectNode chat = c.chat.deepCopy();
    String current = chat.path("history").path("currentId").isTextual()
        ? chat.path("history").path("currentId").asText() : null;
    if (persistence == Persistence.MESSAGE_MERGE && chat.path("history").path("messages").isObject()) {
      chat.set("messages", branch(chat.path("history").path("messages"), current));
    }
    ObjectNode out = Json.object()
        .put("id", c.id)
        .put("user_id", c.userId)
        .put("title", c.title());
    out.set("chat", chat);
    out.put("updated_at", c.updatedAt).put("created_at", c.createdAt).put("share_id", c.shareId)
        .put("archived", c.archived).put("pinned", c.pinned);
    out.putObject("meta").putArray("tags");
    out.put("folder_id", c.folderId);
    if (persistence == Persistence.MESSAGE_MERGE) {
      out.putNull("tasks");
      out.putNull("summary");
      out.put("current_message_id", current);
    }
    return out;
  }

  private static ArrayNode branch(JsonNode messages, String leaf) {
    List<JsonNode> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String id = leaf;
    while (id != null && seen.add(id) && messages.get(id) != null) {
      JsonNode m = messages.get(id);
      path.add(0, m);
      JsonNode parent = m.get("parentId");
      id = parent != null && parent.isTextual() ? parent.asText() : null;
    }
    ArrayNode out = Json.array();
    path.forEach(m -> out.add(m.deepCopy()));
    return out;
  }

  // ---- models and completions ----------------------------------------------------------------------------------

  private static ObjectNode models() {
    ObjectNode out = Json.object();
    ArrayNode data = out.putArray("data");
    ObjectNode llama = data.addObject().put("id", "llama3.2:latest").put("name", "llama3.2:latest")
        .put("object", "model").put("created", 1709164800L).put("owned_by", "ollama").put("connection_type", "local");
    llama.putObject("ollama").put("name", "llama3.2:latest").put("model", "llama3.2:latest").put("size", 2019393189L);
    llama.put("urlIdx", 0);
    llama.putArray("tags");
    llama.putArray("actions");
    llama.putArray("filters");
    ObjectNode gpt = data.addObject().put("id", "gpt-4o").put("name", "GPT-4o").put("object", "model")
        .put("created", 1709164800L).put("owned_by", "openai").put("connection_type", "external");
    gpt.putObject("openai").put("id", "gpt-4o").put("object", "model").put("created", 1709164800L)
        .put("owned_by", "system");
    gpt.put("urlIdx", 0);
    gpt.putArray("tags");
    gpt.putArray("actions");
    gpt.putArray("filters");
    return out;
  }

  private void completions(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    if (body == null || !body.isObject()) {
      ex.json(422, fieldRequired(body, "body"));
      return;
    }
    String model = body.path("model").asText("");
    if (!MODELS.contains(model)) {
      ex.json(400, errorBody(400, "Model not found"));
      return;
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      ex.json(400, errorBody(400, "messages: at least one message is required"));
      return;
    }
    String reply = replyTo(lastUserText(messages));
    int promptTokens = 0;
    for (JsonNode m : messages) promptTokens += words(text(m.get("content")));
    int completionTokens = words(reply);
    String id = "chatcmpl-" + UUID.randomUUID();
    long created = System.currentTimeMillis() / 1000;
    ObjectNode usage = Json.object().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    if (!body.path("stream").asBoolean(false)) {
      ObjectNode out = Json.object().put("id", id).put("object", "chat.completion").put("created", created)
          .put("model", model);
      ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", reply);
      choice.put("finish_reason", "stop");
      out.set("usage", usage);
      if (sources) out.set("sources", sourcesList());
      ex.json(200, out);
      return;
    }
    StreamWriter w = ex.stream("text/event-stream; charset=utf-8");
    if (sources) {
      ObjectNode frame = Json.object();
      frame.set("sources", sourcesList());
      w.event("data: " + Json.write(frame) + "\n\n");
    }
    boolean first = true;
    for (String chunk : chunks(reply)) {
      ObjectNode delta = Json.object();
      if (first) delta.put("role", "assistant");
      delta.put("content", chunk);
      first = false;
      w.event("data: " + Json.write(chunk(id, created, model, delta, null)) + "\n\n");
    }
    ObjectNode last = chunk(id, created, model, Json.object(), "stop");
    last.set("usage", usage);
    w.event("data: " + Json.write(last) + "\n\n");
    w.event("data: [DONE]\n\n");
  }

  private static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finish) {
    ObjectNode out = Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created)
        .put("model", model);
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", finish);
    return out;
  }

  private static ArrayNode sourcesList() {
    ArrayNode out = Json.array();
    ObjectNode s = out.addObject();
    s.putObject("source").put("id", "3c1f6a2e-7b4d-4e8f-9a0b-5d2c1e7f8a90").put("name", "handbook.pdf")
        .put("type", "file");
    s.putArray("document").add("Refunds are processed within 5 business days.");
    s.putArray("metadata").addObject().put("source", "handbook.pdf").put("name", "handbook.pdf")
        .put("file_id", "3c1f6a2e-7b4d-4e8f-9a0b-5d2c1e7f8a90").put("page", 3);
    s.putArray("distances").add(0.21);
    return out;
  }

  private static String lastUserText(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode m = messages.get(i);
      if ("user".equals(m.path("role").asText())) return text(m.get("content"));
    }
    return "";
  }

  private static String text(JsonNode content) {
    if (content == null || content.isNull()) return "";
    if (content.isTextual()) return content.asText();
    StringBuilder sb = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode part : content) if (part.path("type").asText().equals("text")) sb.append(part.path("text").asText());
    }
    return sb.toString();
  }

  private static int words(String s) {
    return s.isBlank() ? 0 : s.trim().split("\\s+").length;
  }

  /** One stored chat row. */
  private static final class StoredChat {
    final String id;
    final String userId;
    final long order;
    final long createdAt;
    ObjectNode chat;
    long updatedAt;
    String shareId;
    String folderId;
    boolean archived;
    boolean pinned;

    StoredChat(String id, String userId, ObjectNode chat, long order) {
      this.id = id;
      this.userId = userId;
      this.chat = chat;
      this.order = order;
      this.createdAt = System.currentTimeMillis() / 1000;
      this.updatedAt = createdAt;
    }

    String title() {
      JsonNode t = chat.get("title");
      return t != null && t.isTextual() && !t.asText().isEmpty() ? t.asText() : "New Chat";
    }

    void touch() {
      updatedAt = System.currentTimeMillis() / 1000;
    }
  }
}
