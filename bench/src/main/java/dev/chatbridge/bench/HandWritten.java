package dev.chatbridge.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ChatReply;
import dev.chatbridge.Citation;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Target 1's baselines: the same sends the SDK makes, written by hand with OkHttp and Jackson, as a careful engineer
 * would without the SDK: the same requests (method, path, JSON body, auth header), the same parsing work, and the
 * same {@link ChatReply} at the end (a test checks both). What they leave out is what the SDK adds for robustness:
 * retries and send tracking, error mapping, lenient readers, unknown-field capture, the line-length cap.
 */
final class HandWritten {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  static final ObjectMapper MAPPER = new ObjectMapper();

  private HandWritten() {}

  /**
   * Onyx: {@code POST /chat/send-chat-message} with {@code stream:true} (what {@code ChatSession.send} does: the
   * streaming path reports errors the non-streaming one hides), the NDJSON read with one streaming parser.
   */
  static ChatReply onyxSend(OkHttpClient http, String baseUrl, String key, String sessionId, String text)
      throws IOException {
    ObjectNode body = MAPPER.createObjectNode().put("message", text).put("chat_session_id", sessionId)
        .put("stream", true);
    Request request = new Request.Builder().url(baseUrl + "/chat/send-chat-message")
        .header("Authorization", "Bearer " + key)
        .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON))
        .build();
    StringBuilder answer = new StringBuilder();
    List<Citation> citations = new ArrayList<>();
    String userId = null;
    String assistantId = null;
    String stopReason = null;
    boolean stopped = false;
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) throw new IOException("onyx HTTP " + response.code());
      try (JsonParser p = MAPPER.getFactory().createParser(response.body().byteStream())) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          String type = null;
          String content = null;
          String error = null;
          Integer citationNumber = null;
          String documentId = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("obj") && value == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (f.equals("type")) type = p.getText();
                else if (f.equals("content")) content = p.getText();
                else if (f.equals("stop_reason")) stopReason = v == JsonToken.VALUE_NULL ? null : p.getText();
                else if (f.equals("citation_number")) citationNumber = p.getIntValue();
                else if (f.equals("document_id")) documentId = p.getText();
                else p.skipChildren();
              }
            } else if (field.equals("user_message_id")) {
              userId = value == JsonToken.VALUE_NULL ? null : p.getText();
            } else if (field.equals("reserved_assistant_message_id")) {
              assistantId = p.getText();
            } else if (field.equals("error")) {
              error = p.getText();
            } else {
              p.skipChildren();
            }
          }
          if (error != null) throw new IOException("onyx stream error: " + error);
          if ("message_delta".equals(type) && content != null) {
            answer.append(content);
          } else if ("citation_info".equals(type) && documentId != null) {
            Citation c = Citation.builder().number(citationNumber).documentId(documentId).build();
            if (!citations.contains(c)) citations.add(c);
          } else if ("stop".equals(type)) {
            stopped = true;
          }
        }
      }
    }
    if (!stopped) throw new IOException("onyx stream ended without stop");
    Message message = Message.builder().id(assistantId).sessionId(sessionId).role(Role.ASSISTANT)
        .text(answer.toString()).parentId(userId).citations(citations)
        .vendorData(Map.of("message_type", "assistant")).build();
    return ChatReply.builder().message(message).userMessageId(userId)
        .finishReason(stopReason == null ? "stop" : stopReason).build();
  }

  /**
   * Open WebUI, "client-managed history" as the web UI and the SDK do: read the chat, send its
   * current branch plus the new message to {@code /api/chat/completions} ({@code stream:false}), read the chat
   * again, write the user and assistant messages into its {@code history} and post the whole chat.
   */
  static ChatReply openWebUiSend(OkHttpClient http, String baseUrl, String key, String chatId, String model,
      String modelName, String text) throws IOException {
    JsonNode stored = call(http, new Request.Builder().url(baseUrl + "/api/v1/chats/" + chatId).get(), key);
    ObjectNode chat = ((ObjectNode) stored.get("chat")).deepCopy();
    ObjectNode history = (ObjectNode) chat.get("history");
    ObjectNode messages = (ObjectNode) history.get("messages");
    String parentId = history.path("currentId").asText(null);

    ObjectNode completionRequest = MAPPER.createObjectNode().put("model", model);
    ArrayNode openAi = completionRequest.putArray("messages");
    for (JsonNode m : branch(messages, parentId)) {
      openAi.addObject().put("role", m.path("role").asText("user")).put("content", m.path("content").asText());
    }
    openAi.addObject().put("role", "user").put("content", text);
    completionRequest.put("stream", false);
    JsonNode completion = call(http, new Request.Builder().url(baseUrl + "/api/chat/completions")
        .post(RequestBody.create(MAPPER.writeValueAsBytes(completionRequest), JSON)), key);
    JsonNode choice = completion.path("choices").path(0);
    String answer = choice.path("message").path("content").asText("");
    String finish = choice.path("finish_reason").asText(null);

    // read the chat again right before writing it back, so another writer's messages since the first read are
    // kept (the SDK does the same; its check after writing is off in this comparison: write-settle=0)
    stored = call(http, new Request.Builder().url(baseUrl + "/api/v1/chats/" + chatId).get(), key);
    chat = ((ObjectNode) stored.get("chat")).deepCopy();
    history = (ObjectNode) chat.get("history");
    messages = (ObjectNode) history.get("messages");

    String userId = UUID.randomUUID().toString();
    String assistantId = UUID.randomUUID().toString();
    long now = Instant.now().getEpochSecond();
    if (parentId != null && messages.get(parentId) instanceof ObjectNode) {
      ((ArrayNode) messages.get(parentId).get("childrenIds")).add(userId);
    }
    ObjectNode user = messages.putObject(userId).put("id", userId).put("parentId", parentId);
    user.putArray("childrenIds").add(assistantId);
    user.put("role", "user").put("content", text).put("timestamp", now);
    user.putArray("models").add(model);
    ObjectNode assistant = messages.putObject(assistantId).put("id", assistantId).put("parentId", userId);
    assistant.putArray("childrenIds");
    assistant.put("role", "assistant").put("content", answer).put("model", model).put("modelName", modelName)
        .put("modelIdx", 0).put("timestamp", now).put("done", true);
    assistant.set("usage", completion.get("usage"));
    history.put("currentId", assistantId);
    ArrayNode flat = chat.putArray("messages");
    for (JsonNode m : branch(messages, assistantId)) flat.add(m.deepCopy());
    ObjectNode update = MAPPER.createObjectNode();
    update.set("chat", chat);
    call(http, new Request.Builder().url(baseUrl + "/api/v1/chats/" + chatId)
        .post(RequestBody.create(MAPPER.writeValueAsBytes(update), JSON)), key);

    Map<String, Object> vendorData = new LinkedHashMap<>();
    vendorData.put("model", completion.path("model").asText());
    Map<String, Object> usage = new LinkedHashMap<>();
    completion.path("usage").fields().forEachRemaining(u -> usage.put(u.getKey(), u.getValue().longValue()));
    vendorData.put("usage", usage);
    Message message = Message.builder().id(assistantId).sessionId(chatId).role(Role.ASSISTANT).text(answer)
        .createdAt(Instant.now()).parentId(userId).vendorData(vendorData).build();
    return ChatReply.builder().message(message).userMessageId(userId).finishReason(finish).build();
  }

  /** The messages from the root to {@code leafId}, following {@code parentId}. */
  static List<JsonNode> branch(JsonNode messages, String leafId) {
    List<JsonNode> out = new ArrayList<>();
    for (String id = leafId; id != null; ) {
      JsonNode m = messages.get(id);
      if (m == null) break;
      out.add(0, m);
      id = m.path("parentId").isTextual() ? m.get("parentId").asText() : null;
    }
    return out;
  }

  private static JsonNode call(OkHttpClient http, Request.Builder request, String key) throws IOException {
    try (Response response = http.newCall(request.header("Authorization", "Bearer " + key).build()).execute()) {
      if (!response.isSuccessful()) throw new IOException("openwebui HTTP " + response.code());
      return MAPPER.readTree(response.body().bytes());
    }
  }
}
