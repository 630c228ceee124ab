package dev.chatbridge.osvi;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ReplyRecovery;
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
  private final OsviProvider.Options configured;
  private final Map<String, String> customers = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  OsviBackend(OsviClient client, OsviProvider.Options options) {
    this.client = client;
    this.configured = options;
  }

  @Override
  public String vendor() {
    return OsviProvider.NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return OsviProvider.CAPABILITIES;
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    if (configured.api() == OsviProvider.Api.LEGACY) {
      Map<String, Object> metadata = new LinkedHashMap<>(options.metadata());
      String person = options.extras().getOrDefault(OsviProvider.PERSON_NAME, configured.personName());
      if (person != null && !person.isBlank()) metadata.putIfAbsent("person_name", person);
      return OsviMapping.legacySession(client.startChatSession(configured.agentUuid(), metadata));
    }
    String customer = options.contactId().filter(c -> !c.isBlank()).orElse(configured.customerId());
    if (customer == null) {
      throw new ConfigurationException(vendor() + " Chat v1 needs a customer id for every session: pass "
          + "SessionOptions.contactId, or set " + ChatConfig.optionKeys(vendor(), OsviProvider.CUSTOMER_ID));
    }
    OsviSession session = client.createSession(CreateSessionRequest.builder()
        .agentUuid(configured.agentUuid())
        .customerId(customer)
        .inputFields(options.metadata())
        .build());
    remember(session.id(), customer);
    return OsviMapping.v1Session(session);
  }

  /**
   * Sends and returns OSVI's synchronous reply. When the connection fails after the message may have reached OSVI
   * (a reset after the request was written, a read timeout), the outcome is unknown and cannot be checked: OSVI has
   * no API to read a session's messages (neither generation; Chat v1's active-session lookup shows a session's
   * state, not its messages), so this throws {@link SendOutcomeUnknownException} with
   * {@link SendOutcomeUnknownException.MessageState#UNKNOWN}; the message is never sent again. A success status
   * whose body cannot be read (malformed, cut short, too large) is {@code STORED}: OSVI took the message in.
   */
  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    try {
      return sendOnce(sessionId, request);
    } catch (ConnectionException | ChatTimeoutException e) {
      if (!ReplyRecovery.mayHaveBeenProcessed(e)) throw e;
      throw SendOutcomeUnknownException.builder(vendor(), sessionId)
          .messageState(SendOutcomeUnknownException.MessageState.UNKNOWN)
          .failure("the connection failed after the message was sent (" + e.getMessage() + "), and OSVI has no "
              + "API to read a session's messages to check whether it was stored or to read the reply")
          .cause(e)
          .build();
    } catch (ResponseFormatException e) {
      // only a 2xx answer is read: OSVI took the message in, and only its reply was lost
      throw SendOutcomeUnknownException.builder(vendor(), sessionId)
          .messageState(SendOutcomeUnknownException.MessageState.STORED)
          .failure("OSVI accepted the message but its answer could not be read (" + e.getMessage() + ")")
          .cause(e)
          .build();
    }
  }

  private ChatReply sendOnce(String sessionId, MessageRequest request) {
    if (configured.api() == OsviProvider.Api.LEGACY) {
      return OsviMapping.legacyReply(client.sendChatMessage(configured.agentUuid(), sessionId, request.text()));
    }
    String customer = customerFor(sessionId, request);
    InboundReply reply = client.sendInbound(InboundMessage.builder()
        .agentUuid(configured.agentUuid())
        .customerId(customer)
        .content(request.text())
        .sessionId(sessionId)
        .build());
    // OSVI may answer on a new session; remember its customer so a handle on it works too.
    if (!reply.sessionId().equals(sessionId)) remember(reply.sessionId(), customer);
    return OsviMapping.inboundReply(reply);
  }

  private String customerFor(String sessionId, MessageRequest request) {
    String explicit = request.extras().get(OsviProvider.CUSTOMER_ID);
    if (explicit != null && !explicit.isBlank()) return explicit;
    String remembered;
    synchronized (customers) {
      remembered = customers.get(sessionId);
    }
    if (remembered != null) return remembered;
    if (configured.customerId() != null) return configured.customerId();
    throw new ConfigurationException(vendor() + " Chat v1 needs the customer id of session " + sessionId + ": set "
        + ChatConfig.optionKeys(vendor(), OsviProvider.CUSTOMER_ID) + ", create the session with "
        + "SessionOptions.contactId on this client, or pass the MessageRequest extra '" + OsviProvider.CUSTOMER_ID
        + "'");
  }

  private void remember(String sessionId, String customer) {
    synchronized (customers) {
      customers.put(sessionId, customer);
    }
  }

  /** OSVI never streams: the synchronous reply as one delta (none when empty) and {@code Completed}. */
  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    return ChatStream.ofReply(vendor(), send(sessionId, request));
  }

  /** Legacy {@code close_session}; v1 support command {@code close}. */
  @Override
  public void endSession(String sessionId) {
    if (configured.api() == OsviProvider.Api.LEGACY) client.closeChatSession(sessionId, configured.agentUuid());
    else client.closeSession(sessionId);
  }

  @Override
  public UnsupportedCapabilityException unsupported(Capability capability) {
    String why = switch (capability) {
      case GET_SESSION -> " has no API to read a session by id (Chat v1 can only look up a customer's active "
          + "session: OsviClient.activeSession)";
      case LIST_SESSIONS -> " has no API to list sessions (Chat v1 can only look up a customer's active sessions: "
          + "OsviClient.activeSessions)";
      case HISTORY -> " has no API to read a session's messages";
      case DELETE_SESSION -> " has no API to delete a session; end() closes it";
      default -> null;
    };
    return why == null ? ChatBackend.super.unsupported(capability)
        : new UnsupportedCapabilityException(vendor(), capability, vendor() + why);
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
