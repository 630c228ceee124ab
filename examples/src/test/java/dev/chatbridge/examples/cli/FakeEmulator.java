package dev.chatbridge.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.testkit.Emulator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny vendor "fake" for the CLI's own tests, so they need no real vendor module. Wire: {@code /v1/sessions}
 * (POST create, GET list with {@code limit}/{@code cursor}), {@code /v1/sessions/{id}} (GET, DELETE),
 * {@code POST /v1/sessions/{id}/messages} (NDJSON stream, or JSON with {@code "stream":false}). Bearer auth.
 * Messages containing "cite" get a citation.
 */
public final class FakeEmulator extends Emulator {
  public static final String KEY = "test-key-fake-0123456789";
  static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  private final Map<String, Map<String, Object>> sessions = new LinkedHashMap<>();
  private int ids;

  public FakeEmulator() {
    super("fake", KEY);
  }

  @Override
  public String errorBody(int status, String message) {
    return Json.write(Map.of("error", Map.of("message", message)));
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    if (!("Bearer " + KEY).equals(ex.header("Authorization"))) {
      ex.json(401, errorBody(401, "invalid API key"));
      return;
    }
    String[] p = ex.path().substring(1).split("/");
    if (p.length < 2 || !p[0].equals("v1") || !p[1].equals("sessions")) {
      ex.json(404, errorBody(404, "no route " + ex.path()));
      return;
    }
    synchronized (this) {
      if (p.length == 2 && ex.method().equals("POST")) {
        JsonNode body = ex.json();
        String id = "s-" + (++ids);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("title", body.hasNonNull("title") ? body.get("title").asText() : null);
        s.put("created_at", T0.plusSeconds(ids).toString());
        s.put("updated_at", T0.plusSeconds(ids).toString());
        s.put("messages", new ArrayList<Map<String, Object>>());
        sessions.put(id, s);
        ex.json(201, summary(s));
        return;
      }
      if (p.length == 2 && ex.method().equals("GET")) {
        List<Map<String, Object>> all = new ArrayList<>(sessions.values());
        int from = ex.query("cursor") == null ? 0 : Integer.parseInt(ex.query("cursor"));
        int limit = ex.query("limit") == null ? 20 : Integer.parseInt(ex.query("limit"));
        int to = Math.min(all.size(), from + limit);
        List<Object> data = new ArrayList<>();
        for (Map<String, Object> s : all.subList(from, to)) data.add(summary(s));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", data);
        page.put("next_cursor", to < all.size() ? String.valueOf(to) : null);
        ex.json(200, page);
        return;
      }
    }
    Map<String, Object> s;
    synchronized (this) {
      s = sessions.get(p[2]);
    }
    if (s == null) {
      ex.json(404, errorBody(404, "session " + p[2] + " not found"));
      return;
    }
    if (p.length == 3 && ex.method().equals("GET")) {
      synchronized (this) {
        ex.json(200, s);
      }
      return;
    }
    if (p.length == 3 && ex.method().equals("DELETE")) {
      synchronized (this) {
        sessions.remove(p[2]);
      }
      ex.send(204, null, "");
      return;
    }
    if (p.length == 4 && p[3].equals("messages") && ex.method().equals("POST")) {
      JsonNode body = ex.json();
      String text = body.path("text").asText();
      String reply = replyTo(text);
      String replyId;
      synchronized (this) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) s.get("messages");
        String userId = "m-" + (++ids);
        messages.add(message(userId, "user", text, null));
        replyId = "m-" + (++ids);
        messages.add(message(replyId, "ASSISTANT", reply, userId));
      }
      if (!body.path("stream").asBoolean(true)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", replyId);
        m.put("text", reply);
        ex.json(200, m);
        return;
      }
      StreamWriter w = ex.stream("application/x-ndjson");
      for (String chunk : chunks(reply)) w.event(Json.write(Map.of("type", "delta", "text", chunk)) + "\n");
      if (text.contains("cite")) {
        w.event(Json.write(Map.of("type", "citation", "number", 1, "document_id", "doc-1", "title", "Guide",
            "url", "https://docs.example/guide")) + "\n");
      }
      w.event(Json.write(Map.of("type", "done", "id", replyId)) + "\n");
      return;
    }
    ex.json(405, errorBody(405, "method not allowed"));
  }

  private static Map<String, Object> summary(Map<String, Object> s) {
    Map<String, Object> out = new LinkedHashMap<>(s);
    out.remove("messages");
    return out;
  }

  private static Map<String, Object> message(String id, String role, String text, String parent) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("role", role);
    m.put("text", text);
    m.put("created_at", T0.plusSeconds(60).toString());
    m.put("parent_id", parent);
    return m;
  }
}
