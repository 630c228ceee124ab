package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.spi.ChatBackend;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

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

  /** {@link #publisher(MessageRequest)} for a plain text message. */
  public Flow.Publisher<ChatEvent> publisher(String text) {
    return publisher(MessageRequest.of(text));
  }

  /**
   * The reply as a {@link Flow.Publisher} of events (Reactor, RxJava, Mutiny and WebFlux adapt it), read on the
   * client's default stream executor: on Java 21 and newer a virtual thread per stream, on Java 17 to 20 the
   * client's daemon thread pool. See {@link #publisher(MessageRequest, Executor)}.
   */
  public Flow.Publisher<ChatEvent> publisher(MessageRequest request) {
    return publisher(request, client.streamExecutor());
  }

  /**
   * The reply as a {@link Flow.Publisher} of events, read on {@code executor}: the same events, in the same order,
   * as {@link #stream(MessageRequest)} gives, ending with {@link ChatEvent.Completed} and then {@code onComplete}.
   *
   * <ul>
   *   <li>Cold and single-use: the message is sent when the subscriber subscribes (one task on {@code executor}
   *       sends it and reads the reply). A second subscriber gets {@code onError(IllegalStateException)}:
   *       subscribing twice would send the message twice. Call this method again to send again.
   *   <li>Backpressure: the task reads the next event from the network only when the subscriber has requested it;
   *       while demand is zero it waits and nothing more is read (the server is held back by TCP flow control once
   *       the socket buffers are full). The stream idle timeout counts only time spent waiting for the server.
   *   <li>{@link Flow.Subscription#cancel()} behaves like {@link ChatStream#cancel()}: the socket closes at once and,
   *       where the vendor needs it (Onyx), the server is told to stop generating. No signal follows a cancel.
   *   <li>Failures arrive as {@code onError} with the exceptions {@link ChatStream}'s iterator throws
   *       ({@link StreamException}, {@link ChatTimeoutException}, {@link ApiException}s of the send, …);
   *       {@code request(n)} with {@code n <= 0} ends the stream with {@code onError(IllegalArgumentException)};
   *       the client being closed, with {@code onError(IllegalStateException)}; {@code executor} refusing the
   *       task, with {@code onError(ChatException)}.
   *   <li>Every signal after {@code onSubscribe} comes from the one task, so they never overlap, and exactly one of
   *       {@code onComplete} and {@code onError} ends a stream that was not cancelled.
   * </ul>
   *
   * <p>The task blocks a thread of {@code executor} for as long as the stream is open, waiting for the server or for
   * demand: give it threads that may block (a virtual-thread executor, or a pool sized for the open streams), not
   * an event loop. A message that is blank or names a parent the vendor cannot honour is refused here, as by
   * {@link #send(MessageRequest)}, before anything is sent.
   */
  public Flow.Publisher<ChatEvent> publisher(MessageRequest request, Executor executor) {
    requireParentSupported(requireText(request));
    Objects.requireNonNull(executor, "executor");
    return new ChatPublisher(client, () -> client.backend().stream(id, request), executor);
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
