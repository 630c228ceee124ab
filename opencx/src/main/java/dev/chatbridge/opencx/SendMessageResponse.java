package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code POST /chat/sessions/{id}/send} answered. OpenCX has documented four shapes over time, all read here:
 * <ol>
 *   <li>{@link Shape#AI_RESPONSE}: {@code {ai_response: {text, error?: {message}}}} (2024 spec);</li>
 *   <li>{@link Shape#AUTOPILOT}: {@code {success, code, autopilotResponse: {type, value: {error, content}, id, …},
 *       uiResponse, sessionIsHandedOff}};</li>
 *   <li>{@link Shape#AUTOPILOT_WRAPPED}: the same inside {@code {success, data: {…, resolveArgs}}};</li>
 *   <li>{@link Shape#MESSAGE_ID}: {@code {success: true, data: {message: {id}}}}: the message was stored, the AI
 *       reply is not inline (read it from the history: {@link OpenCxClient#awaitReply}).</li>
 * </ol>
 * {@link #raw()} keeps the whole body.
 */
public final class SendMessageResponse {
  /** Which documented response shape the server used. */
  public enum Shape {
    /** {@code {ai_response: {text, error}}}. */
    AI_RESPONSE,
    /** {@code {success, code, autopilotResponse, uiResponse, sessionIsHandedOff}}. */
    AUTOPILOT,
    /** {@code {success, data: {autopilotResponse, …, resolveArgs}}}. */
    AUTOPILOT_WRAPPED,
    /** {@code {success, data: {message: {id}}}}. */
    MESSAGE_ID,
    /** None of the above; see {@link #raw()}. */
    UNKNOWN
  }

  private final Shape shape;
  private final Boolean success;
  private final String code;
  private final String replyText;
  private final String replyId;
  private final boolean replyError;
  private final String errorMessage;
  private final String messageId;
  private final boolean sessionHandedOff;
  private final Map<String, Object> autopilotResponse;
  private final Map<String, Object> uiResponse;
  private final Map<String, Object> resolveArgs;
  private final Map<String, Object> raw;

  /** Where wrong-typed fields are reported. */
  private static final String WHERE = OpenCxProvider.NAME + " send response";

  private SendMessageResponse(JsonNode root) {
    JsonNode data = Json.obj(root, "data");
    JsonNode body = data != null ? data : root;
    this.success = Json.strictBool(root, "success", WHERE);
    this.raw = Json.plainMap(root);
    String codeValue = Json.string(body, "code", WHERE);
    this.code = codeValue != null ? codeValue : Json.string(root, "code", WHERE);
    this.uiResponse = Json.plainMap(body, "uiResponse");
    this.resolveArgs = Json.plainMap(body, "resolveArgs");
    this.sessionHandedOff = Boolean.TRUE.equals(Json.strictBool(body, "sessionIsHandedOff", WHERE));
    this.messageId = Json.id(Json.obj(body, "message"), "id");

    if (body != null && body.has("ai_response")) {
      JsonNode ai = Json.obj(body, "ai_response");
      this.shape = Shape.AI_RESPONSE;
      this.replyText = Json.string(ai, "text", OpenCxProvider.NAME + " send response ai_response");
      this.replyId = Json.id(ai, "id");
      JsonNode error = ai == null ? null : ai.get("error");
      String errorText = null;
      boolean failed = false;
      if (error != null && !error.isNull()) {
        if (error.isObject()) {
          failed = true;
          errorText = Json.text(error, "message");
        } else if (error.isTextual()) {
          failed = true;
          errorText = error.asText();
        } else if (error.isBoolean()) {
          failed = error.booleanValue();
        }
      }
      this.replyError = failed;
      this.errorMessage = failed && errorText == null ? replyText : errorText;
      this.autopilotResponse = Map.of();
    } else if (body != null && (body.has("autopilotResponse") || body.has("sessionIsHandedOff")
        || body.has("uiResponse") || (messageId == null && body.has("code")))) {
      this.shape = data != null ? Shape.AUTOPILOT_WRAPPED : Shape.AUTOPILOT;
      JsonNode ap = Json.obj(body, "autopilotResponse");
      JsonNode value = Json.obj(ap, "value");
      this.autopilotResponse = Json.plainMap(body, "autopilotResponse");
      this.replyId = Json.id(ap, "id");
      String where = OpenCxProvider.NAME + " autopilotResponse.value";
      this.replyError = Boolean.TRUE.equals(Json.strictBool(value, "error", where));
      String content = Json.string(value, "content", where);
      this.replyText = replyError ? null : content;
      this.errorMessage = replyError ? content : null;
    } else {
      this.shape = messageId != null ? Shape.MESSAGE_ID : Shape.UNKNOWN;
      this.replyText = null;
      this.replyId = null;
      this.replyError = false;
      this.errorMessage = null;
      this.autopilotResponse = Map.of();
    }
  }

  static SendMessageResponse from(JsonNode root) {
    return new SendMessageResponse(root);
  }

  public Shape shape() {
    return shape;
  }

  /** {@code success}, when the shape has it. */
  public Optional<Boolean> success() {
    return Optional.ofNullable(success);
  }

  /**
   * {@code code}, when present: e.g. {@code session_assigned_to_human_agent}, {@code response_cancelled},
   * {@code skipping_unuseful_response}, {@code duplicate_message_ignored}.
   */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** The AI reply given inline ({@code ai_response.text} or {@code autopilotResponse.value.content}), if any. */
  public Optional<String> replyText() {
    return Optional.ofNullable(replyText).filter(s -> !s.isEmpty());
  }

  /** The id of the inline AI reply ({@code autopilotResponse.id}), if given. */
  public Optional<String> replyId() {
    return Optional.ofNullable(replyId);
  }

  /** True when the AI reported an error instead of a reply; see {@link #errorMessage()}. */
  public boolean isReplyError() {
    return replyError;
  }

  /** The AI's error text ({@code ai_response.error.message} or {@code autopilotResponse.value.content}). */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  /** The id of the stored message we sent ({@code data.message.id}), when the server reports it. */
  public Optional<String> messageId() {
    return Optional.ofNullable(messageId);
  }

  /** {@code sessionIsHandedOff}: a human owns the session and the AI will not answer. */
  public boolean isSessionHandedOff() {
    return sessionHandedOff;
  }

  /** True when the reply is here: {@link #replyText()} is present and not an error. */
  public boolean hasInlineReply() {
    return !replyError && replyText().isPresent();
  }

  /** {@code autopilotResponse} as plain Java (mode, debugInfo, mightSolveUserIssue, …); empty when absent. */
  public Map<String, Object> autopilotResponse() {
    return autopilotResponse;
  }

  /** {@code uiResponse} as plain Java; empty when absent. */
  public Map<String, Object> uiResponse() {
    return uiResponse;
  }

  /** {@code data.resolveArgs} ({@code {summary, sentiment}}); empty when absent. */
  public Map<String, Object> resolveArgs() {
    return resolveArgs;
  }

  /** The whole body as received, as plain Java values. */
  public Map<String, Object> raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "SendMessageResponse{shape=" + shape + ", code=" + code + ", inlineReply=" + hasInlineReply()
        + ", replyError=" + replyError + ", messageId=" + messageId + ", handedOff=" + sessionHandedOff + "}";
  }
}
