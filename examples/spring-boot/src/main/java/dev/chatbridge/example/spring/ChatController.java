package dev.chatbridge.example.spring;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The service's API, on the one ChatClient bean: the same code for every vendor.
 *
 * <ul>
 *   <li>{@code POST /api/sessions} → {@code {"id": ...}}
 *   <li>{@code POST /api/sessions/{id}/messages} {@code {"text": ...}} → {@code {"text": reply}}
 *   <li>{@code GET /api/sessions/{id}/stream?text=...} → server-sent events {@code delta} ({@code {"text": ...}}) then
 *       {@code done}
 *   <li>{@code GET /api/sessions/{id}/history} → {@code [{"role": ..., "text": ...}]}, or 501 for a vendor that keeps none
 * </ul>
 */
@RestController
@RequestMapping("/api")
public class ChatController {
  private final ChatClient client;
  /** Streams are read on their own threads so the servlet thread is free while the reply arrives. */
  private final ExecutorService streams = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "chat-stream");
    t.setDaemon(true);
    return t;
  });

  /** The controller on the application's ChatClient. */
  public ChatController(ChatClient client) {
    this.client = client;
  }

  /** A text message from the browser. */
  public record Text(String text) {}

  /** Creates a session. */
  @PostMapping("/sessions")
  public Map<String, String> createSession() {
    return Map.of("id", client.createSession().id());
  }

  /** Sends and waits for the whole reply. */
  @PostMapping("/sessions/{id}/messages")
  public Text send(@PathVariable String id, @RequestBody Text message) {
    return new Text(client.session(id).send(message.text()).text());
  }

  /**
   * Sends and streams the reply as server-sent events: {@code delta} per text piece ({@code {"text": ...}}: JSON, as
   * an event's plain-text data would lose a leading space), then {@code done}.
   */
  @GetMapping(path = "/sessions/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter stream(@PathVariable String id, @RequestParam String text) {
    SseEmitter emitter = new SseEmitter(0L);
    ChatSession session = client.session(id);
    streams.execute(() -> {
      try (ChatStream stream = session.stream(text)) {
        for (ChatEvent event : stream) {
          if (event instanceof ChatEvent.TextDelta delta) {
            emitter.send(SseEmitter.event().name("delta").data(new Text(delta.text()), MediaType.APPLICATION_JSON));
          }
        }
        emitter.send(SseEmitter.event().name("done").data("", MediaType.TEXT_PLAIN));
        emitter.complete();
      } catch (IOException | RuntimeException e) {
        emitter.completeWithError(e);
      }
    });
    return emitter;
  }

  /** The session's messages, oldest first. */
  @GetMapping("/sessions/{id}/history")
  public List<Map<String, String>> history(@PathVariable String id) {
    if (!client.capabilities().contains(Capability.HISTORY)) {
      throw new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED, client.vendor() + " keeps no history");
    }
    return client.session(id).history().stream()
        .map((Message m) -> Map.of("role", m.role().value(), "text", m.text())).toList();
  }
}
