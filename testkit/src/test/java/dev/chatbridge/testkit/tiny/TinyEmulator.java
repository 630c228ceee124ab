package dev.chatbridge.testkit.tiny;

import dev.chatbridge.testkit.Emulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest vendor that exercises the whole conformance suite: JSON requests, an NDJSON stream, Bearer auth,
 * cursor paging. Wire format:
 *
 * <pre>
 * POST   /v1/sessions                    {"title"?}          → {"id","title"}
 * POST   /v1/sessions/{id}/messages      {"text","stream"}   → {"id","role","text"} | NDJSON start/delta/done
 * GET    /v1/sessions/{id}                                   → {"id","title","messages":[...]}
 * GET    /v1/sessions/{id}/messages                          → {"messages":[{"id","role","text"}]}
 * GET    /v1/sessions?limit&amp;cursor                           → {"sessions":[{"id","title"}],"next"}
 * DELETE /v1/sessions/{id}                                   → 204
 * errors: {"error":{"message","code"}}
 * </pre>
 */
public final class TinyEmulator extends Emulator {
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private static final class Session {
    final String id;
    final String title;
    final List<Map<String, Object>> messages = new ArrayList<>();

    Session(String id, String title) {
      this.id = id;
      this.title = title;
    }
  }

  public TinyEmulator() {
    super("tiny", "tiny-secret-key");
  }

  @Override
  protected String basePath() {
    return "/v1";
  }

  @Override
  public String errorBody(int status, String message) {
    return "{\"error\":{\"message\":\"" + message.replace("\"", "'") + "\",\"code\":\"E" + status + "\"}}";
  }

  private void error(Exchange ex, int status, String message) throws IOException {
    ex.json(status, errorBody(status, message));
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    if (!("Bearer " + apiKey()).equals(ex.header("Authorization"))) {
      error(ex, 401, "invalid api key");
      return;
    }
    String[] p = ex.path().substring(1).split("/"); // v1, sessions, {id}, messages
    if (p.length < 2 || !p[0].equals("v1") || !p[1].equals("sessions")) {
      error(ex, 404, "no route " + ex.path());
      return;
    }
    String method = ex.method();
    if (p.length == 2 && method.equals("POST")) {
      String title = ex.json() != null && ex.json().hasNonNull("title") ? ex.json().get("title").asText() : null;
      Session s = new Session("s-" + ids.incrementAndGet() + "-" + Integer.toHexString(title == null ? 7 : title.hashCode()), title);
      synchronized (sessions) {
        sessions.put(s.id, s);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", s.id);
      out.put("title", s.title);
      ex.json(200, out);
      return;
    }
    if (p.length == 2 && method.equals("GET")) {
      list(ex);
      return;
    }
    Session s;
    synchronized (sessions) {
      s = sessions.get(p[2]);
    }
    if (s == null) {
      error(ex, 404, "session " + p[2] + " not found");
      return;
    }
    if (p.length == 3 && method.equals("GET")) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", s.id);
      out.put("title", s.title);
      out.put("messages", snapshot(s));
      ex.json(200, out);
    } else if (p.length == 3 && method.equals("DELETE")) {
      synchronized (sessions) {
        sessions.remove(s.id);
      }
      ex.send(204, null, "");
    } else if (p.length == 4 && p[3].equals("messages") && method.equals("GET")) {
      ex.json(200, Map.of("messages", snapshot(s)));
    } else if (p.length == 4 && p[3].equals("messages") && method.equals("POST")) {
      send(ex, s);
    } else {
      error(ex, 405, method + " not allowed on " + ex.path());
    }
  }

  private static List<Map<String, Object>> snapshot(Session s) {
    synchronized (s.messages) {
      return new ArrayList<>(s.messages);
    }
  }

  private void list(Exchange ex) throws IOException {
    List<Session> all;
    synchronized (sessions) {
      all = new ArrayList<>(sessions.values());
    }
    int limit = ex.query("limit") == null ? 20 : Integer.parseInt(ex.query("limit"));
    int start = ex.query("cursor") == null ? 0 : Integer.parseInt(ex.query("cursor"));
    List<Map<String, Object>> page = new ArrayList<>();
    for (int i = start; i < Math.min(all.size(), start + limit); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", all.get(i).id);
      m.put("title", all.get(i).title);
      page.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sessions", page);
    out.put("next", start + limit < all.size() ? String.valueOf(start + limit) : null);
    ex.json(200, out);
  }

  private void send(Exchange ex, Session s) throws IOException {
    if (ex.json() == null || !ex.json().hasNonNull("text")) {
      error(ex, 422, "text is required");
      return;
    }
    String text = ex.json().get("text").asText();
    String reply = replyTo(text);
    String userId;
    String replyId;
    synchronized (s.messages) {
      userId = "m" + (s.messages.size() + 1);
      replyId = "m" + (s.messages.size() + 2);
      s.messages.add(Map.of("id", userId, "role", "user", "text", text));
      s.messages.add(Map.of("id", replyId, "role", "assistant", "text", reply));
    }
    if (!ex.json().path("stream").asBoolean(false)) {
      ex.json(200, Map.of("id", replyId, "role", "assistant", "text", reply, "user_message_id", userId));
      return;
    }
    StreamWriter w = ex.stream("application/x-ndjson");
    w.event("{\"type\":\"start\",\"message_id\":\"" + replyId + "\"}\n");
    for (String chunk : chunks(reply)) {
      w.event(dev.chatbridge.internal.json.Json.write(Map.of("type", "delta", "text", chunk)) + "\n");
    }
    w.event("{\"type\":\"done\",\"message_id\":\"" + replyId + "\",\"user_message_id\":\"" + userId + "\"}\n");
  }
}
