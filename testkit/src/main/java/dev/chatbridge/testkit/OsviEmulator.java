package dev.chatbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An in-process OSVI AI server speaking both API generations at once, as the OSVI docs show them:
 *
 * <ul>
 *   <li>legacy: {@code POST /chat_sessions} (zone-less {@code started_at}, a welcome message),
 *       {@code POST /chat_messages/send_message}, {@code POST /chat_sessions/{id}/close_session};
 *   <li>Chat v1: {@code POST /v1/chat/session} (closes the customer's previous active session with the agent),
 *       {@code GET /v1/chat/session/active}, {@code POST /v1/chat/inbound},
 *       {@code POST /v1/chat/session/{id}/support} (takeover, tell, whisper, end, close, plain operator message)
 *       and {@code POST /v1/chat/session/{id}/inject_context}.
 * </ul>
 *
 * <p>Auth is the {@code API-Token} header; a wrong token gets 401 {@code {"success":false,"error":"Invalid API
 * token"}} on legacy paths and {@code {"success":false,"errors":["Invalid API token"]}} on v1 paths (the docs show
 * both shapes). Missing fields get 422 {@code {"success":false,"errors":[...]}} listing each one. The agent replies
 * {@link Emulator#replyTo(String)}; in {@code support} mode it does not reply ({@code reply: null}). Any
 * {@code agent_uuid} is accepted; {@link #AGENT_UUID} is the docs' example.
 *
 * <p>It serves both generations whatever its {@link Api}; the {@link Api} picks the one it describes to the
 * testkit's suites (paths, client options, table name).
 */
public final class OsviEmulator extends Emulator {
  /** Which API a client of this emulator speaks (its {@code api} option), for the testkit's suites. */
  public enum Api {
    /** The legacy chat-session API: no read operation, tables named {@code osvi-legacy}. */
    LEGACY,
    /** Chat v1, the client's default: no read operation, one active session per customer, {@code osvi-v1}. */
    V1
  }

  /** The agent id from OSVI's docs, handy for configuring clients. */
  public static final String AGENT_UUID = "agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og";
  /** The customer {@link #clientOptions()} configures. */
  public static final String CUSTOMER_ID = "+15551230001";
  /** The agent name legacy sessions report. */
  public static final String AGENT_NAME = "Support Agent";
  /** The legacy welcome message. */
  public static final String WELCOME_MESSAGE = "Hi! How can I help you today?";
  /** The operator a {@code takeover} assigns. */
  public static final String OPERATOR = "operator@example.com";

  private static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private final Map<String, LegacySession> legacy = new LinkedHashMap<>();
  private final Map<String, V1Session> sessions = new LinkedHashMap<>();
  private final Map<String, Integer> agentIds = new LinkedHashMap<>();
  private final Object lock = new Object();
  private final Api api;

  /** An emulator described to the suites as Chat v1, the client's default API. */
  public OsviEmulator() {
    this(Api.V1);
  }

  /** An emulator described to the suites as {@code api}; it serves both APIs either way. */
  public OsviEmulator(Api api) {
    super("osvi", "osvi-test-key-16");
    this.api = Objects.requireNonNull(api, "api");
  }

  /** The API this emulator describes to the suites. */
  public Api api() {
    return api;
  }

  @Override
  public String createPath() {
    return api == Api.V1 ? "/v1/chat/session" : "/chat_sessions";
  }

  @Override
  public String sendPath(String sessionId) {
    return api == Api.V1 ? "/v1/chat/inbound" : "/chat_messages/send_message";
  }

  /** Null: neither API reads a session's messages back. */
  @Override
  public String readPath(String sessionId) {
    return null;
  }

  /** {@link #AGENT_UUID}, {@link #CUSTOMER_ID} and the {@code api} ({@code v1} or {@code legacy}). */
  @Override
  public Map<String, String> clientOptions() {
    return Map.of("agent-uuid", AGENT_UUID, "customer-id", CUSTOMER_ID, "api", api.name().toLowerCase(Locale.ROOT));
  }

  /** Chat v1 keeps one active session per customer and agent: there each session is its own customer. */
  @Override
  public SessionOptions sessionOptions(int index) {
    return api == Api.V1 ? SessionOptions.builder().contactId(String.format("+1555200%04d", index)).build()
        : SessionOptions.defaults();
  }

  /** {@code osvi-v1} or {@code osvi-legacy}. */
  @Override
  public String matrixName() {
    return "osvi-" + api.name().toLowerCase(Locale.ROOT);
  }

  /** OSVI's error shape: {@code errors} (a list) for 422, {@code error} (a string) otherwise. */
  @Override
  public String errorBody(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    if (status == 422) body.put("errors", List.of(message));
    else body.put("error", message);
    return Json.write(body);
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    String path = ex.path();
    boolean v1 = path.startsWith("/v1/");
    if (!apiKey().equals(ex.header("API-Token"))) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("success", false);
      if (v1) body.put("errors", List.of("Invalid API token"));
      else body.put("error", "Invalid API token");
      ex.json(401, body);
      return;
    }
    String[] seg = path.substring(1).split("/");
    String method = ex.method();
    synchronized (lock) {
      if (method.equals("POST") && path.equals("/chat_sessions")) {
        startLegacy(ex);
      } else if (method.equals("POST") && path.equals("/chat_messages/send_message")) {
        sendLegacy(ex);
      } else if (method.equals("POST") && seg.length == 3 && seg[0].equals("chat_sessions")
          && seg[2].equals("close_session")) {
        closeLegacy(ex, seg[1]);
      } else if (method.equals("POST") && path.equals("/v1/chat/session")) {
        createV1(ex);
      } else if (method.equals("GET") && path.equals("/v1/chat/session/active")) {
        active(ex);
      } else if (method.equals("POST") && path.equals("/v1/chat/inbound")) {
        inbound(ex);
      } else if (method.equals("POST") && seg.length == 5 && path.startsWith("/v1/chat/session/")
          && seg[4].equals("support")) {
        support(ex, seg[3]);
      } else if (method.equals("POST") && seg.length == 5 && path.startsWith("/v1/chat/session/")
          && seg[4].equals("inject_context")) {
        injectContext(ex, seg[3]);
      } else {
        ex.json(404, errorBody(404, "Not found"));
      }
    }
  }

  // ------------------------------------------------------------------ legacy

  private void startLegacy(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    if (missing(ex, body, "agent_uuid")) return;
    LegacySession s = new LegacySession(UUID.randomUUID().toString(), body.get("agent_uuid").asText(),
        Json.text(Json.obj(body, "metadata"), "person_name"));
    legacy.put(s.id, s);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("session_id", s.id);
    data.put("agent_name", AGENT_NAME);
    data.put("started_at", LocalDateTime.now(ZoneOffset.UTC).format(LEGACY_TIME)); // no zone, as OSVI sends it
    data.put("welcome_message", WELCOME_MESSAGE);
    ok(ex, data);
  }

  private void sendLegacy(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    if (missing(ex, body, "agent_uuid", "chat_session_id", "message")) return;
    LegacySession s = legacy.get(body.get("chat_session_id").asText());
    if (s == null) {
      ex.json(404, errorBody(404, "Chat session not found"));
      return;
    }
    if (s.closed) {
      ex.json(422, errorBody(422, "chat session is closed"));
      return;
    }
    String text = body.get("message").asText();
    s.customerMessages.add(text);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("session_id", s.id);
    data.put("response", replyTo(text));
    data.put("tool_calls", List.of());
    data.put("tool_results", List.of());
    data.put("current_state", null);
    ok(ex, data);
  }

  private void closeLegacy(Exchange ex, String id) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    if (missing(ex, body, "agent_uuid")) return;
    LegacySession s = legacy.get(id);
    if (s == null) {
      ex.json(404, errorBody(404, "Chat session not found"));
      return;
    }
    s.closed = true;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("session_id", s.id);
    data.put("summary", "The customer sent " + s.customerMessages.size() + " message(s)"
        + (s.personName == null ? "" : " as " + s.personName) + ".");
    ok(ex, data);
  }

  // ------------------------------------------------------------------ Chat v1

  private void createV1(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    if (missing(ex, body, "agent_uuid", "customer_id")) return;
    String agent = body.get("agent_uuid").asText();
    String customer = body.get("customer_id").asText();
    V1Session previous = activeFor(customer, agent);
    if (previous != null) previous.close(); // at most one active session per customer per agent
    V1Session s = newSession(customer, agent);
    JsonNode fields = Json.obj(body, "input_fields");
    if (fields != null) s.inputFields.putAll(plain(fields));
    for (String c : Json.strings(body, "context")) s.addContext(c);
    ok(ex, s.toJson());
  }

  private void active(Exchange ex) throws IOException {
    String customer = ex.query("customer_id");
    if (customer == null || customer.isBlank()) {
      ex.json(422, errorBody(422, "customer_id is required"));
      return;
    }
    String agent = ex.query("agent_uuid");
    if (agent != null) {
      V1Session s = activeFor(customer, agent);
      if (s == null) ex.json(404, errorBody(404, "No active session found"));
      else ok(ex, s.toJson());
      return;
    }
    Map<String, Object> byAgent = new LinkedHashMap<>();
    for (V1Session s : sessions.values()) {
      if (s.customerId.equals(customer) && !s.status.equals("closed")) byAgent.put(s.agentUuid, s.toJson());
    }
    ok(ex, byAgent);
  }

  private void inbound(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    if (missing(ex, body, "agent_uuid", "customer_id", "content")) return;
    String agent = body.get("agent_uuid").asText();
    String customer = body.get("customer_id").asText();
    String content = body.get("content").asText();
    V1Session s = sessions.get(Json.text(body, "session_id"));
    if (s == null || s.status.equals("closed") || !s.customerId.equals(customer) || !s.agentUuid.equals(agent)) {
      // like OSVI: resolve the customer's active session with the agent, creating one as needed
      s = activeFor(customer, agent);
      if (s == null) s = newSession(customer, agent);
    }
    s.status = "active";
    s.currentState = "default";
    s.touch();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("session_id", s.id);
    data.put("reply", s.mode.equals("support") ? null : replyTo(content));
    data.put("state", s.currentState);
    data.put("mode", s.mode);
    data.put("help_requested", s.helpRequested);
    ok(ex, data);
  }

  private void support(Exchange ex, String id) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    V1Session s = sessions.get(id);
    if (s == null) {
      ex.json(404, errorBody(404, "Session not found"));
      return;
    }
    String command = Json.text(body, "command");
    String message = Json.text(body, "message");
    boolean hasMessage = message != null && !message.isBlank();
    if (s.status.equals("closed") && !"close".equals(command)) {
      ex.json(422, errorBody(422, "session is closed"));
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", "ok");
    data.put("session_id", s.id);
    data.put("command", command);
    if (command == null) {
      if (!hasMessage) {
        ex.json(422, errorBody(422, "message is required"));
        return;
      }
      if (!s.mode.equals("support")) {
        ex.json(422, errorBody(422, "session is not in support mode"));
        return;
      }
    } else {
      switch (command) {
        case "takeover":
          s.mode = "support";
          s.activeHuman = OPERATOR;
          data.put("active_human", OPERATOR);
          break;
        case "tell":
        case "whisper":
          if (!hasMessage) {
            ex.json(422, errorBody(422, "message is required"));
            return;
          }
          if (command.equals("tell")) data.put("reply", replyTo(message));
          break;
        case "end":
          s.mode = "ai";
          s.activeHuman = null;
          break;
        case "close":
          s.close();
          break;
        default:
          ex.json(422, errorBody(422, "command is invalid"));
          return;
      }
    }
    s.touch();
    ok(ex, data);
  }

  private void injectContext(Exchange ex, String id) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    V1Session s = sessions.get(id);
    if (s == null) {
      ex.json(404, errorBody(404, "Session not found"));
      return;
    }
    String context = Json.text(body, "context");
    if (context == null || context.isBlank()) {
      ex.json(422, errorBody(422, "context is required"));
      return;
    }
    s.addContext(context);
    s.touch();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("session_id", s.id);
    data.put("context", List.copyOf(s.context));
    ok(ex, data);
  }

  private V1Session activeFor(String customer, String agent) {
    for (V1Session s : sessions.values()) {
      if (s.customerId.equals(customer) && s.agentUuid.equals(agent) && !s.status.equals("closed")) return s;
    }
    return null;
  }

  private V1Session newSession(String customer, String agent) {
    int agentId = agentIds.computeIfAbsent(agent, a -> 100 + agentIds.size());
    V1Session s = new V1Session(UUID.randomUUID().toString(), agentId, customer, agent);
    sessions.put(s.id, s);
    return s;
  }

  // ------------------------------------------------------------------ helpers

  private JsonNode body(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    if (body == null) {
      ex.json(422, errorBody(422, "body is not valid JSON"));
      return null;
    }
    return body.isObject() ? body : Json.object();
  }

  /** Answers 422 listing every missing field, as OSVI does; true when it did. */
  private boolean missing(Exchange ex, JsonNode body, String... fields) throws IOException {
    List<String> errors = new ArrayList<>();
    for (String f : fields) {
      String v = Json.text(body, f);
      if (v == null || v.isBlank()) errors.add(f + " is required");
    }
    if (errors.isEmpty()) return false;
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("success", false);
    error.put("errors", errors);
    ex.json(422, error);
    return true;
  }

  private static void ok(Exchange ex, Object data) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("data", data);
    ex.json(200, body);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(JsonNode node) {
    return (Map<String, Object>) Json.toPlain(node);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static final class LegacySession {
    final String id;
    final String agentUuid;
    final String personName;
    final List<String> customerMessages = new ArrayList<>();
    boolean closed;

    LegacySession(String id, String agentUuid, String personName) {
      this.id = id;
      this.agentUuid = agentUuid;
      this.personName = personName;
    }
  }

  private static final class V1Session {
    final String id;
    final int chatAgentId;
    final String customerId;
    final String agentUuid;
    final Map<String, Object> inputFields = new LinkedHashMap<>();
    final List<String> context = new ArrayList<>();
    final String createdAt = now();
    String updatedAt = createdAt;
    String mode = "ai";
    boolean helpRequested;
    String status = "active";
    String currentState;
    String activeHuman;

    V1Session(String id, int chatAgentId, String customerId, String agentUuid) {
      this.id = id;
      this.chatAgentId = chatAgentId;
      this.customerId = customerId;
      this.agentUuid = agentUuid;
    }

    void addContext(String entry) {
      if (entry == null || entry.isBlank()) return;
      context.add(entry);
      while (context.size() > 5) context.remove(0); // the last five non-empty entries, FIFO
    }

    void close() {
      status = "closed";
      touch();
    }

    void touch() {
      updatedAt = now();
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("chat_agent_id", chatAgentId);
      m.put("account_id", 1);
      m.put("customer_id", customerId);
      m.put("mode", mode);
      m.put("help_requested", helpRequested);
      m.put("status", status);
      m.put("current_state", currentState);
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("input_fields", new LinkedHashMap<>(inputFields));
      metadata.put("state_fields", new LinkedHashMap<>());
      metadata.put("context", List.copyOf(context));
      m.put("metadata", metadata);
      m.put("active_human", activeHuman);
      m.put("created_at", createdAt);
      m.put("updated_at", updatedAt);
      return m;
    }
  }
}
