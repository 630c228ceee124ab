package dev.chatbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An in-process OpenCX server ({@code Authorization: Bearer}, NestJS-style {@code ErrorDto} errors): sessions with
 * UUID ids and statuses, cursor-paged list (small pages, so paging is exercised) and history (events shaped like
 * the docs, oldest first), filter, search, PATCH status, send as contact or agent (an agent may take the session
 * over; then the AI stays silent), redaction, and 400 for nested {@code custom_data}.
 *
 * <p>The send response follows the selected {@link Generation}, one per shape OpenCX has documented. In
 * {@link Generation#MESSAGE_ID_ONLY} (the default, the newest docs) the send returns only the stored message id
 * and the AI reply shows up in the history after {@link #replyDelay(Duration)} (100 ms by default), so a client
 * must poll for it. The AI answers {@link #replyTo(String)}.
 */
public final class OpenCxEmulator extends Emulator {
  /** Which documented shape the send endpoint answers with. */
  public enum Generation {
    /** 2024 spec: {@code 201 {ai_response: {text, error?}}}; the reply is inline. */
    AI_RESPONSE_2024,
    /** Older docs: {@code 201 {success, code, autopilotResponse{value{error, content}}, uiResponse, sessionIsHandedOff}}. */
    AUTOPILOT,
    /** Later docs: {@code 200 {success, data: {autopilotResponse…, resolveArgs}}}. */
    AUTOPILOT_WRAPPED,
    /** Newest docs: {@code 200 {success: true, data: {message: {id}}}}; the reply appears in the history later. */
    MESSAGE_ID_ONLY
  }

  private static final Pattern UUID_PATTERN = Pattern.compile(
      "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
          + "|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$");
  private static final Set<String> CHANNELS = Set.of("web", "email", "phone_voice", "slack", "sms", "whatsapp",
      "instagram", "messenger", "api", "web_voice");
  private static final Set<String> STATUSES = Set.of("open", "closed_resolved", "closed_unresolved");

  private final Object lock = new Object();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
  private volatile Generation generation;
  private volatile int listPageSize = 2;
  private volatile int historyPageSize = 3;
  private volatile Duration replyDelay = Duration.ofMillis(100);
  private volatile boolean aiSilent;
  private volatile int replyParts = 1;
  private volatile Duration replyGap = Duration.ZERO;
  private volatile boolean handoffMidReply;
  private String nextAiError;
  private Instant lastTime = Instant.EPOCH;
  private long ticketNumbers;
  private ScheduledExecutorService delayed;

  /** An emulator answering sends in the newest shape ({@link Generation#MESSAGE_ID_ONLY}). */
  public OpenCxEmulator() {
    this(Generation.MESSAGE_ID_ONLY);
  }

  public OpenCxEmulator(Generation generation) {
    super("opencx", "test-key-opencx");
    this.generation = Objects.requireNonNull(generation, "generation");
  }

  /** Switches the send-response shape. */
  public OpenCxEmulator generation(Generation generation) {
    this.generation = Objects.requireNonNull(generation, "generation");
    return this;
  }

  public Generation generation() {
    return generation;
  }

  /** Sessions per list page (default 2). */
  public OpenCxEmulator listPageSize(int size) {
    this.listPageSize = positive(size);
    return this;
  }

  /** Events per history page (default 3). */
  public OpenCxEmulator historyPageSize(int size) {
    this.historyPageSize = positive(size);
    return this;
  }

  /** How long after a {@link Generation#MESSAGE_ID_ONLY} send the AI reply appears in the history. */
  public OpenCxEmulator replyDelay(Duration delay) {
    this.replyDelay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /**
   * In {@link Generation#MESSAGE_ID_ONLY}, the AI answers a contact message with {@code parts} messages (1 to 3;
   * {@link #replyParts}), the first after {@link #replyDelay}, each next {@code gap} later: a reply spread over
   * several history events, as OpenCX's history shows (one event per AI or agent message).
   */
  public OpenCxEmulator multiPartReplies(int parts, Duration gap) {
    if (parts < 1 || parts > 3) throw new IllegalArgumentException("parts must be 1 to 3");
    this.replyParts = parts;
    this.replyGap = Objects.requireNonNull(gap, "gap");
    return this;
  }

  /**
   * With {@link #multiPartReplies}: after the AI's first message the AI hands the session off mid-reply (a
   * {@code handoff} event, then {@code human_agent_takeover}), its other messages never come, and {@code gap}
   * later a human agent answers {@link #HANDOFF_TEXT}.
   */
  public OpenCxEmulator handoffMidReply(boolean on) {
    this.handoffMidReply = on;
    return this;
  }

  /** The quiet period {@link #clientOptions()} sets with replies in one message (ms). */
  public static final long QUIET_MS = 100;

  /** What the human agent says after a {@link #handoffMidReply} handoff. */
  public static final String HANDOFF_TEXT = "A human agent is taking over your conversation.";
  /** The id of the human agent who takes a session over after a {@link #handoffMidReply} handoff. */
  public static final long HANDOFF_AGENT_ID = 7;

  /** The AI's messages for {@code userText} in {@code parts} parts: {@link #replyTo}'s words, split evenly. */
  public static List<String> replyParts(String userText, int parts) {
    return split(replyTo(userText), parts);
  }

  private static List<String> split(String reply, int parts) {
    String[] words = reply.split(" ");
    List<String> out = new ArrayList<>();
    int per = (words.length + parts - 1) / parts;
    for (int i = 0; i < words.length; i += per) {
      out.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, Math.min(words.length, i + per))));
    }
    return out;
  }

  /** While true, the AI never answers (a send that waits for a reply must time out). */
  public OpenCxEmulator aiSilent(boolean silent) {
    this.aiSilent = silent;
    return this;
  }

  /**
   * The next contact message gets an AI error instead of a reply, in the generation's error shape
   * ({@code ai_response.error.message}, {@code autopilotResponse.value.error = true}); ignored in
   * {@link Generation#MESSAGE_ID_ONLY}, which has no way to say it.
   */
  public OpenCxEmulator failNextReply(String errorText) {
    synchronized (lock) {
      this.nextAiError = errorText;
    }
    return this;
  }

  /** A human agent answers in the session, as if from the OpenCX inbox; returns the message id. */
  public String agentReply(String sessionId, long agentId, String agentName, String text) {
    synchronized (lock) {
      Session s = sessions.get(sessionId);
      if (s == null) throw new IllegalArgumentException("no session " + sessionId);
      return s.addMessage("human_agent", agentName, text, agentId).id;
    }
  }

  /** The session's status ({@code open}, {@code closed_resolved}, …), or null when there is no such session. */
  public String status(String sessionId) {
    synchronized (lock) {
      Session s = sessions.get(sessionId);
      return s == null ? null : s.status;
    }
  }

  /** The session's custom data as stored. */
  public Map<String, Object> customData(String sessionId) {
    synchronized (lock) {
      Session s = sessions.get(sessionId);
      return s == null ? Map.of() : Map.copyOf(s.customData);
    }
  }

  /** True when a human agent took the session over. */
  public boolean isHandedOff(String sessionId) {
    synchronized (lock) {
      Session s = sessions.get(sessionId);
      return s != null && s.handedOff;
    }
  }

  /** The same in every {@link Generation}. */
  @Override
  public String createPath() {
    return "/chat/sessions";
  }

  @Override
  public String sendPath(String sessionId) {
    return "/chat/sessions/" + sessionId + "/send";
  }

  @Override
  public String readPath(String sessionId) {
    return "/chat/sessions/" + sessionId + "/history";
  }

  /**
   * {@code reply-quiet-ms}: {@link #QUIET_MS} plus three {@link #multiPartReplies} gaps. A client waits that long
   * after a polled reply's last message for more; the real default (a second) is there for a real AI's pauses, and
   * this emulator posts a turn's messages at once or {@code gap} apart, so a shorter wait sees every message and
   * spares each polled send most of a second. Read when a client is configured: set the gap first.
   */
  @Override
  public Map<String, String> clientOptions() {
    return Map.of("reply-quiet-ms", String.valueOf(QUIET_MS + 3 * replyGap.toMillis()));
  }

  @Override
  public String errorBody(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("statusCode", status);
    body.put("message", message);
    body.put("error", reason(status));
    return Json.write(body);
  }

  private String validationError(String... messages) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("statusCode", 400);
    body.put("message", List.of(messages));
    body.put("error", "Bad Request");
    return Json.write(body);
  }

  private static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      default:
        return "Error";
    }
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    String auth = ex.header("Authorization");
    if (auth == null || !auth.equals("Bearer " + apiKey())) {
      ex.json(401, errorBody(401, "Unauthorized"));
      return;
    }
    String method = ex.method().toUpperCase(Locale.ROOT);
    String path = ex.path();
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) if (!p.isEmpty()) parts.add(p);

    if (parts.size() >= 2 && parts.get(0).equals("chat") && parts.get(1).equals("sessions")) {
      if (parts.size() == 2 && method.equals("POST")) {
        create(ex);
        return;
      }
      if (parts.size() == 2 && method.equals("GET")) {
        list(ex);
        return;
      }
      if (parts.size() == 3 && parts.get(2).equals("filter") && method.equals("POST")) {
        filter(ex);
        return;
      }
      if (parts.size() == 3 && parts.get(2).equals("search") && method.equals("GET")) {
        search(ex);
        return;
      }
      if (parts.size() == 3 && method.equals("GET")) {
        get(ex, parts.get(2));
        return;
      }
      if (parts.size() == 3 && method.equals("PATCH")) {
        update(ex, parts.get(2));
        return;
      }
      if (parts.size() == 4 && parts.get(3).equals("send") && method.equals("POST")) {
        send(ex, parts.get(2));
        return;
      }
      if (parts.size() == 4 && parts.get(3).equals("history") && method.equals("GET")) {
        history(ex, parts.get(2));
        return;
      }
    }
    if (parts.size() == 2 && parts.get(0).equals("redaction") && method.equals("POST")) {
      if (parts.get(1).equals("message")) {
        redactMessage(ex);
        return;
      }
      if (parts.get(1).equals("session")) {
        redactSession(ex);
        return;
      }
    }
    ex.json(404, errorBody(404, "Cannot " + method + " " + path));
  }

  // ---- handlers

  private void create(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    List<String> problems = new ArrayList<>();
    String contactId = Json.text(body, "contact_id");
    if (contactId != null && !UUID_PATTERN.matcher(contactId).matches()) problems.add("contact_id must be a UUID");
    String channel = "api";
    JsonNode ch = body.get("channel");
    if (ch != null && !ch.isNull()) {
      String type = Json.text(ch, "type");
      if (type == null || !CHANNELS.contains(type)) problems.add("channel.type must be one of " + CHANNELS);
      else channel = type;
    }
    checkFlat(body.get("custom_data"), "custom_data", problems);
    JsonNode contact = body.get("contact");
    if (contact != null && !contact.isNull()) {
      if (!contact.isObject()) problems.add("contact must be an object");
      else checkStrings(contact.get("custom_data"), "contact.custom_data", problems);
    }
    if (!problems.isEmpty()) {
      ex.json(400, validationError(problems.toArray(new String[0])));
      return;
    }
    boolean verified = Boolean.TRUE.equals(Json.bool(body, "verified"));
    String id;
    synchronized (lock) {
      Session s = new Session(UUID.randomUUID().toString(), channel, now());
      s.customData.putAll(plainMap(body.get("custom_data")));
      if (contactId != null) {
        s.contact = contacts.computeIfAbsent(contactId, k -> newContact(k, null, false));
      } else if (contact != null && contact.isObject()) {
        String newId = UUID.randomUUID().toString();
        s.contact = newContact(newId, contact, verified);
        contacts.put(newId, s.contact);
      }
      sessions.put(s.id, s);
      id = s.id;
    }
    ex.json(postStatus(), Map.of("id", id));
  }

  private Map<String, Object> newContact(String id, JsonNode input, boolean verified) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("email", verified ? Json.text(input, "email") : null);
    c.put("phone_number", Json.text(input, "phone_number"));
    c.put("name", verified ? Json.text(input, "name") : null);
    Map<String, Object> data = input == null ? Map.of() : plainMap(input.get("custom_data"));
    c.put("custom_data", verified ? new LinkedHashMap<>(data) : new LinkedHashMap<>());
    c.put("non_verified_name", verified ? null : Json.text(input, "name"));
    c.put("non_verified_email", verified ? null : Json.text(input, "email"));
    c.put("non_verified_custom_data", verified ? new LinkedHashMap<>() : new LinkedHashMap<>(data));
    return c;
  }

  @Override
  public List<String> seedSessions(int count) {
    if (count < 0) throw new IllegalArgumentException("count must not be negative: " + count);
    List<String> ids = new ArrayList<>(count);
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        Session s = new Session(UUID.randomUUID().toString(), "api", now());
        sessions.put(s.id, s);
        ids.add(s.id);
      }
    }
    return ids;
  }

  private void list(Exchange ex) throws IOException {
    String status = ex.query("status");
    String channel = ex.query("channel_type");
    String handedOff = ex.query("handed_off");
    Instant createdAfter = instantParam(ex, "created_after");
    Instant createdBefore = instantParam(ex, "created_before");
    Instant updatedAfter = instantParam(ex, "updated_after");
    Instant updatedBefore = instantParam(ex, "updated_before");
    if (status != null && !STATUSES.contains(status)) {
      ex.json(400, validationError("status must be one of the following values: open, closed_resolved, "
          + "closed_unresolved"));
      return;
    }
    if (handedOff != null && !handedOff.equals("true") && !handedOff.equals("false")) {
      ex.json(400, validationError("handed_off must be 'true' or 'false'"));
      return;
    }
    Integer offset = cursor(ex);
    if (offset == null) return;
    List<Map<String, Object>> matching = new ArrayList<>();
    synchronized (lock) {
      List<Session> newestFirst = new ArrayList<>(sessions.values());
      java.util.Collections.reverse(newestFirst);
      for (Session s : newestFirst) {
        if (status != null && !status.equals(s.status)) continue;
        if (channel != null && !channel.equals(s.channel)) continue;
        if (handedOff != null && Boolean.parseBoolean(handedOff) != s.handedOff) continue;
        if (createdAfter != null && !s.createdAt.isAfter(createdAfter)) continue;
        if (createdBefore != null && !s.createdAt.isBefore(createdBefore)) continue;
        if (updatedAfter != null && !s.updatedAt.isAfter(updatedAfter)) continue;
        if (updatedBefore != null && !s.updatedAt.isBefore(updatedBefore)) continue;
        matching.add(s.json());
      }
    }
    ex.json(200, page(matching, offset, listPageSize));
  }

  private void filter(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    int page = Json.integer(body, "page") == null ? 1 : Json.integer(body, "page");
    int limit = Json.integer(body, "limit") == null ? 25 : Json.integer(body, "limit");
    if (page < 1 || limit < 1 || limit > 100) {
      ex.json(400, validationError("page must be >= 1 and limit between 1 and 100"));
      return;
    }
    JsonNode filters = Json.obj(body, "filters");
    List<String> statuses = new ArrayList<>();
    JsonNode st = filters == null ? null : filters.get("status");
    if (st != null && st.isTextual()) statuses.add(st.asText());
    if (st != null && st.isArray()) st.forEach(n -> statuses.add(n.asText()));
    boolean ascending = "asc".equals(Json.text(body, "sort_order"));
    List<Map<String, Object>> matching = new ArrayList<>();
    synchronized (lock) {
      List<Session> ordered = new ArrayList<>(sessions.values());
      if (!ascending) java.util.Collections.reverse(ordered);
      for (Session s : ordered) if (statuses.isEmpty() || statuses.contains(s.status)) matching.add(s.json());
    }
    int from = Math.min((page - 1) * limit, matching.size());
    int to = Math.min(from + limit, matching.size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("data", matching.subList(from, to));
    out.put("page", page);
    out.put("limit", limit);
    out.put("has_next", to < matching.size());
    out.put("has_previous", page > 1);
    ex.json(200, out);
  }

  private void search(Exchange ex) throws IOException {
    String q = ex.query("q");
    if (q == null || q.isEmpty()) {
      ex.json(400, validationError("q must be longer than or equal to 1 characters"));
      return;
    }
    String needle = q.toLowerCase(Locale.ROOT);
    List<Map<String, Object>> foundContacts = new ArrayList<>();
    List<Map<String, Object>> foundMessages = new ArrayList<>();
    synchronized (lock) {
      for (Map<String, Object> c : contacts.values()) {
        String name = firstNonNull(c.get("name"), c.get("non_verified_name"));
        String email = firstNonNull(c.get("email"), c.get("non_verified_email"));
        if (contains(name, needle) || contains(email, needle)) {
          Map<String, Object> hit = new LinkedHashMap<>();
          hit.put("id", c.get("id"));
          hit.put("name", name);
          hit.put("email", email);
          hit.put("phone", c.get("phone_number"));
          foundContacts.add(hit);
        }
      }
      for (Session s : sessions.values()) {
        for (Event e : s.events) {
          if (e.isMessage() && contains(e.text(), needle)) {
            Map<String, Object> hit = new LinkedHashMap<>();
            hit.put("id", e.id);
            hit.put("session_id", s.id);
            hit.put("message", e.text());
            hit.put("type", e.senderType());
            foundMessages.add(hit);
          }
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("contacts", foundContacts);
    out.put("messages", foundMessages);
    ex.json(200, out);
  }

  private void get(Exchange ex, String id) throws IOException {
    Map<String, Object> json;
    synchronized (lock) {
      Session s = sessions.get(id);
      json = s == null ? null : s.json();
    }
    if (json == null) notFound(ex);
    else ex.json(200, json);
  }

  private void update(Exchange ex, String id) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    String status = Json.text(body, "status");
    if (status == null || !STATUSES.contains(status)) {
      ex.json(400, validationError("status must be one of the following values: open, closed_resolved, "
          + "closed_unresolved"));
      return;
    }
    synchronized (lock) {
      Session s = sessions.get(id);
      if (s == null) {
        notFound(ex);
        return;
      }
      s.status = status;
      s.updatedAt = now();
      if (!status.equals("open") && Boolean.TRUE.equals(Json.bool(body, "generate_summary_and_sentiment_on_resolve"))) {
        s.sentiment = "neutral";
      }
    }
    ex.send(200, null, "");
  }

  private void send(Exchange ex, String id) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    List<String> problems = new ArrayList<>();
    String sender = Json.text(body, "sender");
    if (sender == null || !(sender.equals("contact") || sender.equals("agent"))) {
      problems.add("sender must be one of the following values: contact, agent");
    }
    JsonNode message = Json.obj(body, "message");
    String text = Json.text(message, "text");
    if (message == null || text == null) problems.add("message.text must be a string");
    checkFlat(body.get("custom_data"), "custom_data", problems);
    JsonNode contact = Json.obj(body, "contact");
    if (contact != null) checkStrings(contact.get("custom_data"), "contact.custom_data", problems);
    JsonNode agent = Json.obj(body, "agent");
    if ("agent".equals(sender) && (agent == null || agent.get("id") == null || !agent.get("id").isNumber())) {
      problems.add("agent.id must be a number when sender is agent");
    }
    if (!problems.isEmpty()) {
      ex.json(400, validationError(problems.toArray(new String[0])));
      return;
    }
    Generation gen = generation;
    Map<String, Object> response;
    int status;
    synchronized (lock) {
      Session s = sessions.get(id);
      if (s == null) {
        notFound(ex);
        return;
      }
      s.customData.putAll(plainMap(body.get("custom_data")));
      if (contact != null) mergeContact(s, contact);
      s.updatedAt = now();
      if (sender.equals("agent")) {
        long agentId = agent.get("id").asLong();
        String agentName = Json.text(agent, "name");
        if (Boolean.TRUE.equals(Json.bool(body, "should_take_over_session_from_ai")) && !s.handedOff) {
          s.handedOff = true;
          s.assigneeId = String.valueOf(agentId);
          Map<String, Object> ev = new LinkedHashMap<>();
          ev.put("type", "human_agent_takeover");
          ev.put("human_agent_id", agentId);
          s.addEvent(ev);
        }
        Event stored = s.addMessage("human_agent", agentName, text, agentId);
        response = messageIdOnly(stored.id);
        status = 200;
      } else {
        String contactName = s.contact == null ? null : firstNonNull(s.contact.get("name"),
            s.contact.get("non_verified_name"));
        Event stored = s.addMessage("contact", contactName, text, null);
        String error = nextAiError;
        if (gen != Generation.MESSAGE_ID_ONLY) nextAiError = null;
        status = postStatus();
        if (s.handedOff || aiSilent) {
          response = handedOffResponse(gen, stored.id, s.handedOff);
        } else if (gen == Generation.MESSAGE_ID_ONLY) {
          response = messageIdOnly(stored.id);
          scheduleReply(s.id, replyTo(text));
        } else if (error != null) {
          response = aiErrorResponse(gen, error);
        } else {
          Event reply = s.addMessage("ai", "AI", replyTo(text), null);
          response = replyResponse(gen, reply);
        }
      }
    }
    ex.json(status, response);
  }

  private void history(Exchange ex, String id) throws IOException {
    Integer offset = cursor(ex);
    if (offset == null) return;
    List<Map<String, Object>> items = new ArrayList<>();
    synchronized (lock) {
      Session s = sessions.get(id);
      if (s == null) {
        notFound(ex);
        return;
      }
      for (Event e : s.events) items.add(e.json());
    }
    ex.json(200, page(items, offset, historyPageSize));
  }

  private void redactMessage(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    String messageId = Json.text(body, "messageId");
    if (messageId == null) {
      ex.json(400, validationError("messageId must be a string"));
      return;
    }
    boolean found = false;
    synchronized (lock) {
      for (Session s : sessions.values()) {
        for (Event e : s.events) {
          if (e.id.equals(messageId) && e.isMessage()) {
            e.redact();
            found = true;
          }
        }
      }
    }
    if (!found) {
      ex.json(404, errorBody(404, "Message not found"));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("message", "Message redacted successfully");
    out.put("itemId", messageId);
    out.put("redactionType", "message");
    out.put("affectedCount", 1);
    ex.json(postStatus(), out);
  }

  private void redactSession(Exchange ex) throws IOException {
    JsonNode body = body(ex);
    if (body == null) return;
    String sessionId = Json.text(body, "sessionId");
    if (sessionId == null) {
      ex.json(400, validationError("sessionId must be a string"));
      return;
    }
    int count = 0;
    synchronized (lock) {
      Session s = sessions.get(sessionId);
      if (s == null) {
        notFound(ex);
        return;
      }
      for (Event e : s.events) {
        if (e.isMessage()) {
          e.redact();
          count++;
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("message", "Session redacted successfully");
    out.put("itemId", sessionId);
    out.put("redactionType", "session");
    out.put("affectedCount", count);
    out.put("messagesRedacted", count);
    ex.json(postStatus(), out);
  }

  // ---- send response shapes

  private static Map<String, Object> messageIdOnly(String messageId) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("data", Map.of("message", Map.of("id", messageId)));
    return out;
  }

  private Map<String, Object> replyResponse(Generation gen, Event reply) {
    if (gen == Generation.AI_RESPONSE_2024) {
      Map<String, Object> ai = new LinkedHashMap<>();
      ai.put("text", reply.text());
      return Map.of("ai_response", ai);
    }
    return autopilot(gen, null, autopilotResponse(reply.id, false, reply.text()), false);
  }

  private Map<String, Object> aiErrorResponse(Generation gen, String error) {
    if (gen == Generation.AI_RESPONSE_2024) {
      Map<String, Object> ai = new LinkedHashMap<>();
      ai.put("text", "");
      ai.put("error", Map.of("message", error));
      return Map.of("ai_response", ai);
    }
    return autopilot(gen, null, autopilotResponse(UUID.randomUUID().toString(), true, error), false);
  }

  private Map<String, Object> handedOffResponse(Generation gen, String messageId, boolean handedOff) {
    switch (gen) {
      case AI_RESPONSE_2024:
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ai_response", null);
        return out;
      case MESSAGE_ID_ONLY:
        return messageIdOnly(messageId);
      default:
        return autopilot(gen, handedOff ? "session_assigned_to_human_agent" : null, null, handedOff);
    }
  }

  private static Map<String, Object> autopilotResponse(String id, boolean error, String content) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("error", error);
    value.put("content", content);
    Map<String, Object> ap = new LinkedHashMap<>();
    ap.put("type", "text");
    ap.put("value", value);
    ap.put("id", id);
    ap.put("mightSolveUserIssue", !error);
    ap.put("completelyAndFullyCoveredUserIssue", false);
    ap.put("debugInfo", Map.of());
    Map<String, Object> mode = new LinkedHashMap<>();
    mode.put("id", null);
    mode.put("name", null);
    mode.put("slug", null);
    ap.put("mode", mode);
    ap.put("didExitMode", false);
    return ap;
  }

  private static Map<String, Object> autopilot(Generation gen, String code, Map<String, Object> autopilotResponse,
      boolean handedOff) {
    Map<String, Object> inner = new LinkedHashMap<>();
    if (gen == Generation.AUTOPILOT) inner.put("success", true);
    inner.put("code", code);
    inner.put("autopilotResponse", autopilotResponse);
    inner.put("uiResponse", null);
    inner.put("sessionIsHandedOff", handedOff);
    if (gen == Generation.AUTOPILOT) return inner;
    Map<String, Object> resolve = new LinkedHashMap<>();
    resolve.put("summary", null);
    resolve.put("sentiment", null);
    inner.put("resolveArgs", resolve);
    inner.put("toolCallResultsQuickReplySuggestions", List.of());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("data", inner);
    return out;
  }

  private void scheduleReply(String sessionId, String text) {
    ScheduledExecutorService exec;
    synchronized (lock) {
      if (delayed == null) {
        delayed = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "chatbridge-emulator-opencx-ai");
          t.setDaemon(true);
          return t;
        });
      }
      exec = delayed;
    }
    int parts = replyParts;
    long gap = replyGap.toMillis();
    long at = replyDelay.toMillis();
    if (parts == 1) {
      exec.schedule(() -> aiMessage(sessionId, text), at, TimeUnit.MILLISECONDS);
      return;
    }
    List<String> messages = split(text, parts);
    exec.schedule(() -> aiMessage(sessionId, messages.get(0)), at, TimeUnit.MILLISECONDS);
    if (handoffMidReply) {
      exec.schedule(() -> handOff(sessionId), at + gap, TimeUnit.MILLISECONDS);
      exec.schedule(() -> {
        synchronized (lock) {
          Session s = sessions.get(sessionId);
          if (s != null) s.addMessage("human_agent", "Agent", HANDOFF_TEXT, HANDOFF_AGENT_ID);
        }
      }, at + 2 * gap, TimeUnit.MILLISECONDS);
    }
    for (int i = 1; i < messages.size(); i++) {
      String part = messages.get(i);
      exec.schedule(() -> aiMessage(sessionId, part), at + i * gap, TimeUnit.MILLISECONDS);
    }
  }

  private void aiMessage(String sessionId, String text) {
    synchronized (lock) {
      Session s = sessions.get(sessionId);
      if (s != null && !s.handedOff && !aiSilent) s.addMessage("ai", "AI", text, null);
    }
  }

  /** The AI hands the session to a human mid-reply: a handoff event (OpenCX's documented event union), then the takeover. */
  private void handOff(String sessionId) {
    synchronized (lock) {
      Session s = sessions.get(sessionId);
      if (s == null) return;
      Map<String, Object> handoff = new LinkedHashMap<>();
      handoff.put("type", "handoff");
      handoff.put("integration", Map.of("type", "zendesk"));
      s.addEvent(handoff);
      Map<String, Object> takeover = new LinkedHashMap<>();
      takeover.put("type", "human_agent_takeover");
      takeover.put("human_agent_id", HANDOFF_AGENT_ID);
      s.addEvent(takeover);
      s.handedOff = true;
      s.assigneeId = String.valueOf(HANDOFF_AGENT_ID);
    }
  }

  // ---- helpers

  /** 201 in the older generations (as their docs show), 200 in the newer ones. */
  private int postStatus() {
    Generation g = generation;
    return g == Generation.AI_RESPONSE_2024 || g == Generation.AUTOPILOT ? 201 : 200;
  }

  private JsonNode body(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    if (body == null || !(body.isObject() || body.isNull())) {
      ex.json(400, errorBody(400, "Body is not valid JSON"));
      return null;
    }
    return body.isNull() ? Json.object() : body;
  }

  private void notFound(Exchange ex) throws IOException {
    ex.json(404, errorBody(404, "Chat session not found"));
  }

  /** The offset a cursor stands for; null after answering 400 for a bad cursor. */
  private Integer cursor(Exchange ex) throws IOException {
    String cursor = ex.query("cursor");
    if (cursor == null || cursor.isEmpty()) return 0;
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.startsWith("offset:")) return Integer.parseInt(decoded.substring(7));
    } catch (IllegalArgumentException ignored) {
      // fall through
    }
    ex.json(400, validationError("cursor is invalid"));
    return null;
  }

  private static Map<String, Object> page(List<Map<String, Object>> all, int offset, int size) {
    int from = Math.min(offset, all.size());
    int to = Math.min(from + size, all.size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", all.subList(from, to));
    out.put("next", to < all.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8))
        : null);
    return out;
  }

  private static Instant instantParam(Exchange ex, String name) {
    String v = ex.query(name);
    return v == null ? null : Json.parseInstant(v);
  }

  private static void checkFlat(JsonNode data, String where, List<String> problems) {
    if (data == null || data.isNull()) return;
    if (!data.isObject()) {
      problems.add(where + " must be an object");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
        problems.add(where + "." + e.getKey() + " must be a string, number or boolean");
      }
    }
  }

  private static void checkStrings(JsonNode data, String where, List<String> problems) {
    if (data == null || data.isNull()) return;
    if (!data.isObject()) {
      problems.add(where + " must be an object");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) problems.add(where + "." + e.getKey() + " must be a string");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainMap(JsonNode node) {
    if (node == null || !node.isObject()) return Map.of();
    return (Map<String, Object>) Json.toPlain(node);
  }

  private void mergeContact(Session s, JsonNode contact) {
    if (s.contact == null) {
      String id = UUID.randomUUID().toString();
      s.contact = newContact(id, null, false);
      contacts.put(id, s.contact);
    }
    String name = Json.text(contact, "name");
    if (name != null) s.contact.put("non_verified_name", name);
    String email = Json.text(contact, "email");
    if (email != null) s.contact.put("non_verified_email", email);
    String phone = Json.text(contact, "phone_number");
    if (phone != null) s.contact.put("phone_number", phone);
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) s.contact.get("non_verified_custom_data");
    data.putAll(plainMap(contact.get("custom_data")));
  }

  private static String firstNonNull(Object a, Object b) {
    return a != null ? a.toString() : b == null ? null : b.toString();
  }

  private static boolean contains(String haystack, String lowerNeedle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }

  /** Strictly increasing millisecond timestamps, so event order and time order agree. */
  private Instant now() {
    synchronized (lock) {
      Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      if (!t.isAfter(lastTime)) t = lastTime.plusMillis(1);
      lastTime = t;
      return t;
    }
  }

  private static int positive(int n) {
    if (n < 1) throw new IllegalArgumentException("must be positive: " + n);
    return n;
  }

  @Override
  public synchronized void close() {
    synchronized (lock) {
      if (delayed != null) delayed.shutdownNow();
      delayed = null;
    }
    super.close();
  }

  /** One stored session. Guarded by {@code lock}. */
  private final class Session {
    final String id;
    final String channel;
    final Instant createdAt;
    final long ticketNumber;
    final Map<String, Object> customData = new LinkedHashMap<>();
    final List<Event> events = new ArrayList<>();
    Instant updatedAt;
    String status = "open";
    String sentiment;
    String assigneeId;
    boolean handedOff;
    Map<String, Object> contact;

    Session(String id, String channel, Instant createdAt) {
      this.id = id;
      this.channel = channel;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
      this.ticketNumber = ++ticketNumbers;
    }

    Event addMessage(String senderType, String senderName, String text, Long humanAgentId) {
      Map<String, Object> sender = new LinkedHashMap<>();
      sender.put("type", senderType);
      sender.put("name", senderName);
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("type", "text");
      content.put("text", text);
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("type", "message");
      ev.put("sender", sender);
      ev.put("content", content);
      ev.put("attachments", new ArrayList<>());
      ev.put("context", new LinkedHashMap<>());
      if (humanAgentId != null) ev.put("human_agent_id", humanAgentId);
      return addEvent(ev);
    }

    Event addEvent(Map<String, Object> ev) {
      Event e = new Event(UUID.randomUUID().toString(), now(), ev);
      events.add(e);
      updatedAt = e.createdAt;
      return e;
    }

    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", id);
      out.put("status", status);
      out.put("ai_closure_type", handedOff && !status.equals("open") ? "handed_off" : null);
      out.put("sentiment", sentiment);
      out.put("channel", Map.of("type", channel));
      out.put("ticket_number", ticketNumber);
      out.put("assist_mode", false);
      out.put("created_at", createdAt.toString());
      out.put("updated_at", updatedAt.toString());
      out.put("contact", contact == null ? null : new LinkedHashMap<>(contact));
      out.put("language", "en");
      out.put("assignee_id", assigneeId);
      out.put("custom_data", new LinkedHashMap<>(customData));
      out.put("team", null);
      if (handedOff) {
        Map<String, Object> handoff = new LinkedHashMap<>();
        handoff.put("summary", "A human agent took the conversation over");
        handoff.put("sentiment", "neutral");
        out.put("handoff", handoff);
      }
      out.put("ticketing_system", null);
      return out;
    }
  }

  /** One history event. Guarded by {@code lock}. */
  private static final class Event {
    final String id;
    final Instant createdAt;
    final Map<String, Object> event;

    Event(String id, Instant createdAt, Map<String, Object> event) {
      this.id = id;
      this.createdAt = createdAt;
      this.event = event;
    }

    boolean isMessage() {
      return "message".equals(event.get("type"));
    }

    @SuppressWarnings("unchecked")
    String text() {
      Object content = event.get("content");
      return content instanceof Map ? (String) ((Map<String, Object>) content).get("text") : null;
    }

    @SuppressWarnings("unchecked")
    String senderType() {
      Object sender = event.get("sender");
      return sender instanceof Map ? (String) ((Map<String, Object>) sender).get("type") : null;
    }

    @SuppressWarnings("unchecked")
    void redact() {
      Object content = event.get("content");
      if (content instanceof Map) ((Map<String, Object>) content).put("text", "[REDACTED]");
      event.put("attachments", new ArrayList<>());
    }

    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", id);
      out.put("created_at", createdAt.toString());
      out.put("event", deepCopy(event));
      return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v)
          : v instanceof List ? new ArrayList<>((List<Object>) v) : v));
      return out;
    }
  }
}
