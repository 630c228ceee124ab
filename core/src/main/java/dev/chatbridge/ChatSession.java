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
    return send(request, RequestOptions.none());
  }

  /**
   * {@link #send(MessageRequest)} with per-call {@code options}: its own time limit (instead of
   * {@code chatbridge.timeout}) and retry limit, extra headers on every request of the send, extra fields in the
   * body of the message-sending request.
   */
  public ChatReply send(MessageRequest request, RequestOptions options) {
    return send(request, options, null, null);
  }

  /** The send; {@code started} is the operation a {@link #sendAsync} began on the caller's thread, else null. */
  private ChatReply send(MessageRequest request, RequestOptions options, RawResponse.Capture raw,
      ChatOperation started) {
    requireParentSupported(requireText(request));
    Objects.requireNonNull(options, "options");
    ChatBackend backend = client.backend();
    ChatOperation op = started != null ? started : client.listeners.start(vendor(), ChatOperation.Kind.SEND, id);
    Cancellation context = ChatClient.begin(options, raw);
    Throwable failure = null;
    try {
      ChatReply reply = backend.send(id, request);
      if (op != null) op.recordFinishReason(reply.finishReason().orElse(null));
      return reply;
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      client.end(op, context, failure, raw);
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
    return stream(request, RequestOptions.none());
  }

  /**
   * {@link #stream(MessageRequest)} with per-call {@code options}: their time limit bounds opening the stream (every
   * call until its reply starts arriving; reading it keeps the stream timeouts), their headers go on every request
   * of the stream (also one made while it is read, such as Open WebUI's write-back), their body fields into the
   * message-sending request.
   */
  public ChatStream stream(MessageRequest request, RequestOptions options) {
    return stream(request, options, null);
  }

  private ChatStream stream(MessageRequest request, RequestOptions options, RawResponse.Capture raw) {
    requireParentSupported(requireText(request));
    Objects.requireNonNull(options, "options");
    ChatBackend backend = client.backend();
    ChatOperation op = client.listeners.start(vendor(), ChatOperation.Kind.STREAM, id);
    if (op == null && raw == null && options.isEmpty()) return backend.stream(id, request); // nothing to keep
    Cancellation context = Cancellation.beginStream(options);
    if (raw != null && context != null) context.captureResponse();
    ChatStream stream;
    try {
      stream = backend.stream(id, request);
    } catch (Throwable t) {
      client.end(op, context, t, raw);
      throw t;
    }
    if (raw != null) raw.take(context);
    Listeners.count(op, context);
    Cancellation.end(context);
    stream.observe(context, op, client.listeners);
    return stream;
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
    return sendAsync(request, RequestOptions.none());
  }

  /**
   * {@link #send(MessageRequest, RequestOptions)} on the client's thread pool; cancelling the future cancels the
   * call. Listeners hear of it as a {@link ChatOperation.Kind#SEND} that starts now, on this thread.
   */
  public CompletableFuture<ChatReply> sendAsync(MessageRequest request, RequestOptions options) {
    requireText(request);
    Objects.requireNonNull(options, "options");
    ChatOperation op = client.listeners.start(vendor(), ChatOperation.Kind.SEND, id);
    return client.async(() -> send(request, options, null, op), op);
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
    return history(RequestOptions.none());
  }

  /** {@link #history()} with per-call options; body fields are refused (a read has no body). */
  public List<Message> history(RequestOptions options) {
    return history(options, null);
  }

  private List<Message> history(RequestOptions options, RawResponse.Capture raw) {
    Objects.requireNonNull(options, "options");
    ChatBackend backend = client.backend();
    ChatOperation op = client.listeners.start(vendor(), ChatOperation.Kind.HISTORY, id);
    Cancellation context = ChatClient.begin(options, raw);
    Throwable failure = null;
    try {
      return backend.history(id);
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      client.end(op, context, failure, raw);
    }
  }

  /** The session with its messages, from the server. */
  public SessionDetails details() {
    return client.getSession(id);
  }

  /** Closes or resolves the conversation, where the vendor has that notion ({@link Capability#END_SESSION}). */
  public void end() {
    end(RequestOptions.none());
  }

  /** {@link #end()} with per-call options. */
  public void end(RequestOptions options) {
    end(options, null);
  }

  private void end(RequestOptions options, RawResponse.Capture raw) {
    Objects.requireNonNull(options, "options");
    ChatBackend backend = client.backend();
    ChatOperation op = client.listeners.start(vendor(), ChatOperation.Kind.END_SESSION, id);
    Cancellation context = ChatClient.begin(options, raw);
    Throwable failure = null;
    try {
      backend.endSession(id);
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      client.end(op, context, failure, raw);
    }
  }

  /**
   * The same operations, each returning a {@link RawResponse}: the typed result with the HTTP status, headers and
   * request id of the response that carried it. A view, cheap to make; thread-safe.
   */
  public WithRawResponse withRawResponse() {
    return new WithRawResponse();
  }

  /**
   * {@link ChatSession}'s operations returning {@link RawResponse}s; the same rules, options and listeners apply.
   * Obtained from {@link ChatSession#withRawResponse()}.
   */
  public final class WithRawResponse {
    private WithRawResponse() {}

    /** {@link ChatSession#send(String)}, raw. */
    public RawResponse<ChatReply> send(String text) {
      return send(MessageRequest.of(text), RequestOptions.none());
    }

    /** {@link ChatSession#send(MessageRequest)}, raw. */
    public RawResponse<ChatReply> send(MessageRequest request) {
      return send(request, RequestOptions.none());
    }

    /** {@link ChatSession#send(MessageRequest, RequestOptions)}, raw: the message-sending request's response. */
    public RawResponse<ChatReply> send(MessageRequest request, RequestOptions options) {
      RawResponse.Capture raw = new RawResponse.Capture();
      return raw.with(ChatSession.this.send(request, options, raw, null));
    }

    /** {@link ChatSession#stream(String)}, raw. */
    public RawResponse<ChatStream> stream(String text) {
      return stream(MessageRequest.of(text), RequestOptions.none());
    }

    /** {@link ChatSession#stream(MessageRequest)}, raw. */
    public RawResponse<ChatStream> stream(MessageRequest request) {
      return stream(request, RequestOptions.none());
    }

    /**
     * {@link ChatSession#stream(MessageRequest, RequestOptions)}, raw: the stream (close it as always) and the
     * response that opened it.
     */
    public RawResponse<ChatStream> stream(MessageRequest request, RequestOptions options) {
      RawResponse.Capture raw = new RawResponse.Capture();
      return raw.with(ChatSession.this.stream(request, options, raw));
    }

    /** {@link ChatSession#history()}, raw. */
    public RawResponse<List<Message>> history() {
      return history(RequestOptions.none());
    }

    /** {@link ChatSession#history(RequestOptions)}, raw. */
    public RawResponse<List<Message>> history(RequestOptions options) {
      RawResponse.Capture raw = new RawResponse.Capture();
      return raw.with(ChatSession.this.history(options, raw));
    }

    /** {@link ChatSession#end()}, raw; the value is null. */
    public RawResponse<Void> end() {
      return end(RequestOptions.none());
    }

    /** {@link ChatSession#end(RequestOptions)}, raw; the value is null. */
    public RawResponse<Void> end(RequestOptions options) {
      RawResponse.Capture raw = new RawResponse.Capture();
      ChatSession.this.end(options, raw);
      return raw.with(null);
    }
  }

  @Override
  public String toString() {
    return "ChatSession{vendor=" + vendor() + ", id=" + id + "}";
  }
}
