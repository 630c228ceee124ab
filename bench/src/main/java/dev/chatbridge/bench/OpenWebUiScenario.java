package dev.chatbridge.bench;

import java.nio.charset.StandardCharsets;

/**
 * The Open WebUI routes a send touches (the README's Open WebUI section: completions with the history, then the
 * chat written back), served from fixed bodies shaped like Open WebUI's: {@code GET /api/models},
 * {@code GET /api/v1/chats/{id}} (a chat holding one earlier exchange), {@code POST /api/chat/completions} (a
 * {@code chat.completion} JSON, or with {@code "stream":true} the SSE chunks), {@code POST /api/v1/chats/{id}}
 * (the write-back; the server answers the stored chat and keeps nothing, so every call sees the same state).
 */
final class OpenWebUiScenario {
  static final String CHAT_ID = "3f0e4c52-6d1b-4b8e-9a47-1c2d3e4f5a6b";
  static final String MODEL = "llama3.1:8b";

  static final byte[] MODELS = ("{\"data\":[{\"id\":\"" + MODEL + "\",\"name\":\"Llama 3.1 8B\",\"object\":\"model\","
      + "\"created\":1755800000,\"owned_by\":\"ollama\",\"tags\":[],\"actions\":[],\"filters\":[]}]}")
      .getBytes(StandardCharsets.UTF_8);

  static final String USER_1 = "{\"id\":\"m-u1\",\"parentId\":null,\"childrenIds\":[\"m-a1\"],\"role\":\"user\","
      + "\"content\":\"Hi, I have a question about my order\",\"timestamp\":1755800000,\"models\":[\"" + MODEL + "\"]}";
  static final String ASSISTANT_1 = "{\"id\":\"m-a1\",\"parentId\":\"m-u1\",\"childrenIds\":[],\"role\":\"assistant\","
      + "\"content\":\"Of course. What is the order number?\",\"model\":\"" + MODEL + "\",\"modelName\":\"Llama 3.1 8B\","
      + "\"modelIdx\":0,\"timestamp\":1755800003,\"done\":true}";

  static final byte[] CHAT = ("{\"id\":\"" + CHAT_ID + "\",\"user_id\":\"8d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09\","
      + "\"title\":\"Order status\",\"chat\":{\"title\":\"Order status\",\"models\":[\"" + MODEL + "\"],\"params\":{},"
      + "\"files\":[],\"tags\":[],\"timestamp\":1755800000000,\"history\":{\"messages\":{\"m-u1\":" + USER_1
      + ",\"m-a1\":" + ASSISTANT_1 + "},\"currentId\":\"m-a1\"},\"messages\":[" + USER_1 + "," + ASSISTANT_1 + "]},"
      + "\"created_at\":1755800000,\"updated_at\":1755800003,\"share_id\":null,\"archived\":false,\"pinned\":false,"
      + "\"meta\":{\"tags\":[]},\"folder_id\":null}").getBytes(StandardCharsets.UTF_8);

  private OpenWebUiScenario() {}

  /** Adds the routes; completions answer {@code deltas} words. */
  static LoopbackServer routes(LoopbackServer server, int deltas) {
    return routes(server, deltas, null);
  }

  /** As {@link #routes(LoopbackServer, int)}; a streamed completion calls {@code hook} after its first delta. */
  static LoopbackServer routes(LoopbackServer server, int deltas, OnyxScenario.Hook hook) {
    byte[] completion = Bodies.openWebUiCompletion(deltas);
    byte[] sse = Bodies.openWebUiSse(deltas + 3);
    return server
        .route("GET", "/api/models", (req, res) -> res.send(200, "application/json", MODELS))
        .route("GET", "/api/v1/chats/", (req, res) -> res.send(200, "application/json", CHAT))
        .route("POST", "/api/v1/chats/", (req, res) -> res.send(200, "application/json", CHAT))
        .route("POST", "/api/chat/completions", (req, res) -> {
          String body = req.bodyText();
          if (body.contains("\"stream\":true") || body.contains("\"stream\": true")) {
            try (LoopbackServer.Stream s = res.stream("text/event-stream; charset=utf-8")) {
              if (hook == null) {
                s.write(sse);
              } else {
                s.write(Bodies.openWebUiFrame("{\"role\":\"assistant\",\"content\":\"\"}", "null", "")
                    + Bodies.openWebUiDelta(0));
                hook.afterFirstDelta();
                StringBuilder rest = new StringBuilder();
                for (int i = 1; i < deltas; i++) rest.append(Bodies.openWebUiDelta(i));
                s.write(rest + Bodies.openWebUiFrame("{}", "\"stop\"", "") + "data: [DONE]\n\n");
              }
            }
          } else {
            res.send(200, "application/json", completion);
          }
        });
  }
}
