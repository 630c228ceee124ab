package dev.chatbridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Onyx routes the benchmarks and mains serve: create-chat-session, and send-chat-message answering with the
 * NDJSON stream shaped as Onyx writes it (id line, message_start, deltas, stop) or the non-streaming
 * {@code ChatFullResponse}. A {@link Hook} lets a main hold a stream after its first delta.
 */
final class OnyxScenario {
  /** Called after the first delta was flushed, before the rest is written. */
  @FunctionalInterface
  interface Hook {
    void afterFirstDelta() throws IOException;
  }

  private OnyxScenario() {}

  static byte[] head() {
    return ("{\"user_message_id\": 101, \"reserved_assistant_message_id\": 102}\n"
        + Bodies.onyxPacket("{\"type\": \"message_start\", \"final_documents\": null, "
            + "\"pre_answer_processing_seconds\": 0.12}")).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] stop() {
    return Bodies.onyxPacket("{\"type\": \"stop\", \"stop_reason\": null}").getBytes(StandardCharsets.UTF_8);
  }

  /** Adds the Onyx routes to {@code server}: streams of {@code deltas} deltas, {@code hook} after the first. */
  static LoopbackServer routes(LoopbackServer server, int deltas, Hook hook) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < deltas; i++) lines.append(Bodies.onyxDelta(i));
    byte[] whole = Bodies.concat(head(), lines.toString().getBytes(StandardCharsets.UTF_8), stop());
    return server
        .route("POST", "/api/chat/create-chat-session", (req, res) -> res.send(200, "application/json",
            ("{\"chat_session_id\": \"" + UUID.randomUUID() + "\", \"incognito\": false}")
                .getBytes(StandardCharsets.UTF_8)))
        .route("POST", "/api/chat/stop-chat-session/", (req, res) -> res.send(200, "application/json",
            "{\"message\": \"Chat session stopped\"}".getBytes(StandardCharsets.UTF_8)))
        .route("POST", "/api/chat/send-chat-message", (req, res) -> {
          String body = req.bodyText();
          if (body.contains("\"stream\":false") || body.contains("\"stream\": false")) {
            res.send(200, "application/json", Bodies.onyxFullResponse(deltas, "9b2f0c4e-8a1d-4c3e-b6f7-2d5e8a9c0f11"));
            return;
          }
          LoopbackServer.Stream s = res.stream("text/event-stream; charset=utf-8");
          try {
            if (hook == null) { // per-call benchmarks: the whole body at once, so thread hand-offs do not add noise
              s.write(whole);
            } else { // a paced stream: one chunk per line, held after the first delta
              s.write(Bodies.concat(head(), Bodies.onyxDelta(0).getBytes(StandardCharsets.UTF_8)));
              hook.afterFirstDelta();
              for (int i = 1; i < deltas; i++) s.write(Bodies.onyxDelta(i));
              s.write(stop());
            }
            s.close();
          } finally {
            s.abandon();
          }
        });
  }
}
