package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.spi.ChatBackend;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A server-side conversation. Cheap to hold: it is the client plus the vendor's session id; every method is one
 * or more calls to the vendor. Thread-safe.
 */
public final class ChatSession {
  private final ChatClient client;
  private final String id;
  private final List<Message> initialMessages;

  ChatSession(ChatClient client, String id, List<Message> initialMessages) {
    this.client = client;
    this.id = id;
    this.initialMessages = List.copyOf(initialMessages);
  }

  /** The vendor's session id, opaque. */
  public String id() {
    return id;
  }

  /** The vendor, e.g. {@code onyx}. */
  public String vendor() {
    return client.vendor();
  }

  /**
   * Messages the vendor created together with the session (e.g. an OSVI welcome message); empty for a handle from
   * {@link ChatClient#session(String)}.
   */
  public List<Message> initialMessages() {
    return initialMessages;
  }

  /**
   * Sends a message and blocks until the whole reply is there, at most {@code chatbridge.timeout} plus retry waits
   * (then {@link ChatTimeoutException}). Never retried once it may have reached the server. A blank message is refused
   * with {@link InvalidRequestException} before anything is sent.
   */
  public ChatReply send(String text) {
    return send(MessageRequest.of(text));
  }

  /**
   * Sends a message with options and blocks for the whole reply. Never retried once it may have reached the server.
   * A {@link MessageRequest#parentId() parent} on a vendor whose conversations are linear (no
   * {@link Capability#BRANCHING}) is refused with {@link UnsupportedCapabilityException} before anything is sent.
   */
  public ChatReply send(MessageRequest request) {
    requireParentSupported(requireText(request));
    ChatBackend backend = client.backend();
    Cancellation operation = Cancellation.begin();
    try {
      return backend.send(id, request);
    } finally {
      Cancellation.end(operation);
    }
  }

  /** Sends a message and returns its reply as a stream of events; close the stream when done. */
  public ChatStream stream(String text) {
    return stream(MessageRequest.of(text));
  }

  /**
   * Sends a message with options and returns its reply as a stream of events; close the stream when done. A
   * stream has no overall time limit unless {@code chatbridge.stream-total-timeout} is set: only silence longer
   * than {@code chatbridge.stream-idle-timeout} ends it.
   */
  public ChatStream stream(MessageRequest request) {
    return client.backend().stream(id, requireParentSupported(requireText(request)));
  }

  /** {@link #send(String)} on the client's thread pool; cancelling the future cancels the call. */
  public CompletableFuture<ChatReply> sendAsync(String text) {
    return sendAsync(MessageRequest.of(text));
  }

  /** {@link #send(MessageRequest)} on the client's thread pool; cancelling the future cancels the call. */
  public CompletableFuture<ChatReply> sendAsync(MessageRequest request) {
    requireText(request);
    return client.async(() -> send(request));
  }

  /**
   * {@code request} unless it is {@link MessageRequest#isBlank() blank}: every vendor refuses such a message the
   * same way, before anything is sent (some servers would store an empty message, others refuse it).
   */
  private MessageRequest requireText(MessageRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.isBlank()) {
      throw InvalidRequestException.local(vendor(), MessageRequest.BLANK_TEXT);
    }
    return request;
  }

  /**
   * {@code request} unless it names a parent on a vendor without {@link Capability#BRANCHING}: such a vendor would
   * otherwise append the message to the end of the conversation, silently ignoring where the caller put it.
   */
  private MessageRequest requireParentSupported(MessageRequest request) {
    if (request.parentId().isPresent() && !client.capabilities().contains(Capability.BRANCHING)) {
      throw new UnsupportedCapabilityException(vendor(), Capability.BRANCHING,
          vendor() + " conversations are linear: a message cannot name a parent");
    }
    return request;
  }

  /** The messages of the current conversation, oldest first. */
  public List<Message> history() {
    ChatBackend backend = client.backend();
    Cancellation operation = Cancellation.begin();
    try {
      return backend.history(id);
    } finally {
      Cancellation.end(operation);
    }
  }

  /** The session with its messages, from the server. */
  public SessionDetails details() {
    return client.getSession(id);
  }

  /** Closes or resolves the conversation, where the vendor has that notion ({@link Capability#END_SESSION}). */
  public void end() {
    ChatBackend backend = client.backend();
    Cancellation operation = Cancellation.begin();
    try {
      backend.endSession(id);
    } finally {
      Cancellation.end(operation);
    }
  }

  @Override
  public String toString() {
    return "ChatSession{vendor=" + vendor() + ", id=" + id + "}";
  }
}
