package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Set;

/**
 * What {@code POST /redaction/message} and {@code /redaction/session} answered:
 * {@code {success, message, itemId, redactionType, affectedCount}} plus {@code messagesRedacted} for a session.
 */
public final class RedactionResult {
  private static final Set<String> MAPPED =
      Set.of("success", "message", "itemId", "redactionType", "affectedCount", "messagesRedacted");

  private final Boolean success;
  private final String message;
  private final String itemId;
  private final String redactionType;
  private final Long affectedCount;
  private final Long messagesRedacted;
  private final Map<String, Object> additionalProperties;

  private RedactionResult(JsonNode n) {
    this.success = Json.bool(n, "success");
    this.message = Json.text(n, "message");
    this.itemId = Json.id(n, "itemId");
    this.redactionType = Json.text(n, "redactionType");
    this.affectedCount = Json.longValue(n, "affectedCount");
    this.messagesRedacted = Json.longValue(n, "messagesRedacted");
    this.additionalProperties = Json.rest(n, MAPPED);
  }

  static RedactionResult from(JsonNode n) {
    return new RedactionResult(n);
  }

  public Boolean success() {
    return success;
  }

  /** The server's description of what happened. */
  public String message() {
    return message;
  }

  /** The redacted message or session id. */
  public String itemId() {
    return itemId;
  }

  /** {@code message} or {@code session}. */
  public String redactionType() {
    return redactionType;
  }

  public Long affectedCount() {
    return affectedCount;
  }

  /** Session redaction only: how many messages were redacted. */
  public Long messagesRedacted() {
    return messagesRedacted;
  }

  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "RedactionResult{success=" + success + ", itemId=" + itemId + ", redactionType=" + redactionType
        + ", affectedCount=" + affectedCount + "}";
  }
}
