package dev.chatbridge.opencx;

import dev.chatbridge.Attachment;
import dev.chatbridge.ChatReply;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.Role;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenCX wire models ↔ values: the checks on values a request writes ({@code custom_data}), and the wire models
 * read into neutral types. History events become messages: {@code contact} → USER, {@code ai} →
 * ASSISTANT, {@code human_agent} → AGENT; every other event (handoff, human_agent_joined, human_agent_takeover,
 * human_agent_comment, ai_resolved_issue, newer types) is kept as a SYSTEM message whose {@code vendorData} carries
 * {@code event_type} and the event's fields, so nothing the server said is lost.
 */
final class OpenCxMapping {
  private static final Set<String> SESSION_MAPPED = Set.of("id", "status", "created_at", "updated_at");

  private OpenCxMapping() {}

  /**
   * Refuses a {@code custom_data} map with a nested or null value before anything is sent: OpenCX answers 400 to
   * those, so failing here names the key instead of a round trip.
   */
  static void checkFlat(String where, Map<String, ?> data) {
    if (data == null) return;
    data.forEach((key, v) -> {
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw InvalidRequestException.local(OpenCxProvider.NAME, where + " '" + key
            + "' must be a string, number or boolean, not " + describe(v)
            + " (OpenCX rejects nested custom_data values with 400)");
      }
    });
  }

  /** Refuses non-string values where the docs require strings ({@code contact.custom_data}). */
  static void checkStrings(String where, Map<String, ?> data) {
    if (data == null) return;
    data.forEach((key, v) -> {
      if (!(v instanceof String)) {
        throw InvalidRequestException.local(OpenCxProvider.NAME, where + " '" + key + "' must be a string, not "
            + describe(v));
      }
    });
  }

  private static String describe(Object v) {
    if (v == null) return "null";
    if (v instanceof Map) return "a nested object";
    if (v instanceof List || v.getClass().isArray()) return "a list";
    return "a " + v.getClass().getSimpleName();
  }

  static SessionSummary summary(OpenCxSession s) {
    if (s.id() == null) {
      // found by fuzzing: a session object without an id is a malformed answer, not a NullPointerException
      throw new ResponseFormatException(OpenCxProvider.NAME + " sent a session without an id", Json.write(s.raw()));
    }
    Map<String, Object> rest = new LinkedHashMap<>(s.raw());
    SESSION_MAPPED.forEach(rest::remove);
    return SessionSummary.builder()
        .id(s.id())
        .status(s.status() == null ? null : s.status().value())
        .createdAt(s.createdAt())
        .updatedAt(s.updatedAt())
        .vendorData(rest)
        .build();
  }

  static List<Message> messages(String sessionId, List<HistoryItem> items) {
    List<Message> out = new ArrayList<>(items.size());
    for (HistoryItem item : items) out.add(message(sessionId, item));
    return out;
  }

  static Message message(String sessionId, HistoryItem item) {
    Map<String, Object> vendorData = new LinkedHashMap<>();
    if (item.type() != null) vendorData.put("event_type", item.type());
    item.event().forEach((k, v) -> {
      if (!k.equals("type") && !k.equals("content") && !k.equals("attachments")) vendorData.put(k, v);
    });
    item.raw().forEach((k, v) -> {
      if (!k.equals("id") && !k.equals("created_at") && !k.equals("event")) vendorData.put(k, v);
    });
    List<Attachment> files = new ArrayList<>();
    for (Map<String, Object> a : item.attachments()) {
      files.add(Attachment.builder()
          .id(str(a.get("id")))
          .name(str(a.get("name")))
          .url(str(a.get("url")))
          .mimeType(str(a.get("type")))
          .build());
    }
    return Message.builder()
        .id(item.id())
        .sessionId(sessionId)
        .role(role(item))
        .text(item.text())
        .createdAt(item.createdAt())
        .attachments(files)
        .vendorData(vendorData)
        .build();
  }

  static Role role(HistoryItem item) {
    if (!item.isMessage()) return Role.SYSTEM;
    String sender = item.senderType();
    if (sender == null) return Role.SYSTEM;
    switch (sender) {
      case "contact":
        return Role.USER;
      case "ai":
        return Role.ASSISTANT;
      case "human_agent":
        return Role.AGENT;
      default:
        return Role.of(sender);
    }
  }

  /** The reply carried inline by a send response. */
  static ChatReply inlineReply(String sessionId, SendMessageResponse r) {
    Message message = Message.builder()
        .id(r.replyId().orElse(null))
        .sessionId(sessionId)
        .role(Role.ASSISTANT)
        .text(r.replyText().orElse(""))
        .vendorData(responseData(r))
        .build();
    return ChatReply.builder().message(message).userMessageId(r.messageId().orElse(null)).build();
  }

  /** An empty reply for a send the server answered with a no-reply {@code code}; the code is the finish reason. */
  static ChatReply noReply(String sessionId, SendMessageResponse r) {
    Message message = Message.builder()
        .sessionId(sessionId)
        .role(Role.ASSISTANT)
        .text("")
        .vendorData(responseData(r))
        .build();
    return ChatReply.builder()
        .message(message)
        .userMessageId(r.messageId().orElse(null))
        .finishReason(r.code().orElse(null))
        .build();
  }

  /** The reply read from the history after polling. */
  static ChatReply polledReply(String sessionId, SendMessageResponse r, HistoryItem item) {
    return historyReply(sessionId, r.messageId().orElse(null), item);
  }

  /** A reply read from the history, to our message {@code userMessageId} (null when unknown). */
  static ChatReply historyReply(String sessionId, String userMessageId, HistoryItem item) {
    return ChatReply.builder()
        .message(message(sessionId, item))
        .userMessageId(userMessageId)
        .build();
  }

  private static Map<String, Object> responseData(SendMessageResponse r) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("response_shape", r.shape().name().toLowerCase(java.util.Locale.ROOT));
    r.code().ifPresent(c -> data.put("code", c));
    if (r.isSessionHandedOff()) data.put("sessionIsHandedOff", true);
    if (!r.autopilotResponse().isEmpty()) data.put("autopilotResponse", r.autopilotResponse());
    if (!r.uiResponse().isEmpty()) data.put("uiResponse", r.uiResponse());
    if (!r.resolveArgs().isEmpty()) data.put("resolveArgs", r.resolveArgs());
    return data;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
