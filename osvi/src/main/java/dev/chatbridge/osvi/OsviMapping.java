package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatReply;
import dev.chatbridge.Message;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.Role;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.internal.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OSVI wire models → vendor-neutral types. Nothing is invented: absent text stays empty. */
final class OsviMapping {
  private OsviMapping() {}

  /** A field the wire models cannot do without, as text, or a {@link ResponseFormatException} naming it. */
  static String require(JsonNode node, String field, String what) {
    String value = Json.text(node, field);
    if (value == null || value.isEmpty()) {
      throw new ResponseFormatException(
          OsviProvider.NAME + " " + what + " response has no '" + field + "'", node == null ? "" : node.toString());
    }
    return value;
  }

  /** A legacy session; its welcome message, when OSVI sent a non-empty one, is the first assistant message. */
  static SessionDetails legacySession(LegacyChatSession s) {
    Map<String, Object> vendorData = new LinkedHashMap<>();
    s.agentName().ifPresent(n -> vendorData.put("agent_name", n));
    vendorData.putAll(s.additionalProperties());
    SessionSummary summary = SessionSummary.builder()
        .id(s.sessionId())
        .createdAt(s.startedAt().orElse(null))
        .vendorData(vendorData)
        .build();
    List<Message> messages = s.welcomeMessage()
        .filter(w -> !w.isEmpty())
        .map(w -> List.of(Message.builder()
            .sessionId(s.sessionId())
            .role(Role.ASSISTANT)
            .text(w)
            .createdAt(s.startedAt().orElse(null))
            .build()))
        .orElse(List.of());
    return new SessionDetails(summary, messages);
  }

  /** A v1 session: id, times and status mapped, everything else in vendorData under its wire name. */
  static SessionDetails v1Session(OsviSession s) {
    Map<String, Object> vendorData = new LinkedHashMap<>();
    s.customerId().ifPresent(v -> vendorData.put("customer_id", v));
    s.chatAgentId().ifPresent(v -> vendorData.put("chat_agent_id", v));
    s.accountId().ifPresent(v -> vendorData.put("account_id", v));
    s.mode().ifPresent(v -> vendorData.put("mode", v.value()));
    vendorData.put("help_requested", s.helpRequested());
    s.currentState().ifPresent(v -> vendorData.put("current_state", v));
    s.activeHuman().ifPresent(v -> vendorData.put("active_human", v));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("input_fields", s.metadata().inputFields());
    metadata.put("state_fields", s.metadata().stateFields());
    metadata.put("context", s.metadata().context());
    metadata.putAll(s.metadata().additionalProperties());
    vendorData.put("metadata", metadata);
    vendorData.putAll(s.additionalProperties());
    SessionSummary summary = SessionSummary.builder()
        .id(s.id())
        .createdAt(s.createdAt().orElse(null))
        .updatedAt(s.updatedAt().orElse(null))
        .status(s.status().map(SessionStatus::value).orElse(null))
        .vendorData(vendorData)
        .build();
    return new SessionDetails(summary, List.of());
  }

  /** A legacy reply: {@code response} as text (empty stays empty); tool calls/results and state in vendorData. */
  static ChatReply legacyReply(LegacyMessageReply r) {
    Map<String, Object> vendorData = new LinkedHashMap<>();
    vendorData.put("tool_calls", r.toolCalls());
    vendorData.put("tool_results", r.toolResults());
    vendorData.put("current_state", r.currentState().orElse(null));
    vendorData.putAll(r.additionalProperties());
    return ChatReply.builder()
        .message(Message.builder()
            .sessionId(r.sessionId())
            .role(Role.ASSISTANT)
            .text(r.response())
            .vendorData(vendorData)
            .build())
        .build();
  }

  /**
   * A v1 reply. The message's {@code sessionId} is the session OSVI answered on, which may differ from the one
   * sent. A null or empty {@code reply} (a human has the session) stays empty text.
   */
  static ChatReply inboundReply(InboundReply r) {
    Map<String, Object> vendorData = new LinkedHashMap<>();
    vendorData.put("state", r.state().orElse(null));
    vendorData.put("mode", r.mode().map(SessionMode::value).orElse(null));
    vendorData.put("help_requested", r.helpRequested());
    vendorData.putAll(r.additionalProperties());
    return ChatReply.builder()
        .message(Message.builder()
            .sessionId(r.sessionId())
            .role(Role.ASSISTANT)
            .text(r.reply().orElse(""))
            .vendorData(vendorData)
            .build())
        .build();
  }
}
