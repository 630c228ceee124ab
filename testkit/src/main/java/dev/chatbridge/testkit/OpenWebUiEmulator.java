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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An in-process Open WebUI server: bearer auth ({@code sk-} API key; anything else is read as a JWT and refused),
 * the chat store under {@code /api/v1/chats}, {@code GET /api/models}, {@code GET /api/version} (no auth) and
 * {@code POST /api/chat/completions} with OpenAI-style SSE, all shaped like the vendor's code. Chat updates follow
 * one of two server generations ({@link Persistence}), each reporting its own version; both answer a missing or
 * foreign chat with 401, as the real server does.
 *
 * <p>{@link Persistence#MESSAGE_MERGE} (v0.11) also runs chat-bound completions ({@code chat_id}, {@code id},
 * {@code user_message}, {@code session_id}): the user message and an empty assistant placeholder
 * ({@code done:false}) are stored at once, the answer is {@code {"status":true,"task_ids":[…],"chat_id"}}, and the
 * reply is generated in the background: it grows by one chunk each time its chat is read (so a client that polls
 * sees it grow, deterministically) and is stored with {@code done:true} and usage after the last chunk.
 * {@code GET /api/tasks/chat/{id}} lists the running task ids, {@code POST /api/tasks/chat/{id}/stop} stops them
 * (the part generated so far stored, {@code done:true}). {@link Fault#truncateStream(int)} on the chat-bound call
 * stores an {@code error} on the reply after that many chunks (the provider failed); {@link Fault#stallStream(int,
 * java.time.Duration)} stops its growth for the delay after that many chunks.
 *
 * <p>Sources (open-webui/open-webui): chat update semantics from {@code backend/open_webui/models/chats.py} @
 * 00059776a022be74646fe335b2aca1d7b70c6a4b ({@code update_chat_by_id}, {@code merge_history});
 * {@code /api/version} from {@code backend/open_webui/main.py} @ the same commit ({@code {"version",
 * "deployment_id"}}) and @ b93bf31d8426ffdb9b09083ffb86a06b89a72cee for v0.6 ({@code {"version"}}); the
 * chat-bound completion and the tasks routes from that main.py @ 00059776 ({@code chat_completion},
 * {@code /api/tasks/chat/{id}}, {@code /api/tasks/chat/{id}/stop}) and {@code insert_chat_turn} in models/chats.py
 * at 00059776; stop from {@code backend/open_webui/tasks.py} @ 006628757f62ffacf3fe54b2c7a74fac760e5bf1.
 */
public final class OpenWebUiEmulator extends Emulator {
  /** How {@code POST /api/v1/chats/{id}} merges the posted {@code chat} into the stored one; also the generation. */
  public enum Persistence {
    /** Up to v0.10.x: {@code {**stored, **posted}}; a posted {@code history} replaces the stored one. */
    SHALLOW_MERGE,
    /**
     * v0.11 and newer ({@code update_chat_by_id} + {@code merge_history}, under a row lock): top-level keys as
     * above, but a posted {@code history} is merged: the union of the message maps, where a posted message
     * replaces the stored one wholesale; {@code childrenIds} recomputed from the {@code parentId} links;
     * {@code currentId} the posted one if it exists, else the stored one. Stored messages of other users, and
     * stored assistant messages that are still running (stored or posted {@code done:false}), keep the stored
     * copy.
     */
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

  /** The version {@code GET /api/version} reports for {@link Persistence#SHALLOW_MERGE} unless set. */
  public static final String SHALLOW_MERGE_VERSION = "0.6.34";
  /** The version {@code GET /api/version} reports for {@link Persistence#MESSAGE_MERGE} unless set. */
  public static final String MESSAGE_MERGE_VERSION = "0.11.3";

  private static final String USER_ID = "b9a4e3f2-5c1d-4e7a-9f0b-2d6c8a1e3f57";
  private static final String OTHER_USER_ID = "0c7d2e91-8a4b-4f3c-b6e5-1a9d7c3e5b20";
  /** Chats per list page on the real server ({@code GET /api/v1/chats/?page=n}). */
  private static final int SERVER_PAGE_SIZE = 60;

  private final Persistence persistence;
  private final Map<String, StoredChat> chats = new LinkedHashMap<>();
  private long sequence;
  /** Running background replies by task id, in start order; guarded by this. */
  private final Map<String, Generation> running = new LinkedHashMap<>();
  private volatile int pageSize = SERVER_PAGE_SIZE;
  private volatile boolean sources;
  private volatile boolean apiKeysEnabled = true;
  private volatile String version;

  /** An emulator of the current server generation ({@link Persistence#MESSAGE_MERGE}). */
  public OpenWebUiEmulator() {
    this(Persistence.MESSAGE_MERGE);
  }

