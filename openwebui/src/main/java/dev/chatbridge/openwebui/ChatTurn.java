package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ApiException;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.SessionLocks;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One send on a stored chat, from reading the chat to writing the exchange back: holds the chat's lock for the
 * whole time, builds the OpenAI message list from the branch, and writes the new user and assistant messages into
 * {@code history} (client-generated UUIDs, {@code parentId}/{@code childrenIds}, {@code currentId},
 * {@code messages[]}) by posting the complete chat, which both server generations store correctly.
 */
final class ChatTurn {
  private final OpenWebUiClient client;
  private final SessionLocks.Permit permit;
  private final String chatId;
  private final ObjectNode chat;
  private final String parentId;
  private final List<HistoryMessage> branch;
  private final String text;
  private final String model;
  private final String modelName;
  private final long userTimestamp = Instant.now().getEpochSecond();
  final String userId = UUID.randomUUID().toString();
  final String assistantId = UUID.randomUUID().toString();
  private boolean writeAttempted;

  ChatTurn(OpenWebUiClient client, SessionLocks.Permit permit, ChatResponse stored, String parentId, String text,
      String model, String modelName) {
    this.client = client;
    this.permit = permit;
    this.chatId = stored.id();
    // the stored chat was read for this send alone: edited in place, no copy
    this.chat = (ObjectNode) stored.chatNode();
    this.parentId = parentId;
    this.branch = parentId == null ? List.of() : stored.history().branchTo(parentId);
    this.text = text;
    this.model = model;
    this.modelName = modelName;
  }

  /**
   * The completion body {@code {model, messages, stream}}: the chat's system prompt, the branch in OpenAI shape,
   * then the new user message; built straight as JSON (the same body {@link CompletionRequest} would give).
   */
  ObjectNode request(boolean stream) {
    ObjectNode body = Json.object().put("model", model);
    ArrayNode messages = body.putArray("messages");
    // the chat's own system prompt, sent first as the web UI does
    JsonNode system = chat.path("params").path("system");
    if (system.isTextual() && !system.asText().isBlank()) {
      messages.addObject().put("role", "system").put("content", system.asText());
    }
    for (HistoryMessage m : branch) {
      ObjectNode openAi = OpenWebUiMapping.openAi(m);
      if (openAi != null) messages.add(openAi);
    }
    messages.addObject().put("role", "user").put("content", text);
    return body.put("stream", stream);
  }

  /**
   * Writes the user message and the assistant reply (complete or partial) into the chat and posts it whole.
   * {@code error} is recorded on the assistant message (the web UI shows it) when the reply failed, and so is a
   * reply cut at {@code chatbridge.max-reply-chars}: what is stored is what {@code reply().text()} holds, marked.
   * A failure of the post is a {@link SendOutcomeUnknownException} saying whether the exchange is stored.
   */
  synchronized void writeBack(CompletionResult r, String error) {
    if (writeAttempted) return;
    writeAttempted = true;
    ObjectNode history = object(chat, "history");
    ObjectNode messages = object(history, "messages");
    if (parentId != null && messages.get(parentId) instanceof ObjectNode) {
      ObjectNode parent = (ObjectNode) messages.get(parentId);
      ArrayNode children = parent.get("childrenIds") instanceof ArrayNode
          ? (ArrayNode) parent.get("childrenIds") : parent.putArray("childrenIds");
      children.add(userId);
    }
    ObjectNode user = Json.object().put("id", userId).put("parentId", parentId);
    user.putArray("childrenIds").add(assistantId);
    user.put("role", "user").put("content", text).put("timestamp", userTimestamp);
    user.putArray("models").add(model);
    messages.set(userId, user);

    ObjectNode assistant = Json.object().put("id", assistantId).put("parentId", userId);
    assistant.putArray("childrenIds");
    assistant.put("role", "assistant").put("content", r.text.text()).put("model", model)
        .put("modelName", modelName).put("modelIdx", 0).put("timestamp", Instant.now().getEpochSecond())
        .put("done", true);
    if (r.hasUsage()) assistant.set("usage", r.usage);
    if (!r.sources.isEmpty()) assistant.putArray("sources").addAll(r.sources);
    String problem = joined(error, r.text.truncated() ? "ChatBridge stored only the first "
        + r.text.text().length() + " of the reply's " + r.text.totalChars()
        + " characters (chatbridge.max-reply-chars)" : null);
    if (problem != null) assistant.putObject("error").put("content", problem);
    messages.set(assistantId, assistant);

    history.put("currentId", assistantId);
    ArrayNode flat = Json.array();
    // the branch to the new reply: the one read at the start (the same nodes, in this chat) plus the two new ones
    for (HistoryMessage m : branch) flat.add(m.node());
    flat.add(user).add(assistant);
    chat.set("messages", flat);
    JsonNode models = chat.get("models");
    if (models == null || !models.isArray() || models.isEmpty()) chat.putArray("models").add(model);
    try {
      client.storeChat(chatId, chat); // the answer's id is checked, nothing else of it read
    } catch (ChatException e) {
      throw outcome(e);
    }
  }

  /**
   * The failure of a write-back, saying whether the exchange is stored: a 2xx whose answer could not be read
   * stored it; a 4xx refusal did not; a broken connection or a 5xx (after the retries) may have.
   */
  private ChatException outcome(ChatException e) {
    MessageState state;
    if (e instanceof ResponseFormatException) {
      state = MessageState.STORED;
    } else if (e instanceof ApiException a && a.statusCode() < 500) {
      state = MessageState.NOT_STORED;
    } else if (e instanceof ApiException || e instanceof ConnectionException || e instanceof ChatTimeoutException) {
      state = MessageState.UNKNOWN;
    } else {
      return e; // cancelled by the caller
    }
    return SendOutcomeUnknownException.builder(OpenWebUiProvider.NAME, chatId)
        .messageState(state)
        .messageId(userId)
        .failure("writing the exchange into the chat failed (" + e.getMessage() + ")")
        .cause(e)
        .build();
  }

  private static String joined(String a, String b) {
    if (a == null) return b;
    return b == null ? a : a + "; " + b;
  }

  ChatReply reply(CompletionResult r) {
    return OpenWebUiMapping.reply(chatId, assistantId, userId, r, Instant.now());
  }

  void release() {
    permit.release();
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    JsonNode v = parent.get(field);
    return v instanceof ObjectNode ? (ObjectNode) v : parent.putObject(field);
  }
}
