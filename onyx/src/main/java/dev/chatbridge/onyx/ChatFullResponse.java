package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.Values;
import dev.chatbridge.internal.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The non-streaming answer of {@code send-chat-message} ({@code stream=false}). An LLM or tool error after the ids
 * were reserved arrives as a 200 with {@link #errorMsg()} set.
 */
public final class ChatFullResponse {
  private static final Set<String> MAPPED = Set.of("answer", "answer_citationless", "pre_answer_reasoning",
      "tool_calls", "top_documents", "citation_info", "message_id", "chat_session_id", "incognito", "error_msg");

  private final String answer;
  private final String answerCitationless;
  private final String preAnswerReasoning;
  private final List<Object> toolCalls;
  private final List<Object> topDocuments;
  private final List<Object> citationInfo;
  private final Integer messageId;
  private final String chatSessionId;
  private final boolean incognito;
  private final String errorMsg;
  private final Map<String, Object> additionalProperties;

  private ChatFullResponse(JsonNode n) {
    String a = Json.text(n, "answer");
    this.answer = a == null ? "" : a;
    this.answerCitationless = Json.text(n, "answer_citationless");
    this.preAnswerReasoning = Json.text(n, "pre_answer_reasoning");
    this.toolCalls = Json.plainList(n, "tool_calls");
    this.topDocuments = Json.plainList(n, "top_documents");
    this.citationInfo = Json.plainList(n, "citation_info");
    this.messageId = Json.integer(n, "message_id");
    this.chatSessionId = Json.text(n, "chat_session_id");
    this.incognito = Boolean.TRUE.equals(Json.bool(n, "incognito"));
    this.errorMsg = Json.text(n, "error_msg");
    this.additionalProperties = Json.rest(n, MAPPED);
  }

  static ChatFullResponse from(JsonNode node) {
    return new ChatFullResponse(node);
  }

  /** The answer with {@code [n]} citation markers. */
  public String answer() {
    return answer;
  }

  public String answerCitationless() {
    return answerCitationless;
  }

  public String preAnswerReasoning() {
    return preAnswerReasoning;
  }

  /** {@code {tool_name, tool_arguments, tool_result, …}} as plain maps. */
  public List<Object> toolCalls() {
    return toolCalls;
  }

  /** {@code SearchDoc}s as plain maps. */
  public List<Object> topDocuments() {
    return topDocuments;
  }

  /** {@code {type: "citation_info", citation_number, document_id}} as plain maps. */
  public List<Object> citationInfo() {
    return citationInfo;
  }

  /** The assistant message id. */
  public Integer messageId() {
    return messageId;
  }

  public String chatSessionId() {
    return chatSessionId;
  }

  public boolean incognito() {
    return incognito;
  }

  /** Set when generation failed after the ids were reserved. */
  public String errorMsg() {
    return errorMsg;
  }

  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "ChatFullResponse{message=" + messageId + ", session=" + chatSessionId + ", answer="
        + Values.abbreviate(answer, 60) + (errorMsg != null ? ", error=" + errorMsg : "") + "}";
  }
}