  /** An emulator of the generation {@code persistence} stands for, reporting its default version. */
  public OpenWebUiEmulator(Persistence persistence) {
    super("openwebui", "sk-7a3f0c9e1b2d4e6f8a0b1c2d3e4f5a6b");
    this.persistence = persistence;
    this.version = persistence == Persistence.SHALLOW_MERGE ? SHALLOW_MERGE_VERSION : MESSAGE_MERGE_VERSION;
  }

  /**
   * What {@code GET /api/version} reports, e.g. {@code "0.11.3"}; any string (a dev build's suffix, garbage)
   * or null, which makes the route answer 404 (a proxy that hides it). The behaviour stays the one of
   * {@link #persistence()}: a server that reports another version than its behaviour.
   */
  public OpenWebUiEmulator version(String version) {
    this.version = version;
    return this;
  }

  /** What {@code GET /api/version} reports; null when the route answers 404. */
  public String version() {
    return version;
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

  /** {@code POST /api/tasks/chat/{id}/stop}: stops the chat's running replies (server-managed path). */
  @Override
  public String stopPath(String sessionId) {
    return "/api/tasks/chat/" + sessionId + "/stop";
  }

  /**
   * The first of {@link #MODELS}; {@code page-size} when {@link #pageSize(int)} differs from the real server's
   * 60, so the client pages as this emulator does; and on {@link Persistence#MESSAGE_MERGE} a 1 ms
   * {@code poll-interval}, since a background reply here grows by one chunk per read of its chat.
   */
  @Override
  public Map<String, String> clientOptions() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("model", MODELS.get(0));
    int size = pageSize;
    if (size != SERVER_PAGE_SIZE) out.put("page-size", String.valueOf(size));
    // a background reply here grows one chunk per read of its chat: no need to wait between reads
    if (persistence == Persistence.MESSAGE_MERGE) out.put("poll-interval", "1ms");
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public String errorBody(int status, String message) {
    return Json.write(Json.object().put("detail", message));
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    if (ex.path().equals("/api/version") && ex.method().equals("GET")) {
      versionRoute(ex); // no auth dependency upstream
      return;
    }
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
    } else if (path.startsWith("/api/tasks/chat/") && persistence == Persistence.MESSAGE_MERGE) {
      tasks(ex, method, path.substring("/api/tasks/chat/".length()));
    } else {
      ex.json(404, errorBody(404, "Not Found"));
    }
  }

  /** {@code GET /api/version}: {@code {"version"}} on v0.6, {@code {"version","deployment_id"}} since. */
  private void versionRoute(Exchange ex) throws IOException {
    String v = version;
    if (v == null) {
      ex.json(404, Json.object().put("detail", "Not Found"));
      return;
    }
    ObjectNode out = Json.object().put("version", v);
    if (persistence == Persistence.MESSAGE_MERGE) out.putNull("deployment_id");
    ex.json(200, out);
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
          if (!mine) {
            ex.json(401, errorBody(401, NOT_FOUND));
          } else {
            advance(chat);
            ex.json(200, view(chat));
          }
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
    posted.properties().forEach(e -> merged.set(e.getKey(), e.getValue().deepCopy()));
    if (persistence == Persistence.MESSAGE_MERGE && posted.get("history") instanceof ObjectNode history) {
      merged.set("history", mergeUpdate(stored, history));
    }
    stored.chat = merged;
    stored.touch();
    ex.json(200, view(stored));
  }

  /**
   * v0.11 {@code update_chat_by_id}: {@code merge_history(stored, posted)}, then the stored copy of every message
   * of another user and of every running assistant message (stored or merged {@code done:false}), then
   * {@code childrenIds} recomputed once more.
   */
  private static ObjectNode mergeUpdate(StoredChat chat, ObjectNode posted) {
    JsonNode storedHistory = chat.chat.get("history");
    ObjectNode merged = mergeHistory(storedHistory, posted);
    ObjectNode messages = (ObjectNode) merged.get("messages");
    JsonNode storedMessages = storedHistory == null ? null : storedHistory.get("messages");
    if (storedMessages != null && storedMessages.isObject()) {
      storedMessages.properties().forEach(e -> {
        JsonNode m = e.getValue();
        if (!m.isObject()) return;
        String owner = m.path("user_id").isTextual() ? m.get("user_id").asText() : chat.userId;
        JsonNode now = messages.get(e.getKey());
        boolean running = "assistant".equals(m.path("role").asText())
            && (isFalse(m.get("done")) || now != null && isFalse(now.get("done")));
        if (!owner.equals(chat.userId) || running) messages.set(e.getKey(), m.deepCopy());
      });
    }
    return mergeHistory(merged, Json.object());
  }

