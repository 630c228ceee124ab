package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.http.ErrorBody;
import dev.chatbridge.internal.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A non-streaming completion ({@code object: "chat.completion"}): the first choice's text, reasoning and finish
 * reason, the {@code usage}, and the {@code sources} Open WebUI merges in at the top level. Everything else is in
 * {@link #extra()}.
 */
public final class ChatCompletion {
  private static final Set<String> MAPPED = Set.of("id", "model", "choices", "usage", "sources");

  private final JsonNode node;
  private final JsonNode message;
  private final JsonNode choice;

  private ChatCompletion(JsonNode node) {
    this.node = node;
    List<JsonNode> choices = Json.list(node, "choices");
    this.choice = choices.isEmpty() ? null : choices.get(0);
    this.message = choice == null ? null : Json.obj(choice, "message");
  }

  /**
   * Reads a completion body. {@code null} and {@code {"status":true,"task_id(s)":…}} are what the server sends
   * for chat-bound calls (the reply then goes to the socket and the stored chat), never for an unbound one: they
   * fail with {@link ResponseFormatException}. {@code {"error":…}} without {@code choices} (a pipe function that
   * failed answers it with HTTP 200) is an {@link ApiException} with status 200 carrying the server's text.
   */
  static ChatCompletion parse(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " answered the completion with null: the call was "
          + "bound to a stored chat on the server (chat_id), so the reply was not returned over HTTP", "null");
    }
    if (!node.isObject()) {
      throw new ResponseFormatException(
          OpenWebUiProvider.NAME + " completion is not a JSON object: " + abbreviate(node), node.toString());
    }
    if (node.has("task_id") || node.has("task_ids") || (node.has("status") && !node.has("choices"))) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " answered the completion with a background task ("
          + abbreviate(node) + "): the call was bound to a stored chat on the server, so the reply goes to its "
          + "socket, not over HTTP", node.toString());
    }
    JsonNode error = node.get("error");
    if (!node.has("choices") && error != null && !error.isNull() && !(error.isBoolean() && !error.booleanValue())) {
      String raw = node.toString();
      ErrorBody body = ErrorBody.parse(raw);
      throw new ApiException(ApiError.builder(OpenWebUiProvider.NAME, 200)
          .serverMessage(body.message.isEmpty() ? error.toString() : body.message)
          .errorCode(body.code).rawBody(raw).build());
    }
    if (!node.has("choices")) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " completion has no 'choices': " + abbreviate(node),
          node.toString());
    }
    return new ChatCompletion(node);
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  JsonNode node() {
    return node;
  }

  /** The provider's completion id ({@code chatcmpl-…}); not a chat message id. */
  public Optional<String> id() {
    return Optional.ofNullable(Json.text(node, "id"));
  }

  public Optional<String> model() {
    return Optional.ofNullable(Json.text(node, "model"));
  }

  /** The first choice's content; empty when it had none (e.g. only tool calls). */
  public String text() {
    JsonNode content = message == null ? null : message.get("content");
    if (content == null || content.isNull()) return "";
    if (content.isTextual()) return content.asText();
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) if (part.hasNonNull("text")) sb.append(part.get("text").asText());
    return sb.toString();
  }

  /**
   * The first choice's reasoning, when the model reports it: {@code reasoning_content}, {@code reasoning} or
   * {@code thinking}, the keys Open WebUI reads it from.
   */
  public Optional<String> reasoning() {
    String r = Json.text(message, "reasoning_content");
    if (r == null) r = Json.text(message, "reasoning");
    return Optional.ofNullable(r != null ? r : Json.text(message, "thinking"));
  }

  public Optional<String> finishReason() {
    return Optional.ofNullable(Json.text(choice, "finish_reason"));
  }

  /** The first choice's {@code tool_calls}, unexecuted (only chat-bound calls run tools natively); plain Java. */
  public List<Object> toolCalls() {
    return Json.plainList(message, "tool_calls");
  }

  /** {@code usage}, as plain Java values; empty when absent. */
  public Map<String, Object> usage() {
    return Json.plainMap(node, "usage");
  }

  /** The {@code sources} (RAG or web citations), as plain Java values; empty when none. */
  public List<Object> sources() {
    return Json.plainList(node, "sources");
  }

  /** Every other top-level field (e.g. {@code selected_model_id}), as plain Java values. */
  public Map<String, Object> extra() {
    return Json.rest(node, MAPPED);
  }

  @Override
  public String toString() {
    return "ChatCompletion{model=" + model().orElse(null) + ", finishReason=" + finishReason().orElse(null) + "}";
  }
}
