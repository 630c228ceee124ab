package dev.chatbridge.spi;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.UnsupportedCapabilityException;
import java.util.List;
import java.util.Set;

/**
 * What a vendor module implements; {@link dev.chatbridge.ChatClient} wraps it with the vendor-neutral API. Every
 * operation a vendor lacks keeps its default, which throws {@link UnsupportedCapabilityException}; override
 * {@link #unsupported(Capability)} to say what the vendor lacks in its own words.
 */
public interface ChatBackend extends AutoCloseable {
  /** The provider name, e.g. {@code onyx}. */
  String vendor();

  /** What this backend can do; must match which methods are overridden. */
  Set<Capability> capabilities();

  /** Creates a session; the details hold any messages the vendor creates with it (e.g. a welcome message). */
  SessionDetails createSession(SessionOptions options);

  /**
   * Sends a message and blocks for the whole reply. Must never retry once the request may have reached the server.
   * The request is never blank, and names a parent only when {@link #capabilities()} has
   * {@link Capability#BRANCHING}: {@link dev.chatbridge.ChatSession} refuses the others before calling here.
   */
  ChatReply send(String sessionId, MessageRequest request);

  /**
   * Streams a reply; the request is checked as for {@link #send}. Vendors without native streaming return
   * {@link ChatStream#ofReply(String, ChatReply)}.
   */
  ChatStream stream(String sessionId, MessageRequest request);

  /** Reads a session with its messages; default: unsupported. */
  default SessionDetails getSession(String sessionId) {
    throw unsupported(Capability.GET_SESSION);
  }

  /**
   * One page of sessions, most recent first: never more than {@link PageRequest#limit()} (trim the server's page
   * when it ignores the size), with a next cursor that continues exactly after the last session returned; a cursor
   * this backend did not make is an {@link dev.chatbridge.InvalidRequestException}. Default: unsupported.
   */
  default Page<SessionSummary> listSessions(PageRequest request) {
    throw unsupported(Capability.LIST_SESSIONS);
  }

  /** The session's messages, oldest first; default: unsupported. */
  default List<Message> history(String sessionId) {
    throw unsupported(Capability.HISTORY);
  }

  /** Deletes a session; default: unsupported. */
  default void deleteSession(String sessionId) {
    throw unsupported(Capability.DELETE_SESSION);
  }

  /** Ends (closes or resolves) a session; default: unsupported. */
  default void endSession(String sessionId) {
    throw unsupported(Capability.END_SESSION);
  }

  /** The exception for a missing capability; override for a vendor-specific message. */
  default UnsupportedCapabilityException unsupported(Capability capability) {
    return new UnsupportedCapabilityException(vendor(), capability);
  }

  /** The typed vendor client (e.g. {@code OnyxClient}), for {@link dev.chatbridge.ChatClient#unwrap(Class)}. */
  Object typedClient();

  /** Frees threads and connections this backend owns. */
  @Override
  void close();
}