  private static boolean isFalse(JsonNode v) {
    return v != null && v.isBoolean() && !v.booleanValue();
  }

  /**
   * v0.11 {@code merge_history}: the union of the message maps (a posted message replaces the stored one whole),
   * each message's {@code childrenIds} rebuilt from the {@code parentId} links in map order, {@code currentId} the
   * posted one if it is in the union, else the stored one if it is, else null; other history keys posted over
   * stored.
   */
  private static ObjectNode mergeHistory(JsonNode existing, JsonNode incoming) {
    ObjectNode union = Json.object();
    for (JsonNode h : new JsonNode[] {existing, incoming}) {
      JsonNode m = h == null ? null : h.get("messages");
      if (m == null || !m.isObject()) continue;
      m.properties().forEach(e -> {
        if (e.getValue().isObject()) {
          ObjectNode copy = e.getValue().deepCopy();
          copy.putArray("childrenIds");
          union.set(e.getKey(), copy);
        }
      });
    }
    union.properties().forEach(e -> {
      JsonNode parent = e.getValue().get("parentId");
      if (parent != null && parent.isTextual() && union.get(parent.asText()) instanceof ObjectNode p) {
        ((ArrayNode) p.get("childrenIds")).add(e.getKey());
      }
    });
    String current = textOrNull(incoming, "currentId");
    if (current == null || !union.has(current)) current = textOrNull(existing, "currentId");
    if (current != null && !union.has(current)) current = null;
    ObjectNode out = Json.object();
    if (existing != null && existing.isObject()) out.setAll(((ObjectNode) existing).deepCopy());
    if (incoming != null && incoming.isObject()) out.setAll(((ObjectNode) incoming).deepCopy());
    out.set("messages", union);
    out.put("currentId", current);
    return out;
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
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
    if (persistence == Persistence.MESSAGE_MERGE && body.path("chat_id").isTextual()
        && body.path("session_id").isTextual()) {
      chatBound(ex, body, model, lastUserText(messages));
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

  // ---- server-managed generation (v0.11) -------------------------------------------------------------------

  /** One background reply: its chunks and how many the chat shows so far. */
  private static final class Generation {
    final String taskId;
    final String chatId;
    final String assistantId;
    final List<String> chunks;
    final int promptTokens;
    final Fault fault;
    int shown;
    long stallUntil; // nanoTime until which a stalled reply shows no progress; 0: not stalled yet

    Generation(String taskId, String chatId, String assistantId, List<String> chunks, int promptTokens,
        Fault fault) {
      this.fault = fault;
      this.taskId = taskId;
      this.chatId = chatId;
      this.assistantId = assistantId;
      this.chunks = chunks;
      this.promptTokens = promptTokens;
    }
  }

  /** {@code insert_chat_turn}, then the task answer; the reply runs in the background ({@link #advance}). */
  private synchronized void chatBound(Exchange ex, JsonNode body, String model, String userText) throws IOException {
    String chatId = body.get("chat_id").asText();
    StoredChat chat = chats.get(chatId);
    if (chat == null || !chat.userId.equals(USER_ID)) {
      ex.json(404, errorBody(404, NOT_FOUND));
      return;
    }
    JsonNode posted = body.get("user_message");
    String assistantId = body.path("id").asText("");
    if (posted == null || !posted.isObject() || !posted.path("id").isTextual() || assistantId.isEmpty()) {
      ex.json(400, errorBody(400, "user_message with an id and an assistant id are required"));
      return;
    }
    ObjectNode history = chat.chat.get("history") instanceof ObjectNode h ? h : chat.chat.putObject("history");
    ObjectNode messages = history.get("messages") instanceof ObjectNode m ? m : history.putObject("messages");
    String userId = posted.get("id").asText();
    String parentId = posted.path("parentId").isTextual() ? posted.get("parentId").asText() : null;
    if (messages.has(userId) || messages.has(assistantId) || userId.equals(assistantId)) {
      ex.json(409, errorBody(409, "Message id already exists."));
      return;
    }
    if (parentId != null && !messages.has(parentId)) {
      ex.json(409, errorBody(409, "Parent message no longer exists."));
      return;
    }
    long now = System.currentTimeMillis() / 1000;
    ObjectNode user = ((ObjectNode) posted).deepCopy().put("id", userId).put("parentId", parentId)
        .put("role", "user").put("timestamp", now).put("user_id", USER_ID);
    user.putArray("childrenIds").add(assistantId);
    user.putObject("user").put("id", USER_ID).put("name", "Ada");
    ObjectNode assistant = Json.object().put("id", assistantId).put("parentId", userId);
    assistant.putArray("childrenIds");
    assistant.put("role", "assistant").put("content", "").put("done", false).put("model", model)
        .putNull("modelIdx");
    assistant.put("timestamp", now).put("user_id", USER_ID);
    String taskId = UUID.randomUUID().toString();
    assistant.putObject("meta").put("task_id", taskId);
    if (parentId != null && messages.get(parentId) instanceof ObjectNode parent) {
      (parent.get("childrenIds") instanceof ArrayNode a ? a : parent.putArray("childrenIds")).add(userId);
    }
    messages.set(userId, user);
    messages.set(assistantId, assistant);
    history.put("currentId", assistantId);
    chat.touch();
    int promptTokens = 0;
    for (JsonNode m : body.get("messages")) promptTokens += words(text(m.get("content")));
    // a stream fault on this call applies to the background reply: its answer here is whole
    Fault fault = ex.takeStreamFault();
    running.put(taskId, new Generation(taskId, chatId, assistantId, chunks(replyTo(userText)), promptTokens,
        fault));
    ObjectNode out = Json.object().put("status", true);
    out.putArray("task_ids").add(taskId);
    out.put("chat_id", chatId);
    ex.json(200, out);
  }

  /** One read of {@code chat}: each of its running replies shows one more chunk, or is stored done after the last. */
  private void advance(StoredChat chat) {
    for (Iterator<Generation> it = running.values().iterator(); it.hasNext(); ) {
      Generation g = it.next();
      if (!g.chatId.equals(chat.id)) continue;
      ObjectNode m = assistantOf(chat, g);
      if (m == null) {
        it.remove();
        continue;
      }
      Fault f = g.fault;
      if (f != null && g.shown >= f.events() && f.kind() == Fault.Kind.TRUNCATE_STREAM) {
        // the provider failed mid-reply: the server stores the error on the message (process_chat's finally)
        m.put("done", true);
        m.putObject("error").put("content", "Connection to the model was lost after " + g.shown + " chunks");
        it.remove();
        continue;
      }
      if (f != null && g.shown >= f.events() && f.kind() == Fault.Kind.STALL_STREAM) {
        if (g.stallUntil == 0) g.stallUntil = System.nanoTime() + f.delay().toNanos();
        if (System.nanoTime() < g.stallUntil) continue; // no progress while stalled
      }
      if (sources && g.shown == 0) m.set("sources", sourcesList());
      if (g.shown < g.chunks.size()) {
        g.shown++;
        m.put("content", String.join("", g.chunks.subList(0, g.shown)));
      } else {
        m.put("done", true);
        int out = words(m.path("content").asText());
        m.putObject("usage").put("prompt_tokens", g.promptTokens).put("completion_tokens", out)
            .put("total_tokens", g.promptTokens + out).put("input_tokens", g.promptTokens).put("output_tokens", out);
        it.remove();
      }
    }
  }

  private static ObjectNode assistantOf(StoredChat chat, Generation g) {
    JsonNode m = chat.chat.path("history").path("messages").get(g.assistantId);
    return m instanceof ObjectNode o ? o : null;
  }

  /** Task ids of the background replies still running in chat {@code chatId}. */
  public synchronized List<String> runningTasks(String chatId) {
    List<String> out = new ArrayList<>();
    for (Generation g : running.values()) if (g.chatId.equals(chatId)) out.add(g.taskId);
    return out;
  }

  /** {@code GET /api/tasks/chat/{id}} and {@code POST /api/tasks/chat/{id}/stop}. */
  private synchronized void tasks(Exchange ex, String method, String rest) throws IOException {
    String[] parts = rest.split("/");
    String chatId = parts[0];
    StoredChat chat = chats.get(chatId);
    boolean mine = chat != null && chat.userId.equals(USER_ID);
    if (parts.length == 1 && method.equals("GET")) {
      ObjectNode out = Json.object();
      ArrayNode ids = out.putArray("task_ids");
      if (mine) runningTasks(chatId).forEach(ids::add);
      ex.json(200, out);
    } else if (parts.length == 2 && parts[1].equals("stop") && method.equals("POST")) {
      if (!mine) {
        ex.json(404, Json.object().put("detail", "We could not find what you're looking for :/"));
        return;
      }
      List<String> stopped = new ArrayList<>();
      for (Iterator<Generation> it = running.values().iterator(); it.hasNext(); ) {
        Generation g = it.next();
        if (!g.chatId.equals(chatId)) continue;
        ObjectNode m = assistantOf(chat, g);
        if (m != null) m.put("done", true); // the part generated so far stays
        stopped.add(g.taskId);
        it.remove();
      }
      ex.json(200, Json.object().put("status", true).put("message", stopped.isEmpty() ? "No tasks found."
          : "Task " + String.join(", ", stopped) + " successfully stopped."));
    } else {
      ex.json(405, errorBody(405, "Method Not Allowed"));
    }
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
