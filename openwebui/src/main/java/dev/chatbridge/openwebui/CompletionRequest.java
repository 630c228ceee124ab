package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A call to {@code POST /api/chat/completions} that is not bound to a stored chat: a model, OpenAI-style messages
 * and optional extra top-level fields ({@code params}, {@code features}, {@code files}, {@code tool_ids} …).
 * The chat-binding fields ({@code chat_id}, {@code id}, {@code session_id} …) are refused: with them the server
 * answers with a task id instead of the reply.
 */
public final class CompletionRequest {
  private static final Set<String> RESERVED = Set.of("model", "messages", "stream", "chat_id", "id", "session_id",
      "parent_id", "user_message", "parent_message", "message_ids", "assistant_message_id");

  private final String model;
  private final List<Map<String, Object>> messages;
  private final Map<String, Object> extra;

  private CompletionRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    if (b.messages.isEmpty()) throw new IllegalArgumentException("a completion needs at least one message");
    this.messages = List.copyOf(b.messages);
    this.extra = Map.copyOf(b.extra);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String model() {
    return model;
  }

  /** The messages, each {@code {role, content}} (content a String or a list of OpenAI content parts). */
  public List<Map<String, Object>> messages() {
    return messages;
  }

  /** Extra top-level fields. */
  public Map<String, Object> extra() {
    return extra;
  }

  ObjectNode body(boolean stream) {
    ObjectNode body = Json.object().put("model", model);
    body.set("messages", Json.fromPlain(messages));
    body.put("stream", stream);
    extra.forEach((k, v) -> body.set(k, Json.fromPlain(v)));
    return body;
  }

  @Override
  public String toString() {
    return "CompletionRequest{model=" + model + ", " + messages.size() + " messages, extra=" + extra.keySet() + "}";
  }

  /** Builds a {@link CompletionRequest}; {@code model} and one message are required. */
  public static final class Builder {
    private String model;
    private final List<Map<String, Object>> messages = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Builder() {}

    /** The model id, as listed by {@link OpenWebUiClient#models()}. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Appends a message; {@code content} is a String or a list of OpenAI content parts (plain maps). */
    public Builder message(String role, Object content) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", Objects.requireNonNull(role, "role"));
      m.put("content", Objects.requireNonNull(content, "content"));
      messages.add(m);
      return this;
    }

    /** Appends messages already in OpenAI shape. */
    public Builder messages(List<Map<String, Object>> list) {
      for (Map<String, Object> m : list) messages.add(new LinkedHashMap<>(m));
      return this;
    }

    /** Sets an extra top-level field (plain Java value), e.g. {@code params} or {@code features}. */
    public Builder extra(String key, Object value) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException("'" + key + "' is set by the client or would bind the call to a stored chat");
      }
      extra.put(key, value);
      return this;
    }

    public CompletionRequest build() {
      return new CompletionRequest(this);
    }
  }
}
