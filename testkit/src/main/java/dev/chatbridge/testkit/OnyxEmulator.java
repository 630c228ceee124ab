package dev.chatbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An in-process Onyx server speaking the chat API under {@code /api}: bearer (or raw) keys, 403 for a bad key,
 * UUID session ids, integer message ids in a tree under a hidden root {@code system} message, the NDJSON stream of
 * {@code send-chat-message} written like Python's {@code json.dumps} (ids line, placement envelope,
 * {@code message_start}, one {@code message_delta} per word, a {@code citation_info}, {@code stop}), the
 * non-streaming {@code ChatFullResponse}, and Onyx's four error body shapes. Like the real server, a dropped
 * connection does not stop generation (the answer is saved); {@code stop-chat-session} does.
 *
 * <p>Durable runs, as in onyx-dot-app/onyx at commit a7d66a8b778c3f9026c4f89dae47d14a3f84816f
 * ({@code backend/onyx/chat/process_message.py} {@code _run_models} / {@code _drain_to_completion},
 * {@code backend/onyx/chat/stream_buffer.py}, {@code backend/onyx/server/query_and_chat/chat_backend.py}
 * {@code resume_stream}): a writer thread generates each reply to its end and appends every line (session line and
 * ids line first) to the run's buffer; the send response only tails that buffer, so a client that disconnects does
 * not stop the run. While it runs, {@code get-chat-session} shows {@code current_run: {"run_id": <reserved
 * assistant id>}} and the reserved assistant row holds Onyx's placeholder text; at its end the row gets the answer
 * and {@code current_run} is null. {@code GET /chat/chat-session/{id}/resume-stream?cursor=N} replays the buffer from
 * chunk N and tails the run (here one chunk per line: Onyx flushes whole lines in chunks the client cannot see, so
 * clients send 0), and ends after the run's last line; 404 {@code SESSION_NOT_FOUND} for an unknown or deleted
 * session, 404 {@code NOT_FOUND} "No resumable run for this chat session" when nothing runs (also right after a run
 * ended), 422 for a negative cursor. Heartbeats are not buffered (this emulator sends none). Break a live stream
 * with {@link Fault#truncateStream(int)} on the send path, refuse resumes with a {@link Fault} on the resume path,
 * and slow generation with {@link #generationPace(Duration)} so a run is still going when the client rejoins.
 */
public final class OnyxEmulator extends Emulator {
  /** The document every emulated answer cites. */
  public static final String CITED_DOCUMENT_ID = "emulator-doc-1";

  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final DateTimeFormatter PYTHON_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  /**
   * What the public {@code GET /version} (under {@code /api}) reports as {@code backend_version}: Onyx's
   * {@code __version__}, the {@code ONYX_VERSION} of the image (onyx-dot-app/onyx @
   * a7d66a8b778c3f9026c4f89dae47d14a3f84816f, {@code backend/onyx/server/manage/get_state.py} {@code get_version},
   * listed as public in {@code backend/onyx/server/auth_check.py}); a release with durable runs.
   */
  public static final String VERSION = "v4.2.0";

  /** What Onyx stores in a reserved reply row until its run ends ({@code reserve_message_id}). */
  public static final String PLACEHOLDER = "Response was terminated prior to completion, try regenerating.";

  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private volatile Duration generationPace = Duration.ZERO;
  private int nextMessageId = 1;
  private Instant lastTime = Instant.EPOCH;

  public OnyxEmulator() {
    super("onyx", "test-key-onyx");
  }

  /**
   * Waits {@code pace} before each generated text delta (default none), so that a run outlives a broken send
   * stream and a client rejoining it through {@code resume-stream} finds it still running. Returns this.
   */
  public OnyxEmulator generationPace(Duration pace) {
    this.generationPace = java.util.Objects.requireNonNull(pace, "pace");
    return this;
  }

  /** Starts on a free loopback port; returns this, typed, for try-with-resources. */
  @Override
  public OnyxEmulator start() {
    super.start();
    return this;
  }

  @Override
  public OnyxEmulator start(int port) {
    super.start(port);
    return this;
  }

  @Override
  protected String basePath() {
    return "/api";
  }

  @Override
  public String createPath() {
    return "/api/chat/create-chat-session";
  }

  @Override
  public String sendPath(String sessionId) {
    return "/api/chat/send-chat-message";
  }

  @Override
  public String readPath(String sessionId) {
    return "/api/chat/get-chat-session/" + sessionId;
  }

  @Override
  public String stopPath(String sessionId) {
    return "/api/chat/stop-chat-session/" + sessionId;
  }

  /** Onyx's error shapes: 422 validation, OnyxError codes where Onyx has one, else {@code {"detail"}}. */
  @Override
  public String errorBody(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (status) {
      case 422:
        body.put("status_code", 422);
        body.put("message", message);
        body.put("data", null);
        break;
      case 429:
        body.put("error_code", "RATE_LIMITED");
        body.put("detail", message);
        body.put("scope", "user");
        body.put("reset_at", pydanticTime(Instant.now().plusSeconds(60)));
        body.put("retry_after_seconds", 60);
        break;
      case 400:
        return onyxError("INVALID_INPUT", message);
      case 401:
        return onyxError("UNAUTHENTICATED", message);
      case 402:
        return onyxError("FEATURE_NOT_AVAILABLE", message);
      case 502:
        return onyxError("LLM_PROVIDER_ERROR", message);
      case 503:
        return onyxError("SERVICE_UNAVAILABLE", message);
      default:
        body.put("detail", message);
    }
    return Json.write(body);
  }

  private static String onyxError(String code, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("detail", detail);
    return Json.write(body);
  }

  private static String detail(String detail) {
    return Json.write(Map.of("detail", detail));
  }

  private static String message(String message) {
    return Json.write(Map.of("message", message));
  }

  private static String validation(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status_code", 422);
    body.put("message", message);
    body.put("data", null);
    return Json.write(body);
  }

  // ---- state

  private static final class Session {
    final String id;
    String description;
    final int personaId;
    final Integer projectId;
    final Instant created;
    Instant updated;
    boolean deleted;
    final int rootId;
    final Map<Integer, Msg> messages = new LinkedHashMap<>();
    boolean generating;
    boolean stopRequested;
    Run run; // the latest run; running while !run.done

    Session(String id, String description, int personaId, Integer projectId, Instant created, int rootId) {
      this.id = id;
      this.description = description;
      this.personaId = personaId;
      this.projectId = projectId;
      this.created = created;
      this.updated = created;
      this.rootId = rootId;
    }
  }

  private static final class Msg {
    final int id;
    final Integer parent;
    Integer latestChild;
    final String type;
    String text;
    final Instant sent;
    Map<String, String> citations;
    List<Object> contextDocs;
    String feedback;

    Msg(int id, Integer parent, String type, String text, Instant sent) {
      this.id = id;
      this.parent = parent;
      this.type = type;
      this.text = text;
      this.sent = sent;
    }
  }

  /** One durable run: its buffer of whole lines (one chunk per line) and whether it ended. Guarded by the emulator. */
  private static final class Run {
    final int id; // the reserved assistant message's: what current_run shows
    final List<String> lines = new ArrayList<>();
    boolean done;

    Run(int id) {
      this.id = id;
    }
  }

  /** Strictly increasing microsecond times, so {@code before} paging is exact. */
  private synchronized Instant now() {
    Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
    if (!t.isAfter(lastTime)) t = lastTime.plus(1, ChronoUnit.MICROS);
    lastTime = t;
    return t;
  }

  @Override
  public synchronized List<String> seedSessions(int count) {
    if (count < 0) throw new IllegalArgumentException("count must not be negative: " + count);
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) ids.add(newSession(null, 0, null).id);
    return ids;
  }

  private synchronized Session newSession(String description, int personaId, Integer projectId) {
    Instant t = now();
    int rootId = nextMessageId++;
    Session s = new Session(UUID.randomUUID().toString(), description, personaId, projectId, t, rootId);
    s.messages.put(rootId, new Msg(rootId, null, "system", "", t));
    sessions.put(s.id, s);
    return s;
  }

  /** Python {@code datetime.isoformat()} of a UTC time: {@code 2026-08-20T10:15:30.123456+00:00}. */
  static String pythonIso(Instant t) {
    OffsetDateTime o = t.atOffset(ZoneOffset.UTC);
    int micros = o.getNano() / 1000;
    return PYTHON_ISO.format(o) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
  }

  /** Pydantic's datetime serialisation: {@code 2026-08-20T10:15:30.123456Z}. */
  static String pydanticTime(Instant t) {
    OffsetDateTime o = t.atOffset(ZoneOffset.UTC);
    int micros = o.getNano() / 1000;
    return PYTHON_ISO.format(o) + (micros == 0 ? "" : String.format(".%06d", micros)) + "Z";
  }

  // ---- routing

  @Override
  protected void handle(Exchange ex) throws IOException {
    String path = ex.path();
    if (!path.startsWith("/api/")) {
      ex.json(404, detail("Not Found"));
      return;
    }
    if (path.equals("/api/version") && ex.method().equals("GET")) { // public, like /health
      ex.json(200, Map.of("backend_version", VERSION));
      return;
    }
    if (!authenticated(ex)) {
      ex.json(403, detail("Access denied. User is not authenticated."));
      return;
    }
    String route = path.substring("/api".length());
    if (route.equals("/chat/create-chat-session")) {
      if (expect(ex, "POST")) createSession(ex);
    } else if (route.equals("/chat/send-chat-message")) {
      if (expect(ex, "POST")) send(ex);
    } else if (route.startsWith("/chat/get-chat-session/")) {
      if (expect(ex, "GET")) getSession(ex, route.substring("/chat/get-chat-session/".length()));
    } else if (route.equals("/chat/get-user-chat-sessions")) {
      if (expect(ex, "GET")) listSessions(ex);
    } else if (route.equals("/chat/rename-chat-session")) {
      if (expect(ex, "PUT")) rename(ex);
    } else if (route.startsWith("/chat/delete-chat-session/")) {
      if (expect(ex, "DELETE")) delete(ex, route.substring("/chat/delete-chat-session/".length()));
    } else if (route.equals("/chat/delete-all-chat-sessions")) {
      if (expect(ex, "DELETE")) deleteAll(ex);
    } else if (route.startsWith("/chat/chat-session/") && route.endsWith("/resume-stream")) {
      if (expect(ex, "GET")) {
        resume(ex, route.substring("/chat/chat-session/".length(), route.length() - "/resume-stream".length()));
      }
    } else if (route.startsWith("/chat/stop-chat-session/")) {
      if (expect(ex, "POST")) stop(ex, route.substring("/chat/stop-chat-session/".length()));
    } else if (route.equals("/chat/create-chat-message-feedback")) {
      if (expect(ex, "POST")) feedback(ex);
    } else if (route.equals("/chat/remove-chat-message-feedback")) {
      if (expect(ex, "DELETE")) removeFeedback(ex);
    } else if (route.equals("/chat/set-message-as-latest")) {
      if (expect(ex, "PUT")) setLatest(ex);
    } else {
      ex.json(404, detail("Not Found"));
    }
  }

  private static boolean expect(Exchange ex, String method) throws IOException {
    if (ex.method().equals(method)) return true;
    ex.json(405, detail("Method Not Allowed"));
    return false;
  }

  /** {@code X-Onyx-Authorization} first, then {@code Authorization}; {@code Bearer <key>} or the raw key. */
  private boolean authenticated(Exchange ex) {
    String value = ex.header("X-Onyx-Authorization");
    if (value == null) value = ex.header("Authorization");
    if (value == null) return false;
    String key = value.startsWith("Bearer ") ? value.substring("Bearer ".length()).trim() : value.trim();
    return key.equals(apiKey());
  }

  // ---- sessions

  private void createSession(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    if (body == null || !(body.isObject() || body.isNull())) {
      ex.json(422, validation("Input should be a valid dictionary or object to extract fields from"));
      return;
    }
    Integer persona = Json.integer(body, "persona_id");
    if (Boolean.TRUE.equals(Json.bool(body, "incognito"))) {
      ex.json(402, onyxError("FEATURE_NOT_AVAILABLE", "Incognito chats are not available"));
      return;
    }
    Session s = newSession(Json.text(body, "description"), persona == null ? 0 : persona,
        Json.integer(body, "project_id"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chat_session_id", s.id);
    out.put("incognito", false);
    ex.json(200, out);
  }

  private void getSession(Exchange ex, String id) throws IOException {
    if (!UUID_PATTERN.matcher(id).matches()) {
      ex.json(422, validation("Input should be a valid UUID, invalid character: found `" + id + "`"));
      return;
    }
    boolean includeDeleted = "true".equalsIgnoreCase(ex.query("include_deleted"));
    Map<String, Object> out;
    synchronized (this) {
      Session s = sessions.get(id);
      if (s == null) {
        ex.json(404, detail("Chat session not found"));
        return;
      }
      if (s.deleted && !includeDeleted) {
        ex.json(404, detail("Chat session has been deleted"));
        return;
      }
      out = sessionDetail(s);
    }
    ex.json(200, out);
  }

  private Map<String, Object> sessionDetail(Session s) {
    List<Msg> ordered = new ArrayList<>(s.messages.values());
    // Onyx orders by parent id, nulls first: not chronological.
    ordered.sort(Comparator.comparing((Msg m) -> m.parent, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(m -> m.id));
    List<Object> messages = new ArrayList<>();
    List<Object> packets = new ArrayList<>();
    for (Msg m : ordered) {
      messages.add(messageDetail(s, m));
      if (m.type.equals("assistant")) packets.add(replay(m));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chat_session_id", s.id);
    out.put("description", s.description);
    out.put("persona_id", s.personaId);
    out.put("persona_name", "Assistant");
    out.put("personal_icon_name", null);
    out.put("messages", messages);
    out.put("time_created", pydanticTime(s.created));
    out.put("shared_status", "private");
    out.put("current_alternate_model", null);
    out.put("current_temperature_override", null);
    out.put("current_reasoning_effort_override", null);
    out.put("deleted", s.deleted);
    out.put("owner_name", null);
    out.put("incognito", false);
    out.put("packets", packets);
    out.put("current_run", s.run != null && !s.run.done ? Map.of("run_id", s.run.id) : null);
    return out;
  }

  private static Map<String, Object> messageDetail(Session s, Msg m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chat_session_id", s.id);
    out.put("message_id", m.id);
    out.put("parent_message", m.parent);
    out.put("latest_child_message", m.latestChild);
    out.put("message", m.text);
    out.put("reasoning_tokens", null);
    out.put("message_type", m.type);
    out.put("context_docs", m.contextDocs);
    out.put("citations", m.citations);
    out.put("time_sent", pydanticTime(m.sent));
    out.put("files", List.of());
    out.put("error", null);
    out.put("current_feedback", m.feedback);
    out.put("processing_duration_seconds", m.type.equals("assistant") ? 0.01 : null);
    out.put("preferred_response_id", null);
    out.put("model_display_name", m.type.equals("assistant") ? "Echo" : null);
    out.put("request_params", null);
    return out;
  }

  private static List<Object> replay(Msg m) {
    List<Object> out = new ArrayList<>();
    out.add(packet(0, 0, Map.of("type", "message_start", "final_documents", List.of(searchDoc()))));
    out.add(packet(0, 0, Map.of("type", "message_delta", "content", m.text)));
    if (m.citations != null) {
      m.citations.forEach((n, doc) -> out.add(packet(0, 0,
          Map.of("type", "citation_info", "citation_number", Integer.valueOf(n), "document_id", doc))));
    }
    Map<String, Object> stop = new LinkedHashMap<>();
    stop.put("type", "stop");
    stop.put("stop_reason", null);
    out.add(packet(0, 0, stop));
    return out;
  }

  private static Map<String, Object> packet(int turn, Integer model, Map<String, Object> obj) {
    Map<String, Object> placement = new LinkedHashMap<>();
    placement.put("turn_index", turn);
    placement.put("tab_index", 0);
    placement.put("sub_turn_index", null);
    placement.put("model_index", model);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("placement", placement);
    out.put("obj", obj);
    return out;
  }

  private static Map<String, Object> searchDoc() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("document_id", CITED_DOCUMENT_ID);
    doc.put("chunk_ind", 0);
    doc.put("semantic_identifier", "Emulator handbook");
    doc.put("link", "https://docs.example.com/emulator");
    doc.put("blurb", "How the emulator answers.");
    doc.put("source_type", "web");
    doc.put("boost", 0);
    doc.put("hidden", false);
    doc.put("metadata", Map.of());
    doc.put("score", 0.9);
    doc.put("is_relevant", null);
    doc.put("relevance_explanation", null);
    doc.put("match_highlights", List.of());
    doc.put("updated_at", null);
    doc.put("primary_owners", null);
    doc.put("secondary_owners", null);
    doc.put("is_internet", false);
    return doc;
  }

  private void listSessions(Exchange ex) throws IOException {
    int pageSize = 50;
    String ps = ex.query("page_size");
    if (ps != null) {
      try {
        pageSize = Integer.parseInt(ps);
      } catch (NumberFormatException e) {
        pageSize = -1;
      }
      if (pageSize < 1 || pageSize > 100) {
        ex.json(422, validation("page_size: Input should be between 1 and 100"));
        return;
      }
    }
    Instant before = null;
    String b = ex.query("before");
    if (b != null) {
      try {
        before = OffsetDateTime.parse(b).toInstant();
      } catch (DateTimeParseException e) {
        ex.json(422, detail("Invalid 'before' timestamp format"));
        return;
      }
    }
    String project = ex.query("project_id");
    boolean onlyNonProject = !"false".equalsIgnoreCase(ex.query("only_non_project_chats"));
    List<Object> page = new ArrayList<>();
    boolean hasMore = false;
    synchronized (this) {
      List<Session> all = new ArrayList<>(sessions.values());
      all.sort(Comparator.comparing((Session s) -> s.updated).reversed());
      for (Session s : all) {
        if (s.deleted) continue;
        if (project != null ? !project.equals(String.valueOf(s.projectId)) : onlyNonProject && s.projectId != null) {
          continue;
        }
        if (before != null && !s.updated.isBefore(before)) continue;
        if (page.size() == pageSize) {
          hasMore = true;
          break;
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", s.id);
        item.put("name", s.description);
        item.put("persona_id", s.personaId);
        item.put("time_created", pythonIso(s.created));
        item.put("time_updated", pythonIso(s.updated));
        item.put("shared_status", "private");
        item.put("current_alternate_model", null);
        item.put("current_temperature_override", null);
        item.put("current_reasoning_effort_override", null);
        page.add(item);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sessions", page);
    out.put("has_more", hasMore);
    ex.json(200, out);
  }

  private void rename(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    String id = Json.text(body, "chat_session_id");
    if (id == null) {
      ex.json(422, validation("chat_session_id: Field required"));
      return;
    }
    String name = Json.text(body, "name");
    synchronized (this) {
      Session s = sessions.get(id);
      if (s == null || s.deleted) {
        ex.json(400, message("Invalid Chat Session ID provided"));
        return;
      }
      if (name == null || name.isEmpty()) name = "Echo chat";
      s.description = name;
    }
    ex.json(200, Map.of("new_name", name));
  }

  private void delete(Exchange ex, String id) throws IOException {
    boolean hard = "true".equalsIgnoreCase(ex.query("hard_delete"));
    synchronized (this) {
      Session s = sessions.get(id);
      if (s == null) {
        ex.json(400, detail("Invalid Chat Session ID provided"));
        return;
      }
      if (s.deleted && !hard) {
        ex.json(400, detail("Chat session has been deleted"));
        return;
      }
      if (hard) sessions.remove(id);
      else s.deleted = true;
    }
    ex.json(200, "null");
  }

  private void deleteAll(Exchange ex) throws IOException {
    synchronized (this) {
      sessions.values().forEach(s -> s.deleted = true);
    }
    ex.json(200, "null");
  }

  private void stop(Exchange ex, String id) throws IOException {
    synchronized (this) {
      Session s = sessions.get(id);
      if (s == null) {
        ex.json(404, onyxError("SESSION_NOT_FOUND", "Chat session not found"));
        return;
      }
      if (s.generating) s.stopRequested = true;
    }
    ex.json(200, message("Chat session stopped"));
  }

  private void feedback(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    Integer id = Json.integer(body, "chat_message_id");
    Boolean positive = Json.bool(body, "is_positive");
    if (id == null || (positive == null && Json.text(body, "feedback_text") == null)) {
      ex.json(422, validation("Value error, Empty feedback received."));
      return;
    }
    synchronized (this) {
      Msg m = findMessage(id);
      if (m == null || !m.type.equals("assistant")) {
        ex.json(400, message("Can only provide feedback on LLM Outputs"));
        return;
      }
      if (positive != null) m.feedback = positive ? "like" : "dislike";
    }
    ex.json(200, "null");
  }

  private void removeFeedback(Exchange ex) throws IOException {
    String raw = ex.query("chat_message_id");
    Integer id = raw != null && raw.matches("\\d{1,9}") ? Integer.valueOf(raw) : null;
    if (id == null) {
      ex.json(422, validation("chat_message_id: Field required"));
      return;
    }
    synchronized (this) {
      Msg m = findMessage(id);
      if (m != null) m.feedback = null;
    }
    ex.json(200, "null");
  }

  private void setLatest(Exchange ex) throws IOException {
    Integer id = Json.integer(ex.json(), "message_id");
    if (id == null) {
      ex.json(422, validation("message_id: Field required"));
      return;
    }
    synchronized (this) {
      for (Session s : sessions.values()) {
        Msg m = s.messages.get(id);
        if (m == null) continue;
        for (Msg child = m; child.parent != null; child = s.messages.get(child.parent)) {
          s.messages.get(child.parent).latestChild = child.id;
        }
        ex.json(200, "null");
        return;
      }
    }
    ex.json(400, message("Invalid message id provided"));
  }

  private Msg findMessage(int id) {
    for (Session s : sessions.values()) {
      Msg m = s.messages.get(id);
      if (m != null) return m;
    }
    return null;
  }

  // ---- send

  /** What a send resolved to, or why it failed before an answer id was reserved. */
  private static final class Turn {
    Session session;
    boolean created;
    Msg user;
    Msg assistant;
    String failure;
  }

  private void send(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    if (body == null || !body.isObject() || !body.has("message") || !body.get("message").isTextual()) {
      ex.json(422, validation("1 validation error for SendMessageRequest\nmessage\n  Field required"));
      return;
    }
    if (body.hasNonNull("chat_session_id") && body.hasNonNull("chat_session_info")) {
      ex.json(422, validation("Value error, Provide either chat_session_id or chat_session_info, not both"));
      return;
    }
    String sessionId = Json.text(body, "chat_session_id");
    if (sessionId != null && !UUID_PATTERN.matcher(sessionId).matches()) {
      ex.json(422, validation("chat_session_id: Input should be a valid UUID"));
      return;
    }
    boolean stream = !Boolean.FALSE.equals(Json.bool(body, "stream"));
    if (!stream && Json.list(body, "llm_overrides").size() > 1) {
      ex.json(400, onyxError("INVALID_INPUT", "Multi-model mode requires stream=true"));
      return;
    }
    Turn turn = reserve(body);
    if (turn.failure != null) {
      if (!stream) {
        ex.json(400, message("Message ID is required"));
        return;
      }
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", turn.failure);
      error.put("stack_trace", null);
      error.put("error_code", "VALIDATION_ERROR");
      error.put("is_retryable", true);
      error.put("details", null);
      StreamWriter w = ex.stream("text/event-stream; charset=utf-8");
      w.event(py(error) + "\n");
      return;
    }
    String answer = replyTo(turn.user.text);
    if (!stream) {
      finish(turn, answer);
      ex.json(200, fullResponse(turn, answer));
      return;
    }
    Run run = new Run(turn.assistant.id);
    synchronized (this) {
      turn.session.run = run;
      if (turn.created) {
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("chat_session_id", turn.session.id);
        created.put("incognito", false);
        run.lines.add(py(created) + "\n");
      }
      Map<String, Object> ids = new LinkedHashMap<>();
      ids.put("user_message_id", turn.user.id);
      ids.put("reserved_assistant_message_id", turn.assistant.id);
      run.lines.add(py(ids) + "\n");
    }
    Thread writer = new Thread(() -> generate(turn, run, answer), "onyx-emulator-run-" + turn.assistant.id);
    writer.setDaemon(true);
    writer.start();
    tail(ex.stream("text/event-stream; charset=utf-8"), run, 0);
  }

  /**
   * The run's writer: appends message_start, one delta per word (checking the stop fence before each), the
   * citation and stop to the buffer, saving the answer before the last line. Like Onyx's writer it does not care
   * whether anybody reads.
   */
  private void generate(Turn turn, Run run, String answer) {
    StringBuilder sent = new StringBuilder();
    boolean stopped = false;
    try {
      Map<String, Object> start = new LinkedHashMap<>();
      start.put("type", "message_start");
      start.put("final_documents", List.of(searchDoc()));
      start.put("pre_answer_processing_seconds", 0.01);
      append(run, py(packet(0, 0, start)) + "\n");
      for (String chunk : chunks(answer)) {
        long pace = generationPace.toMillis();
        if (pace > 0) Thread.sleep(pace);
        if (stopRequested(turn.session)) {
          stopped = true;
          break;
        }
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("type", "message_delta");
        delta.put("content", chunk);
        append(run, py(packet(0, 0, delta)) + "\n");
        sent.append(chunk);
      }
      if (!stopped) {
        Map<String, Object> cite = new LinkedHashMap<>();
        cite.put("type", "citation_info");
        cite.put("citation_number", 1);
        cite.put("document_id", CITED_DOCUMENT_ID);
        append(run, py(packet(0, 0, cite)) + "\n");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    } finally {
      finish(turn, stopped ? sent.toString() : answer);
      Map<String, Object> stop = new LinkedHashMap<>();
      stop.put("type", "stop");
      stop.put("stop_reason", stopped ? "user_cancelled" : null);
      synchronized (this) {
        run.lines.add(py(packet(0, stopped ? null : 0, stop)) + "\n");
        run.done = true; // the run marker goes with its end: current_run null, resume 404 from now on
        notifyAll();
      }
    }
  }

  private synchronized void append(Run run, String line) {
    run.lines.add(line);
    notifyAll();
  }

  /** Writes the run's lines from {@code from} as they come, until its last line; a broken write ends only this. */
  private void tail(StreamWriter w, Run run, int from) throws IOException {
    for (int i = from; ; i++) {
      String line;
      synchronized (this) {
        while (i >= run.lines.size() && !run.done) {
          try {
            wait(1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (i >= run.lines.size()) return;
        line = run.lines.get(i);
      }
      w.event(line);
    }
  }

  /** {@code GET /chat/chat-session/{id}/resume-stream?cursor=N}. */
  private void resume(Exchange ex, String id) throws IOException {
    if (!UUID_PATTERN.matcher(id).matches()) {
      ex.json(422, validation("Input should be a valid UUID, invalid character: found `" + id + "`"));
      return;
    }
    String c = ex.query("cursor");
    int cursor;
    try {
      cursor = c == null ? 0 : Integer.parseInt(c);
    } catch (NumberFormatException e) {
      ex.json(422, validation("cursor: Input should be a valid integer"));
      return;
    }
    if (cursor < 0) {
      ex.json(422, validation("cursor: Input should be greater than or equal to 0"));
      return;
    }
    Run run;
    synchronized (this) {
      Session s = sessions.get(id);
      if (s == null || s.deleted) {
        ex.json(404, onyxError("SESSION_NOT_FOUND", "SESSION_NOT_FOUND"));
        return;
      }
      run = s.run;
      if (run == null || run.done) {
        ex.json(404, onyxError("NOT_FOUND", "No resumable run for this chat session"));
        return;
      }
    }
    tail(ex.stream("text/event-stream; charset=utf-8"), run, cursor);
  }

  private synchronized boolean stopRequested(Session s) {
    return s.stopRequested;
  }

  /** Resolves session and parent and stores the user message and the reserved answer, all under the lock. */
  private synchronized Turn reserve(JsonNode body) {
    Turn turn = new Turn();
    String id = Json.text(body, "chat_session_id");
    if (id != null) {
      Session s = sessions.get(id);
      if (s == null || s.deleted) {
        turn.failure = "Invalid Chat Session ID provided";
        return turn;
      }
      turn.session = s;
    } else {
      JsonNode info = Json.obj(body, "chat_session_info");
      Integer persona = Json.integer(info, "persona_id");
      turn.session = newSession(Json.text(info, "description"), persona == null ? 0 : persona,
          Json.integer(info, "project_id"));
      turn.created = true;
    }
    Session s = turn.session;
    List<Integer> mainline = new ArrayList<>();
    Msg m = s.messages.get(s.rootId);
    while (m != null) {
      mainline.add(m.id);
      m = m.latestChild == null ? null : s.messages.get(m.latestChild);
    }
    Msg parent;
    JsonNode p = body.get("parent_message_id");
    if (p == null || (p.isNumber() && p.intValue() == -1)) {
      parent = s.messages.get(mainline.get(mainline.size() - 1));
    } else if (p.isNull()) {
      parent = s.messages.get(s.rootId);
    } else if (p.isIntegralNumber() && mainline.contains(p.intValue())) {
      parent = s.messages.get(p.intValue());
    } else {
      turn.failure = "The new message sent is not on the latest mainline of messages";
      return turn;
    }
    Instant t = now();
    if (parent.type.equals("user")) {
      turn.user = parent; // regenerate: the request's text is ignored
    } else {
      Msg user = new Msg(nextMessageId++, parent.id, "user", body.get("message").asText(), t);
      s.messages.put(user.id, user);
      parent.latestChild = user.id;
      turn.user = user;
    }
    Msg assistant = new Msg(nextMessageId++, turn.user.id, "assistant", PLACEHOLDER, t);
    s.messages.put(assistant.id, assistant);
    turn.user.latestChild = assistant.id;
    turn.assistant = assistant;
    s.updated = t;
    s.generating = true;
    s.stopRequested = false;
    return turn;
  }

  private synchronized void finish(Turn turn, String text) {
    turn.assistant.text = text;
    turn.assistant.citations = Map.of("1", CITED_DOCUMENT_ID);
    turn.assistant.contextDocs = List.of(savedSearchDoc());
    turn.session.generating = false;
    turn.session.updated = now();
  }

  private static Map<String, Object> savedSearchDoc() {
    Map<String, Object> doc = searchDoc();
    doc.put("db_doc_id", 1);
    return doc;
  }

  private static Map<String, Object> fullResponse(Turn turn, String answer) {
    Map<String, Object> cite = new LinkedHashMap<>();
    cite.put("type", "citation_info");
    cite.put("citation_number", 1);
    cite.put("document_id", CITED_DOCUMENT_ID);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("answer", answer);
    out.put("answer_citationless", answer);
    out.put("pre_answer_reasoning", null);
    out.put("tool_calls", List.of());
    out.put("top_documents", List.of(searchDoc()));
    out.put("citation_info", List.of(cite));
    out.put("message_id", turn.assistant.id);
    out.put("chat_session_id", turn.session.id);
    out.put("incognito", false);
    out.put("error_msg", null);
    return out;
  }

  // ---- Python json.dumps

  /**
   * JSON as Python's {@code json.dumps} writes it: {@code ", "} and {@code ": "} separators, non-ASCII escaped as
   * {@code \\uXXXX}. Values: maps, lists, strings, numbers, booleans, null.
   */
  static String py(Object value) {
    StringBuilder sb = new StringBuilder();
    writePy(sb, value);
    return sb.toString();
  }

  private static void writePy(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String) {
      quote(sb, (String) v);
    } else if (v instanceof Boolean) {
      sb.append(((Boolean) v) ? "true" : "false");
    } else if (v instanceof Number) {
      sb.append(v);
    } else if (v instanceof Map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) sb.append(", ");
        first = false;
        quote(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        writePy(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List) {
      sb.append('[');
      boolean first = true;
      for (Object o : (List<?>) v) {
        if (!first) sb.append(", ");
        first = false;
        writePy(sb, o);
      }
      sb.append(']');
    } else {
      quote(sb, v.toString());
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        default:
          if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
      }
    }
    sb.append('"');
  }
}
