package dev.chatbridge.osvi;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.spi.ChatBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The neutral API over {@link OsviClient}, speaking the legacy or the v1 generation. v1 calls need a customer id
 * besides the session id; the backend remembers the one each session was created (or last answered) with, and
 * falls back to the configured {@code customer-id}.
 */
final class OsviBackend implements ChatBackend {
  /** Bound on remembered session → customer pairs, so a long-lived client does not grow without limit. */
  private static final int MAX_REMEMBERED = 10_000;

  private final OsviClient client;
  private final OsviProvider.Api api;
  private final String agentUuid;
  private final String customerId;
  private final String personName;
  private final Map<String, String> customers = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  OsviBackend(OsviClient client, OsviProvider.Api api, String agentUuid, String customerId, String personName) {
    this.client = client;
    this.api = api;
    this.agentUuid = agentUuid;
    this.customerId = customerId;
    this.personName = personName;
  }

  @Override
  public String vendor() {
    return Wire.VENDOR;
  }

  @Override
  public Set<Capability> capabilities() {
    return OsviProvider.CAPABILITIES;
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    if (api == OsviProvider.Api.LEGACY) {
      Map<String, Object> metadata = new LinkedHashMap<>(options.metadata());
      String person = options.extras().getOrDefault("person-name", personName);
      if (person != null && !person.isBlank()) metadata.putIfAbsent("person_name", person);
      return OsviMapping.legacySession(client.startChatSession(agentUuid, metadata));
    }
    String customer = options.contactId().filter(c -> !c.isBlank()).orElse(customerId);
    if (customer == null) {
      throw new ConfigurationException("osvi Chat v1 needs a customer id for every session: pass "
          + "SessionOptions.contactId, or set chatbridge.osvi.customer-id or CHATBRIDGE_OSVI_CUSTOMER_ID");
    }
    OsviSession session = client.createSession(CreateSessionRequest.builder()
        .agentUuid(agentUuid)
        .customerId(customer)
        .inputFields(options.metadata())
        .build());
    remember(session.id(), customer);
    return OsviMapping.v1Session(session);
  }

  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    if (request.parentId().isPresent()) {
      throw new UnsupportedCapabilityException(Wire.VENDOR, Capability.BRANCHING,
          "osvi conversations are linear: a message cannot name a parent");
    }
    if (api == OsviProvider.Api.LEGACY) {
      return OsviMapping.legacyReply(client.sendChatMessage(agentUuid, sessionId, request.text()));
    }
    String customer = customerFor(sessionId, request);
    InboundReply reply = client.sendInbound(InboundMessage.builder()
        .agentUuid(agentUuid)
        .customerId(customer)
        .content(request.text())
        .sessionId(sessionId)
        .build());
    // OSVI may answer on a new session; remember its customer so a handle on it works too.
    if (!reply.sessionId().equals(sessionId)) remember(reply.sessionId(), customer);
    return OsviMapping.inboundReply(reply);
  }

  private String customerFor(String sessionId, MessageRequest request) {
    String explicit = request.extras().get("customer-id");
    if (explicit != null && !explicit.isBlank()) return explicit;
    String remembered;
    synchronized (customers) {
      remembered = customers.get(sessionId);
    }
    if (remembered != null) return remembered;
    if (customerId != null) return customerId;
    throw new ConfigurationException("osvi Chat v1 needs the customer id of session " + sessionId + ": set "
        + "chatbridge.osvi.customer-id or CHATBRIDGE_OSVI_CUSTOMER_ID, create the session with "
        + "SessionOptions.contactId on this client, or pass the MessageRequest extra 'customer-id'");
  }

  private void remember(String sessionId, String customer) {
    synchronized (customers) {
      customers.put(sessionId, customer);
    }
  }

  /** OSVI never streams: the synchronous reply as one delta (none when empty) and {@code Completed}. */
  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    return ChatStream.ofReply(Wire.VENDOR, send(sessionId, request));
  }

  /** Legacy {@code close_session}; v1 support command {@code close}. */
  @Override
  public void endSession(String sessionId) {
    if (api == OsviProvider.Api.LEGACY) client.closeChatSession(sessionId, agentUuid);
    else client.closeSession(sessionId);
  }

  @Override
  public UnsupportedCapabilityException unsupported(Capability capability) {
    String why;
    switch (capability) {
      case GET_SESSION:
        why = "osvi has no API to read a session by id (Chat v1 can only look up a customer's active session: "
            + "OsviClient.activeSession)";
        break;
      case LIST_SESSIONS:
        why = "osvi has no API to list sessions (Chat v1 can only look up a customer's active sessions: "
            + "OsviClient.activeSessions)";
        break;
      case HISTORY:
        why = "osvi has no API to read a session's messages";
        break;
      case DELETE_SESSION:
        why = "osvi has no API to delete a session; end() closes it";
        break;
      default:
        return ChatBackend.super.unsupported(capability);
    }
    return new UnsupportedCapabilityException(Wire.VENDOR, capability, why);
  }

  @Override
  public Object typedClient() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
