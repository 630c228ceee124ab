package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chatbridge.ChatReply;
import dev.chatbridge.Citation;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Open WebUI wire values → ChatBridge's neutral types: timestamps, chats, messages and replies. */
final class OpenWebUiMapping {
  private static final Set<String> MESSAGE_MAPPED = Set.of("id", "parentId", "role", "content", "timestamp", "sources");

  private OpenWebUiMapping() {}

  /**
   * An epoch timestamp Open WebUI documents in seconds, read leniently: values too large for seconds are taken as
   * milliseconds, microseconds or nanoseconds by magnitude, so a server that switches unit is still read right.
   */
  static Instant epochSeconds(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isNumber()) return null;
    double d = v.asDouble();
    double abs = Math.abs(d);
    if (abs >= 1e17) return Instant.ofEpochSecond(0, (long) d);
    if (abs >= 1e14) return Instant.ofEpochSecond(0, (long) d * 1000L);
    if (abs >= 1e11) return Instant.ofEpochMilli((long) d);
    long seconds = (long) Math.floor(d);
    return Instant.ofEpochSecond(seconds, Math.round((d - seconds) * 1e9));
  }

  /** An epoch timestamp in milliseconds ({@code chat.timestamp}); small values are taken as seconds. */
  static Instant epochMillis(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isNumber()) return null;
    long n = v.asLong();
    return Math.abs(n) < 1e11 ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
  }

  static SessionSummary summary(ChatResponse chat) {
    Map<String, Object> vendorData = new LinkedHashMap<>();
    chat.userId().ifPresent(v -> vendorData.put("user_id", v));
    vendorData.put("pinned", chat.pinned());
    vendorData.put("archived", chat.archived());
    vendorData.put("share_id", chat.shareId().orElse(null));
    vendorData.put("folder_id", chat.folderId().orElse(null));
    vendorData.put("meta", chat.meta());
    chat.currentMessageId().ifPresent(v -> vendorData.put("current_message_id", v));
    vendorData.putAll(chat.extra());
    // the chat object without its messages (they are the session's messages)
    ObjectNode settings = chat.chatNode().deepCopy();
    settings.remove("history");
    settings.remove("messages");
    vendorData.put("chat", Json.toPlain(settings));
    return SessionSummary.builder()
        .id(chat.id())
        .title(chat.title())
        .createdAt(chat.createdAt().orElse(null))
        .updatedAt(chat.updatedAt().orElse(null))
        .status(chat.archived() ? "archived" : "active")
        .vendorData(vendorData)
        .build();
  }

  static SessionSummary summary(ChatListItem item) {
    return SessionSummary.builder()
        .id(item.id())
        .title(item.title().orElse(null))
        .createdAt(item.createdAt().orElse(null))
        .updatedAt(item.updatedAt().orElse(null))
        .vendorData(item.extra())
        .build();
  }

  /** The visible branch of a chat as neutral messages, root first. */
  static List<Message> currentBranch(String chatId, ChatHistory history) {
    List<Message> out = new ArrayList<>();
    for (HistoryMessage m : history.currentBranch()) out.add(message(chatId, m));
    return out;
  }

  static Message message(String chatId, HistoryMessage m) {
    JsonNode node = m.node();
    Map<String, Object> vendorData = new LinkedHashMap<>(Json.rest(node, MESSAGE_MAPPED));
    JsonNode content = node.get("content");
    if (content != null && !content.isTextual() && !content.isNull()) vendorData.put("content", Json.toPlain(content));
    JsonNode sources = node.get("sources");
    List<Citation> citations = new ArrayList<>();
    if (sources != null && sources.isArray()) {
      vendorData.put("sources", Json.toPlain(sources));
      int n = 0;
      for (JsonNode item : sources) {
        for (Citation c : CompletionResult.citations(item)) {
          citations.add(Citation.builder().number(++n).documentId(c.documentId()).title(c.title().orElse(null))
              .url(c.url().orElse(null)).build());
        }
      }
    }
    String role = m.role();
    return Message.builder()
        .id(m.id())
        .sessionId(chatId)
        .role(role.isEmpty() ? Role.of("unknown") : Role.of(role))
        .text(m.text())
        .createdAt(m.timestamp().orElse(null))
        .parentId(m.parentId().orElse(null))
        .citations(citations)
        .vendorData(vendorData)
        .build();
  }

  /** The reply of a completion; ids are null for unbound completions that are not stored anywhere. */
  static ChatReply reply(String chatId, String messageId, String userMessageId, CompletionResult r, Instant at) {
    Message message = Message.builder()
        .id(messageId)
        .sessionId(chatId)
        .role(Role.ASSISTANT)
        .text(r.text.text())
        .createdAt(at)
        .parentId(userMessageId)
        .citations(r.text.citations())
        .vendorData(r.vendorData())
        .build();
    return ChatReply.builder().message(message).userMessageId(userMessageId).finishReason(r.finishReason)
        .truncated(r.text.truncated()).build();
  }

  /**
   * A message of the branch in OpenAI shape {@code {role, content}}, or null when it has nothing to say (e.g. an
   * empty placeholder). A list of content parts is the stored node itself, only read when the request is written.
   */
  static ObjectNode openAi(HistoryMessage m) {
    JsonNode content = m.node().get("content");
    JsonNode value;
    if (content != null && content.isArray() && !content.isEmpty()) {
      value = content;
    } else {
      String text = m.text();
      if (text.isEmpty()) return null;
      value = TextNode.valueOf(text);
    }
    ObjectNode out = Json.object().put("role", m.role().isEmpty() ? "user" : m.role());
    out.set("content", value);
    return out;
  }
}
