package dev.chatbridge.testkit.tiny;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.testkit.Emulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server of {@code tiny}, the testkit's reference vendor: the smallest vendor that runs every suite, so its
 * tables show core's own behaviour. Bearer auth, FastAPI-style errors ({@code {"detail": message}}), cursor paging,
 * an NDJSON stream for every send. Wire format:
 *
 * <pre>
 * POST   /tiny/sessions                  {"title"?}  → {"id","title"}
 * POST   /tiny/sessions/{id}/messages    {"text"}    → NDJSON: {"type":"start","id","user_id"},
 *                                                      {"type":"delta","text"}…, {"type":"done","id"}
 * GET    /tiny/sessions/{id}                         → {"id","title","messages":[{"id","role","text"}]}
 * GET    /tiny/sessions/{id}/messages                → {"messages":[{"id","role","text"}]}
 * GET    /tiny/sessions?limit&amp;cursor                 → {"sessions":[{"id","title"}],"next"}
 * DELETE /tiny/sessions/{id}                         → 204
 * </pre>
 */
public final class TinyEmulator extends Emulator {
  /** Sessions in creation order (cursor paging counts on it); guarded by itself. */
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  /** A session; {@code messages} is guarded by itself. */
  private record Session(String id, String title, List<ObjectNode> messages) {}

  public TinyEmulator() {
    super(TinyProvider.NAME, "tiny-secret-key-4f1c9e");
  }

  @Override
  protected String basePath() {
    return "/tiny";
  }

  @Override
  public String createPath() {
    return "/tiny/sessions";
  }

  @Override
  public String sendPath(String sessionId) {
    return "/tiny/sessions/" + sessionId + "/messages";
  }

  /** The GET of the send path: {@code history()}. */
  @Override
  public String readPath(String sessionId) {
    return sendPath(sessionId);
  }

  @Override
  public String errorBody(int status, String message) {
    return Json.write(Json.object().put("detail", message));
  }

  private void error(Exchange ex, int status, String message) throws IOException {
    ex.json(status, errorBody(status, message));
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    if (!("Bearer " + apiKey()).equals(ex.header("Authorization"))) {
      error(ex, 401, "Invalid API key");
      return;
    }
    String[] p = ex.path().substring(1).split("/"); // tiny, sessions, {id}, messages
    if (p.length < 2 || p.length > 4 || !p[0].equals("tiny") || !p[1].equals("sessions")) {
      error(ex, 404, "Not Found");
      return;
    }
    String method = ex.method();
    if (p.length == 2) {
      switch (method) {
        case "POST" -> create(ex);
        case "GET" -> list(ex);
        default -> error(ex, 405, "Method Not Allowed");
      }
      return;
    }
    Session s;
    synchronized (sessions) {
      s = sessions.get(p[2]);
    }
    if (s == null) {
      error(ex, 404, "Session not found");
      return;
    }
    switch (method + " " + (p.length == 4 ? p[3] : "")) {
      case "GET " -> ex.json(200, summary(s).set("messages", Json.array().addAll(snapshot(s))));
      case "DELETE " -> {
        synchronized (sessions) {
          sessions.remove(s.id());
        }
        ex.send(204, null, "");
      }
      case "GET messages" -> ex.json(200, Map.of("messages", snapshot(s)));
      case "POST messages" -> send(ex, s);
      default -> error(ex, 405, "Method Not Allowed");
    }
  }

  private void create(Exchange ex) throws IOException {
    JsonNode body = ex.json();
    Session s = new Session("s-" + ids.incrementAndGet(), body == null ? null : Json.text(body, "title"),
        new ArrayList<>());
    synchronized (sessions) {
      sessions.put(s.id(), s);
    }
    ex.json(200, summary(s));
  }

  private static ObjectNode summary(Session s) {
    return Json.object().put("id", s.id()).put("title", s.title());
  }

  private static List<ObjectNode> snapshot(Session s) {
    synchronized (s.messages()) {
      return new ArrayList<>(s.messages());
    }
  }

  private void list(Exchange ex) throws IOException {
    List<Session> all;
    synchronized (sessions) {
      all = new ArrayList<>(sessions.values());
    }
    int limit = ex.query("limit") == null ? 20 : Integer.parseInt(ex.query("limit"));
    int start = ex.query("cursor") == null ? 0 : Integer.parseInt(ex.query("cursor"));
    List<ObjectNode> page = new ArrayList<>();
    for (int i = start; i < Math.min(all.size(), start + limit); i++) page.add(summary(all.get(i)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sessions", page);
    out.put("next", start + limit < all.size() ? String.valueOf(start + limit) : null);
    ex.json(200, out);
  }

  private void send(Exchange ex, Session s) throws IOException {
    JsonNode body = ex.json();
    String text = body == null ? null : Json.text(body, "text");
    if (text == null) {
      error(ex, 422, "text is required");
      return;
    }
    String reply = replyTo(text);
    String userId = "m-" + ids.incrementAndGet();
    String replyId = "m-" + ids.incrementAndGet();
    synchronized (s.messages()) {
      s.messages().add(Json.object().put("id", userId).put("role", "user").put("text", text));
      s.messages().add(Json.object().put("id", replyId).put("role", "assistant").put("text", reply));
    }
    StreamWriter out = ex.stream("application/x-ndjson");
    out.event(Json.write(Json.object().put("type", "start").put("id", replyId).put("user_id", userId)) + "\n");
    for (String chunk : chunks(reply)) {
      out.event(Json.write(Json.object().put("type", "delta").put("text", chunk)) + "\n");
    }
    out.event(Json.write(Json.object().put("type", "done").put("id", replyId)) + "\n");
  }
}
