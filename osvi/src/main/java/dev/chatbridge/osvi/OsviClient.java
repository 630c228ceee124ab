package dev.chatbridge.osvi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.internal.http.ApiRequest;
import dev.chatbridge.internal.http.PathSegments;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.spi.TypedClientBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The typed OSVI AI chat client: every documented chat endpoint of both API generations, on the shared ChatBridge
 * transport (timeouts, retries that never repeat a message, typed errors, credential scrubbing). Thread-safe; make
 * one and share it; {@link #close()} frees its threads and connections.
 *
 * <ul>
 *   <li><b>Chat v1</b> (current): {@link #createSession}, {@link #activeSession}, {@link #activeSessions},
 *       {@link #sendInbound}, the support commands ({@link #takeover}, {@link #tell}, {@link #whisper},
 *       {@link #endSupport}, {@link #closeSession}, {@link #sendOperatorMessage}) and {@link #injectContext}.
 *   <li><b>Legacy</b> (deprecated by OSVI): {@link #startChatSession}, {@link #sendChatMessage},
 *       {@link #closeChatSession}.
 * </ul>
 *
 * <p>Auth is the {@code API-Token} header (a 16-character account token). Responses come as
 * {@code {"success": true, "data": {...}}} and are unwrapped; errors ({@code {"success": false, "error": "..."}}
 * or {@code {"success": false, "errors": ["...", ...]}}) become typed exceptions keeping every message: 401 →
 * {@link dev.chatbridge.AuthenticationException}, 404 → {@link NotFoundException}, 422 →
 * {@link InvalidRequestException} with {@link InvalidRequestException#details()}. OSVI has no API to read a
 * session's messages, to list sessions or to delete one.
 *
 * <pre>{@code
 * try (OsviClient osvi = OsviClient.builder().apiKey(token).build()) {
 *   InboundReply r = osvi.sendInbound(InboundMessage.builder()
 *       .agentUuid("agent_...").customerId("+15551234567").content("Hi").build());
 *   System.out.println(r.reply().orElse("(no reply: a human has the session)"));
 * }
 * }</pre>
 */
public final class OsviClient implements AutoCloseable {
  /** OSVI's API base. */
  public static final String DEFAULT_BASE_URL = "https://api.osvi.ai";

  private final Transport transport;

  private OsviClient(ChatConfig config) {
    if (config.apiKey().isEmpty()) {
      throw ConfigurationException.forSetting(ChatConfig.API_KEY, OsviProvider.NAME
          + " needs an API token (dashboard Settings → API): set chatbridge.api-key or CHATBRIDGE_API_KEY");
    }
    this.transport = Transport.builder(OsviProvider.NAME, config)
        .defaultBaseUrl(DEFAULT_BASE_URL)
        .auth("API-Token", "")
        .errorMapper(OsviErrors.INSTANCE)
        .build();
  }

  /** A builder for an {@link OsviClient}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client from {@code chatbridge.api-key}/{@code CHATBRIDGE_API_KEY}, {@code chatbridge.base-url}/
   * {@code CHATBRIDGE_BASE_URL} and the transport keys (system properties win over the environment).
   */
  public static OsviClient fromEnv() {
    return create(ChatConfig.fromEnvironment(OsviProvider.NAME));
  }

  /**
   * A client from a ChatBridge configuration (what the {@code osvi} provider uses). Throws
   * {@link ConfigurationException} without an API token.
   */
  public static OsviClient create(ChatConfig config) {
    return new OsviClient(Objects.requireNonNull(config, "config"));
  }

  // ---------------------------------------------------------------- legacy

  /** Legacy {@code POST /chat_sessions} without metadata. */
  public LegacyChatSession startChatSession(String agentUuid) {
    return startChatSession(agentUuid, Map.of());
  }

  /**
   * Legacy {@code POST /chat_sessions}: opens a session with {@code agentUuid}; {@code metadata} (e.g.
   * {@code person_name}) is made available to the agent. Deprecated by OSVI in favour of
   * {@link #createSession(CreateSessionRequest)}. Never retried once sent.
   */
  public LegacyChatSession startChatSession(String agentUuid, Map<String, ?> metadata) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_uuid", required(agentUuid, "agent_uuid"));
    if (metadata != null && !metadata.isEmpty()) body.put("metadata", new LinkedHashMap<>(metadata));
    JsonNode data = post(transport.path("chat_sessions").build(), body, "start chat session");
    return LegacyChatSession.from(data);
  }

  /**
   * Legacy {@code POST /chat_messages/send_message}: sends {@code message} and returns the agent's synchronous
   * reply. Never retried once sent.
   */
  public LegacyMessageReply sendChatMessage(String agentUuid, String chatSessionId, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_uuid", required(agentUuid, "agent_uuid"));
    body.put("chat_session_id", required(chatSessionId, "chat_session_id"));
    body.put("message", required(message, "message"));
    JsonNode data = post(transport.path("chat_messages/send_message").build(), body, "send message");
    return LegacyMessageReply.from(data, chatSessionId);
  }

  /** Legacy {@code POST /chat_sessions/{id}/close_session} with {@code {agent_uuid}}; returns OSVI's summary. */
  public LegacyCloseResult closeChatSession(String sessionId, String agentUuid) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_uuid", required(agentUuid, "agent_uuid"));
    HttpUrl url = transport.url("chat_sessions", requireId(sessionId), "close_session").build();
    return LegacyCloseResult.from(post(url, body, "close session"), sessionId);
  }

  // ---------------------------------------------------------------- Chat v1

  /**
   * {@code POST /v1/chat/session}: creates a session for the request's customer and agent. <b>OSVI first closes any
   * active session of the same customer with the same agent</b>, so there is at most one active session per
   * customer per agent. Creating a session is optional: {@link #sendInbound} creates or resumes one as needed.
   * Never retried once sent.
   */
  public OsviSession createSession(CreateSessionRequest request) {
    Objects.requireNonNull(request, "request");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_uuid", required(request.agentUuid(), "agent_uuid"));
    body.put("customer_id", required(request.customerId(), "customer_id"));
    if (!request.inputFields().isEmpty()) body.put("input_fields", request.inputFields());
    if (!request.context().isEmpty()) body.put("context", request.context());
    return OsviSession.from(post(transport.path("v1/chat/session").build(), body, "create session"));
  }

  /**
   * {@code GET /v1/chat/session/active?customer_id=&agent_uuid=}: the customer's active session with one agent, or
   * empty when there is none (OSVI answers 404).
   */
  public Optional<OsviSession> activeSession(String customerId, String agentUuid) {
    HttpUrl url = activeUrl(customerId).addQueryParameter("agent_uuid", required(agentUuid, "agent_uuid")).build();
    try {
      return Optional.of(OsviSession.from(OsviErrors.data(transport.json(ApiRequest.get(url)), "active session")));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code GET /v1/chat/session/active?customer_id=}: the customer's active sessions with every agent, keyed by
   * agent UUID; empty when there are none (also when OSVI answers 404).
   */
  public Map<String, OsviSession> activeSessions(String customerId) {
    HttpUrl url = activeUrl(customerId).build();
    JsonNode data;
    try {
      data = OsviErrors.data(transport.json(ApiRequest.get(url)), "active sessions");
    } catch (NotFoundException e) {
      return Map.of();
    }
    Map<String, OsviSession> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      if (e.getValue().isObject()) out.put(e.getKey(), OsviSession.from(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  private HttpUrl.Builder activeUrl(String customerId) {
    return transport.path("v1/chat/session/active")
        .addQueryParameter("customer_id", required(customerId, "customer_id"));
  }

  /**
   * {@code POST /v1/chat/inbound}: sends a customer message and returns the agent's synchronous reply. Without a
   * session id OSVI resolves (creates or resumes) the customer's active session; read
   * {@link InboundReply#sessionId()} either way, it may be a new session. Never retried once sent.
   */
  public InboundReply sendInbound(InboundMessage message) {
    Objects.requireNonNull(message, "message");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_uuid", required(message.agentUuid(), "agent_uuid"));
    body.put("customer_id", required(message.customerId(), "customer_id"));
    body.put("content", required(message.content(), "content"));
    message.sessionId().ifPresent(id -> body.put("session_id", id));
    return InboundReply.from(post(transport.path("v1/chat/inbound").build(), body, "inbound message"));
  }

  /**
   * {@code POST /v1/chat/session/{id}/support} with any command (null for a plain operator message) and an
   * optional {@code message}. The named methods below check each command's required message first. Commands can
   * be switched off per agent; OSVI then refuses them. Never retried once sent.
   */
  public SupportResult support(String sessionId, SupportCommand command, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (command != null) body.put("command", command.value());
    if (message != null) body.put("message", message);
    HttpUrl url = transport.url("v1", "chat", "session", requireId(sessionId), "support").build();
    return SupportResult.from(post(url, body, "support"), sessionId);
  }

  /** {@code takeover}: a human takes the session over; the agent stops auto-replying. {@code note} is optional. */
  public SupportResult takeover(String sessionId, String note) {
    return support(sessionId, SupportCommand.TAKEOVER, note);
  }

  /** {@code tell}: injects operator guidance and runs an agent turn; the result carries the agent's reply. */
  public SupportResult tell(String sessionId, String guidance) {
    return support(sessionId, SupportCommand.TELL, required(guidance, "message"));
  }

  /** {@code whisper}: private guidance for the agent's next turn; the customer never sees it. */
  public SupportResult whisper(String sessionId, String guidance) {
    return support(sessionId, SupportCommand.WHISPER, required(guidance, "message"));
  }

  /** {@code end}: hands the session back to the AI (mode {@code ai}); the session stays open. */
  public SupportResult endSupport(String sessionId) {
    return support(sessionId, SupportCommand.END, null);
  }

  /** {@code close}: closes the session permanently (the replacement of the legacy close_session). */
  public SupportResult closeSession(String sessionId) {
    return support(sessionId, SupportCommand.CLOSE, null);
  }

  /** A plain operator message to the customer (no command); OSVI accepts it only in {@code support} mode. */
  public SupportResult sendOperatorMessage(String sessionId, String message) {
    return support(sessionId, null, required(message, "message"));
  }

  /**
   * {@code POST /v1/chat/session/{id}/inject_context}: adds one context entry for the agent and returns the whole
   * bucket (OSVI keeps the last five). Never retried once sent.
   */
  public ContextResult injectContext(String sessionId, String context) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("context", required(context, "context"));
    HttpUrl url = transport.url("v1", "chat", "session", requireId(sessionId), "inject_context").build();
    return ContextResult.from(post(url, body, "inject context"), sessionId);
  }

  /** Every OSVI call is one POST, the one that carries the neutral operation built on it (hence primary). */
  private JsonNode post(HttpUrl url, Map<String, Object> body, String what) {
    return OsviErrors.data(transport.json(ApiRequest.post(url, body).primary()), what);
  }

  /** A session id for a URL path, through the one core check (see {@link PathSegments}). */
  private static String requireId(String sessionId) {
    return PathSegments.requireId(OsviProvider.NAME, "session id", sessionId);
  }

  /** A request field OSVI requires (it would answer 422): refused before sending. */
  private static String required(String value, String name) {
    if (value == null || value.isBlank()) throw InvalidRequestException.local(OsviProvider.NAME, name + " is required");
    return value;
  }

  /** Frees threads and connections; a caller-supplied OkHttp client is left open. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "OsviClient{" + transport + "}";
  }

  /**
   * Builds an {@link OsviClient}. Only the API token (16 characters, sent as {@code API-Token}) is required. OSVI
   * replies synchronously, so the call timeout bounds the agent's thinking time too.
   */
  public static final class Builder extends TypedClientBuilder<Builder, OsviClient> {
    private Builder() {
      super(OsviProvider.NAME);
    }

    @Override
    protected OsviClient build(ChatConfig config) {
      return new OsviClient(config);
    }
  }
}
