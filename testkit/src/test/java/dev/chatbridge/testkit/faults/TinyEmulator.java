package dev.chatbridge.testkit.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.testkit.Emulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal streaming vendor for proving the reliability suites before real vendors land: bearer auth,
 * {@code POST /tiny/sessions}, {@code POST /tiny/sessions/{id}/messages} answering NDJSON
 * ({@code start}, {@code delta}…, {@code done}), {@code GET /tiny/sessions/{id}/messages}, FastAPI-style errors.
 */
final class TinyEmulator extends Emulator {
  private final Map<String, List<ObjectNode>> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  TinyEmulator() {
    super("tiny", "tiny-secret-key-4f1c9e");
  }

  @Override
  protected String basePath() {
    return "/tiny";
  }

  @Override
  public String errorBody(int status, String message) {
    return Json.write(Json.object().put("detail", message));
  }

  @Override
  protected void handle(Exchange ex) throws IOException {
    if (!("Bearer " + apiKey()).equals(ex.header("Authorization"))) {
      ex.json(401, errorBody(401, "Invalid API key"));
      return;
    }
    String[] parts = ex.path().split("/");
    // "", "tiny", "sessions", id, "messages"
    if (ex.method().equals("POST") && parts.length == 3 && parts[2].equals("sessions")) {
      String id = "s-" + ids.incrementAndGet();
      sessions.put(id, new ArrayList<>());
      ex.json(200, Json.object().put("id", id));
      return;
    }
    if (parts.length == 5 && parts[2].equals("sessions") && parts[4].equals("messages")) {
      List<ObjectNode> messages = sessions.get(parts[3]);
      if (messages == null) {
        ex.json(404, errorBody(404, "Session not found"));
        return;
      }
      if (ex.method().equals("GET")) {
        ArrayNode list = Json.array();
        synchronized (messages) {
          messages.forEach(list::add);
        }
        ObjectNode body = Json.object();
        body.set("messages", list);
        ex.json(200, body);
        return;
      }
      if (ex.method().equals("POST")) {
        JsonNode req = ex.json();
        String text = req == null ? null : Json.text(req, "text");
        if (text == null) {
          ex.json(422, errorBody(422, "text is required"));
          return;
        }
        String reply = replyTo(text);
        String userId = "m-" + ids.incrementAndGet();
        String replyId = "m-" + ids.incrementAndGet();
        synchronized (messages) {
          messages.add(Json.object().put("id", userId).put("role", "user").put("text", text));
          messages.add(Json.object().put("id", replyId).put("role", "assistant").put("text", reply));
        }
        StreamWriter out = ex.stream("application/x-ndjson");
        out.event(Json.write(Json.object().put("type", "start").put("id", replyId).put("user_id", userId)) + "\n");
        for (String chunk : chunks(reply)) {
          out.event(Json.write(Json.object().put("type", "delta").put("text", chunk)) + "\n");
        }
        out.event(Json.write(Json.object().put("type", "done").put("id", replyId)) + "\n");
        return;
      }
    }
    ex.json(404, errorBody(404, "Not Found"));
  }
}
