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
 * {@code messages[]}) by posting the complete chat, which both server generations store correctly, merged into
 * the latest stored copy and checked afterwards ({@link #writeBack}).
 */
final class ChatTurn {
  private static final System.Logger LOG = System.getLogger(ChatTurn.class.getPackageName());
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
   * The chat-bound completion body of the server-managed path: {@code chat_id}, our assistant id as {@code id},
   * our {@code user_message} under the parent, the branch plus the new message as {@code messages},
   * {@code stream:true} with a {@code session_id} (the server answers at once with its task ids and generates in
   * the background) and the background tasks (title, tags, follow-ups) off.
   */
  ObjectNode boundRequest() {
    ObjectNode body = request(true);
    body.put("chat_id", chatId).put("id", assistantId).put("parent_id", parentId);
    ObjectNode user = body.putObject("user_message").put("id", userId).put("parentId", parentId)
        .put("role", "user").put("content", text).put("timestamp", userTimestamp);
    user.putArray("childrenIds");
    user.putArray("models").add(model);
    body.put("session_id", "chatbridge-" + UUID.randomUUID());
    body.putObject("background_tasks").put("title_generation", false).put("tags_generation", false)
        .put("follow_up_generation", false);
    return body;
  }

  String chatId() {
    return chatId;
  }

  /**
   * Writes the user message and the assistant reply (complete or partial) into the chat. {@code error} is recorded
   * on the assistant message (the web UI shows it) when the reply failed, and so is a reply cut at
   * {@code chatbridge.max-reply-chars}: what is stored is what {@code reply().text()} holds, marked.
   *
   * <p>Other writers (another ChatBridge instance, the web UI) may change the chat while the reply runs, and no
   * server generation offers a conditional write; servers up to v0.10 replace the whole history with the posted
   * one. So the chat is read again right before the write and the exchange merged into that latest copy; after
   * {@link OpenWebUiClient#writeSettle()} it is read once more and, when a writer's stale copy replaced it (our
   * messages gone or their links broken), merged and written again, at most {@link #WRITE_ATTEMPTS} times. The
   * completion is never run again. A failure is a {@link SendOutcomeUnknownException} saying whether the
   * exchange is stored.
   */
  synchronized void writeBack(CompletionResult r, String error) {
    if (writeAttempted) return;
    writeAttempted = true;
    ObjectNode user = Json.object().put("id", userId).put("parentId", parentId);
    user.putArray("childrenIds").add(assistantId);
    user.put("role", "user").put("content", text).put("timestamp", userTimestamp);
    user.putArray("models").add(model);

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

    ObjectNode latest;
    try {
      latest = read();
    } catch (ChatException e) {
      throw outcome(e, MessageState.NOT_STORED); // nothing written yet
    }
    for (int attempt = 1; ; attempt++) {
      merge(latest, user, assistant);
      try {
        client.storeChat(chatId, latest); // the answer's id is checked, nothing else of it read
      } catch (ChatException e) {
        throw outcome(e, null);
      }
      if (client.writeSettle().isZero()) return; // the check is turned off (a single writer)
      if (!settle()) return; // interrupted: the write was acknowledged, the check is skipped
      try {
        latest = read();
      } catch (ChatException e) {
        LOG.log(System.Logger.Level.WARNING, OpenWebUiProvider.NAME + " stored the exchange in chat " + chatId
            + " but could not read it back to check it: " + e.getMessage());
        return;
      }
      if (holds(latest)) return;
      if (attempt == WRITE_ATTEMPTS) {
        boolean present = messagesOf(latest).has(userId) && messagesOf(latest).has(assistantId);
        throw SendOutcomeUnknownException.builder(OpenWebUiProvider.NAME, chatId)
            .messageState(present ? MessageState.STORED : MessageState.NOT_STORED)
            .messageId(userId)
            .failure("other writers replaced the exchange in the chat " + WRITE_ATTEMPTS + " times after it was "
                + "written" + (present ? " (it is stored, but its links in the message tree are not intact)" : ""))
            .build();
      }
      LOG.log(System.Logger.Level.DEBUG, OpenWebUiProvider.NAME + " chat " + chatId + " changed under the "
          + "write-back (attempt " + attempt + "): merging the exchange again");
    }
  }

  /** How many times an exchange is written before the send gives up on writers that keep replacing it. */
  static final int WRITE_ATTEMPTS = 4;

  private ObjectNode read() {
    JsonNode c = client.readChat(chatId).chatNode();
    return c instanceof ObjectNode o ? o.deepCopy() : Json.object();
  }

  /** Waits {@link OpenWebUiClient#writeSettle()}; false when interrupted (the flag is kept). */
  private boolean settle() {
    try {
      Thread.sleep(client.writeSettle().toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Puts our two messages into {@code chat} (the latest stored copy): the user message under its parent (the
   * parent's {@code childrenIds} extended), the reply under it, {@code currentId} the reply, and {@code messages[]}
   * the branch to it.
   */
  private void merge(ObjectNode chat, ObjectNode user, ObjectNode assistant) {
    ObjectNode history = object(chat, "history");
    ObjectNode messages = object(history, "messages");
    messages.set(userId, user.deepCopy());
    messages.set(assistantId, assistant.deepCopy());
    if (parentId != null && messages.get(parentId) instanceof ObjectNode parent) {
      ArrayNode children = parent.get("childrenIds") instanceof ArrayNode a ? a : parent.putArray("childrenIds");
      if (!contains(children, userId)) children.add(userId);
    }
    history.put("currentId", assistantId);
    ArrayNode flat = Json.array();
    for (HistoryMessage m : new ChatHistory(history).branchTo(assistantId)) flat.add(m.node());
    chat.set("messages", flat);
    JsonNode models = chat.get("models");
    if (models == null || !models.isArray() || models.isEmpty()) chat.putArray("models").add(model);
  }

  /**
   * True when {@code chat} holds the exchange intact: both messages, linked to each other and to the parent both
   * ways, and a {@code currentId} that names a leaf of the tree.
   */
  private boolean holds(ObjectNode chat) {
    JsonNode messages = messagesOf(chat);
    JsonNode user = messages.get(userId);
    JsonNode assistant = messages.get(assistantId);
    if (user == null || assistant == null) return false;
    if (!userId.equals(Json.id(assistant, "parentId")) || !contains(user.get("childrenIds"), assistantId)) return false;
    if (parentId != null) {
      if (!parentId.equals(Json.id(user, "parentId"))) return false;
      JsonNode parent = messages.get(parentId);
      if (parent != null && !contains(parent.get("childrenIds"), userId)) return false;
    }
    String current = Json.id(chat.path("history"), "currentId");
    JsonNode leaf = current == null ? null : messages.get(current);
    if (leaf == null) return false;
    JsonNode children = leaf.get("childrenIds");
    if (children != null && children.isArray()) {
      for (JsonNode c : children) if (messages.has(c.asText())) return false;
    }
    return true;
  }

  private static JsonNode messagesOf(JsonNode chat) {
    JsonNode m = chat.path("history").path("messages");
    return m.isObject() ? m : Json.object();
  }

  private static boolean contains(JsonNode array, String id) {
    if (array == null || !array.isArray()) return false;
    for (JsonNode v : array) if (id.equals(v.asText())) return true;
    return false;
  }

  /**
   * The failure of a write-back, saying whether the exchange is stored: a 2xx whose answer could not be read
   * stored it; a 4xx refusal did not; a broken connection or a 5xx (after the retries) may have.
   */
  private ChatException outcome(ChatException e, MessageState known) {
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
    if (known != null) state = known;
    return SendOutcomeUnknownException.builder(OpenWebUiProvider.NAME, chatId)
        .messageState(state)
        .messageId(userId)
        .failure((known == MessageState.NOT_STORED ? "reading the chat to write the exchange into it failed ("
            : "writing the exchange into the chat failed (") + e.getMessage() + ")")
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
