package dev.chatbridge.onyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Set;

/** The answer to {@code create-chat-session} ({@code CreateChatSessionID}): the new session's UUID. */
public final class CreatedChatSession {
  private final String chatSessionId;
  private final boolean incognito;
  private final Map<String, Object> additionalProperties;

  private CreatedChatSession(String chatSessionId, boolean incognito, Map<String, Object> additionalProperties) {
    this.chatSessionId = chatSessionId;
    this.incognito = incognito;
    this.additionalProperties = additionalProperties;
  }

  static CreatedChatSession from(JsonNode node) {
    String id = Json.text(node, "chat_session_id");
    if (id == null) {
      throw new ResponseFormatException(OnyxProvider.NAME + " create-chat-session answer has no chat_session_id",
          String.valueOf(node));
    }
    return new CreatedChatSession(id, Boolean.TRUE.equals(Json.bool(node, "incognito")),
        Json.rest(node, Set.of("chat_session_id", "incognito")));
  }

  /** The session's UUID. */
  public String chatSessionId() {
    return chatSessionId;
  }

  public boolean incognito() {
    return incognito;
  }

  /** Fields this class does not model, as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "CreatedChatSession{" + chatSessionId + (incognito ? ", incognito" : "") + "}";
  }
}
