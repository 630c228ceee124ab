package dev.chatbridge.onyx;

import dev.chatbridge.Citation;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.SessionSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Onyx wire models → neutral types. Stateless. */
final class OnyxMapping {
  private OnyxMapping() {}

  /** {@code message_type} → role: tool calls and their results are TOOL; unknown values are kept. */
  static Role role(String messageType) {
    return switch (messageType) {
      case ChatMessageDetail.TYPE_SYSTEM -> Role.SYSTEM;
      case ChatMessageDetail.TYPE_USER -> Role.USER;
      case ChatMessageDetail.TYPE_ASSISTANT -> Role.ASSISTANT;
      case ChatMessageDetail.TYPE_TOOL_CALL, ChatMessageDetail.TYPE_TOOL_CALL_RESPONSE -> Role.TOOL;
      default -> Role.of(messageType.isEmpty() ? "unknown" : messageType);
    };
  }

  static Message message(ChatMessageDetail m, String sessionId) {
    Map<String, Object> vendor = new LinkedHashMap<>();
    vendor.put("message_type", m.messageType());
    vendor.put("latest_child_message", m.latestChildMessage());
    vendor.put("context_docs", m.contextDocs());
    vendor.put("files", m.files());
    vendor.put("error", m.error());
    vendor.put("current_feedback", m.currentFeedback());
    if (m.reasoningTokens() != null) vendor.put("reasoning_tokens", m.reasoningTokens());
    vendor.putAll(m.additionalProperties());
    return Message.builder()
        .id(Integer.toString(m.messageId()))
        .sessionId(m.chatSessionId() != null ? m.chatSessionId() : sessionId)
        .role(role(m.messageType()))
        .text(m.message())
        .createdAt(m.timeSent())
        .parentId(m.parentMessage() == null ? null : m.parentMessage().toString())
        .citations(citations(m.citations(), documents(m.contextDocs())))
        .vendorData(vendor)
        .build();
  }

  /**
   * The current conversation, oldest first: the mainline from the root along {@code latest_child_message}. The
   * hidden root {@code system} message (empty, no parent) is left out; {@link ChatSessionDetail#mainline()} keeps it.
   */
  static List<Message> history(ChatSessionDetail detail) {
    List<Message> out = new ArrayList<>();
    for (ChatMessageDetail m : detail.mainline()) {
      if (m.parentMessage() == null && ChatMessageDetail.TYPE_SYSTEM.equals(m.messageType())) continue;
      out.add(message(m, detail.chatSessionId()));
    }
    return out;
  }

  static SessionSummary summary(ChatSessionDetail d) {
    Map<String, Object> vendor = new LinkedHashMap<>();
    vendor.put("persona_id", d.personaId());
    vendor.put("persona_name", d.personaName());
    vendor.put("shared_status", d.sharedStatus());
    vendor.put("deleted", d.deleted());
    vendor.put("incognito", d.incognito());
    vendor.put("current_run", d.currentRun());
    vendor.putAll(d.additionalProperties());
    return SessionSummary.builder()
        .id(d.chatSessionId())
        .title(d.description())
        .createdAt(d.timeCreated())
        .status(d.deleted() ? "deleted" : null)
        .vendorData(vendor)
        .build();
  }

  static SessionSummary summary(ChatSessionListItem s) {
    Map<String, Object> vendor = new LinkedHashMap<>();
    vendor.put("persona_id", s.personaId());
    vendor.put("shared_status", s.sharedStatus());
    vendor.put("time_created", s.timeCreated());
    vendor.put("time_updated", s.timeUpdated());
    vendor.putAll(s.additionalProperties());
    return SessionSummary.builder()
        .id(s.id())
        .title(s.name())
        .createdAt(s.timeCreatedInstant())
        .updatedAt(s.timeUpdatedInstant())
        .vendorData(vendor)
        .build();
  }

  /** Citation number → document id, in number order, with title and link from the documents when known. */
  static List<Citation> citations(Map<String, String> byNumber, Map<String, Map<?, ?>> documents) {
    List<Citation> out = new ArrayList<>();
    byNumber.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, String> e) -> number(e.getKey()),
            Comparator.nullsLast(Comparator.naturalOrder())))
        .forEach(e -> out.add(citation(number(e.getKey()), e.getValue(), documents)));
    return out;
  }

  static Citation citation(Integer number, String documentId, Map<String, Map<?, ?>> documents) {
    Map<?, ?> doc = documents.get(documentId);
    return Citation.builder()
        .number(number)
        .documentId(documentId)
        .title(doc == null ? null : string(doc.get("semantic_identifier")))
        .url(doc == null ? null : string(doc.get("link")))
        .build();
  }

  /** SearchDocs (plain maps) by {@code document_id}. */
  static Map<String, Map<?, ?>> documents(List<?> docs) {
    Map<String, Map<?, ?>> out = new LinkedHashMap<>();
    if (docs == null) return out;
    for (Object d : docs) {
      if (d instanceof Map<?, ?> doc && doc.get("document_id") != null) out.put(doc.get("document_id").toString(), doc);
    }
    return out;
  }

  private static Integer number(String key) {
    try {
      return Integer.valueOf(key.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
