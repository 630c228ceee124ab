package dev.chatbridge.onyx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Body of {@code POST /chat/send-chat-message} ({@code SendMessageRequest}) minus {@code stream}, which the
 * client method sets. Unset fields are left out so the server applies its defaults; in particular
 * {@code parent_message_id} is omitted unless set, which means "after the latest message of the mainline".
 */
public final class SendMessageRequest {
  private static final Object OMITTED = new Object();

  private final String message;
  private final String chatSessionId;
  private final CreateChatSessionRequest chatSessionInfo;
  private final Object parentMessageId;
  private final Map<String, Object> fields;

  private SendMessageRequest(Builder b) {
    this.message = Objects.requireNonNull(b.message, "message");
    this.chatSessionId = b.chatSessionId;
    this.chatSessionInfo = b.chatSessionInfo;
    if (chatSessionId != null && chatSessionInfo != null) {
      throw new IllegalArgumentException("give chatSessionId or chatSessionInfo, not both (the server answers 422)");
    }
    this.parentMessageId = b.parentMessageId;
    this.fields = Map.copyOf(b.fields);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand: {@code message} in session {@code chatSessionId}, after the latest message. */
  public static SendMessageRequest of(String chatSessionId, String message) {
    return builder().chatSessionId(chatSessionId).message(message).build();
  }

  public String message() {
    return message;
  }

  public String chatSessionId() {
    return chatSessionId;
  }

  /** The explicit parent id; null when omitted or set to restart from the root. */
  public Integer parentMessageId() {
    return parentMessageId instanceof Integer ? (Integer) parentMessageId : null;
  }

  /** The JSON body with {@code stream} set, as plain Java values. */
  Map<String, Object> toBody(boolean stream) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    if (chatSessionId != null) body.put("chat_session_id", chatSessionId);
    if (chatSessionInfo != null) body.put("chat_session_info", chatSessionInfo.toBody());
    if (parentMessageId != OMITTED) body.put("parent_message_id", parentMessageId);
    body.putAll(fields);
    body.put("stream", stream);
    return body;
  }

  @Override
  public String toString() {
    return "SendMessageRequest{session=" + chatSessionId + ", parent="
        + (parentMessageId == OMITTED ? "latest" : parentMessageId) + ", fields=" + fields.keySet() + "}";
  }

  /** Builds a {@link SendMessageRequest}; {@code message} is required (it may be empty). */
  public static final class Builder {
    private String message;
    private String chatSessionId;
    private CreateChatSessionRequest chatSessionInfo;
    private Object parentMessageId = OMITTED;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder() {}

    /** The text; ignored by the server when regenerating (parent = a user message). */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder chatSessionId(String chatSessionId) {
      this.chatSessionId = chatSessionId;
      return this;
    }

    /** Creates a session inline instead of naming one; the stream's first line carries its id. */
    public Builder chatSessionInfo(CreateChatSessionRequest chatSessionInfo) {
      this.chatSessionInfo = chatSessionInfo;
      return this;
    }

    /**
     * Answer after this message: an assistant message on the mainline edits the user message that followed it, a
     * user message regenerates its reply. Must be on the current mainline (see
     * {@link OnyxClient#setMessageAsLatest(int)}).
     */
    public Builder parentMessageId(int parentMessageId) {
      this.parentMessageId = parentMessageId;
      return this;
    }

    /** Sends {@code parent_message_id: null}: edits the first user message, clearing the branch's history. */
    public Builder restartFromRoot() {
      this.parentMessageId = null;
      return this;
    }

    /** Omits {@code parent_message_id} (the default): append after the latest message. */
    public Builder appendToLatest() {
      this.parentMessageId = OMITTED;
      return this;
    }

    /** {@code llm_override}: {@code model_provider}, {@code model_version}, {@code temperature}, … */
    public Builder llmOverride(Map<String, Object> llmOverride) {
      return put("llm_override", llmOverride);
    }

    /** {@code llm_overrides}: 2–3 entries switch on multi-model mode (streaming only). */
    public Builder llmOverrides(List<Map<String, Object>> llmOverrides) {
      return put("llm_overrides", llmOverrides);
    }

    /** {@code allowed_tool_ids}: an empty list allows no tools. */
    public Builder allowedToolIds(List<Integer> allowedToolIds) {
      return put("allowed_tool_ids", allowedToolIds);
    }

    public Builder forcedToolId(Integer forcedToolId) {
      return put("forced_tool_id", forcedToolId);
    }

    /** {@code file_descriptors}: {@code {id, type, name?, user_file_id?}} objects. */
    public Builder fileDescriptors(List<Map<String, Object>> fileDescriptors) {
      return put("file_descriptors", fileDescriptors);
    }

    /** {@code internal_search_filters}: {@code source_type}, {@code document_set}, {@code tags}, … */
    public Builder internalSearchFilters(Map<String, Object> filters) {
      return put("internal_search_filters", filters);
    }

    public Builder deepResearch(Boolean deepResearch) {
      return put("deep_research", deepResearch);
    }

    /** False strips the {@code [n]} markers and sends no {@code citation_info} packets. */
    public Builder includeCitations(Boolean includeCitations) {
      return put("include_citations", includeCitations);
    }

    /** Context for the model that is not stored. */
    public Builder additionalContext(String additionalContext) {
      return put("additional_context", additionalContext);
    }

    public Builder mcpHeaders(Map<String, String> mcpHeaders) {
      return put("mcp_headers", mcpHeaders);
    }

    /** {@code origin}; the server forces {@code api} for API keys and tokens. */
    public Builder origin(String origin) {
      return put("origin", origin);
    }

    /** A body field this class does not model (plain Java value), for newer servers. */
    public Builder putAdditionalBodyProperty(String name, Object value) {
      return put(Objects.requireNonNull(name, "name"), value);
    }

    private Builder put(String name, Object value) {
      if (value == null) fields.remove(name);
      else fields.put(name, value);
      return this;
    }

    public SendMessageRequest build() {
      return new SendMessageRequest(this);
    }
  }
}
