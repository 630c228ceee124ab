package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.internal.http.PathSegments;
import dev.chatbridge.spi.ChatBackend;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The vendor-neutral entry point: creates, reads, lists and deletes sessions. Thread-safe; make one per vendor
 * and share it. {@link #close()} frees its threads and connections.
 *
 * <p>Every blocking operation here and in {@link ChatSession} (all the HTTP calls it makes together) ends within
 * {@link ChatConfig#callTimeout() chatbridge.timeout} plus the waits before retries the transport rules allow,
 * whatever the server does, with a {@link ChatTimeoutException} when the time is up.
 *
 * <pre>{@code
 * try (ChatClient client = ChatClients.fromEnvironment()) {
 *   ChatSession s = client.createSession();
 *   System.out.println(s.send("Hello").text());
 * }
 * }</pre>
 */
public final class ChatClient implements AutoCloseable {
  private final ChatBackend backend;
  private final Set<Capability> capabilities;
  final Listeners listeners;
  private volatile ExecutorService asyncExecutor;
  private volatile Executor streamExecutor;
  private volatile boolean closed;
  private volatile boolean warnedBodyFields;

  private ChatClient(ChatBackend backend, Listeners listeners) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.capabilities = Set.copyOf(backend.capabilities());
    this.listeners = listeners;
  }

  /** Wraps a vendor backend; for provider implementations. Applications use {@link ChatClients}. */
  public static ChatClient of(ChatBackend backend) {
    return new ChatClient(backend, Listeners.NONE);
  }

  /** Wraps a backend made from {@code config}, telling the config's listeners of every operation. */
  static ChatClient of(ChatBackend backend, ChatConfig config) {
    return new ChatClient(backend, Listeners.of(config.listeners()));
  }

  /** The vendor name, e.g. {@code onyx}. */
  public String vendor() {
    return backend.vendor();
  }

  /** What this vendor supports; operations outside it throw {@link UnsupportedCapabilityException}. */
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** Creates a session with default options. */
  public ChatSession createSession() {
    return createSession(SessionOptions.defaults());
  }

  /** Creates a session; vendors use the options they support. */
  public ChatSession createSession(SessionOptions options) {
    return createSession(options, RequestOptions.none());
  }

  /**
   * Creates a session with per-call {@code requestOptions} (time limit, retries, extra headers, extra body fields of
   * the create request). Never retried once it may have reached the server.
   */
  public ChatSession createSession(SessionOptions options, RequestOptions requestOptions) {
    return createSession(options, requestOptions, null);
  }

  private ChatSession createSession(SessionOptions options, RequestOptions requestOptions, RawResponse.Capture raw) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(requestOptions, "requestOptions");
    ChatBackend b = backend();
    ChatOperation op = listeners.start(vendor(), ChatOperation.Kind.CREATE_SESSION, null);
    Cancellation context = begin(requestOptions, raw);
    Throwable failure = null;
    try {
      SessionDetails created = b.createSession(options);
      return new ChatSession(this, created.id(), created.messages());
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      end(op, context, failure, raw);
    }
  }

  /**
   * A handle on an existing session; makes no call. An id that cannot be a session id (blank, {@code .} or
   * {@code ..}, a path separator, over {@value PathSegments#MAX_ID_LENGTH} characters) is refused with
   * {@link InvalidRequestException}, as by every method here that takes one.
   */
  public ChatSession session(String id) {
    return new ChatSession(this, requireId(id), List.of());
  }

  /** Reads a session and its messages ({@link Capability#GET_SESSION}). */
  public SessionDetails getSession(String id) {
    return getSession(id, RequestOptions.none());
  }

  /** {@link #getSession(String)} with per-call options; body fields are refused (a read has no body). */
  public SessionDetails getSession(String id, RequestOptions requestOptions) {
    return getSession(id, requestOptions, null);
  }

  private SessionDetails getSession(String id, RequestOptions requestOptions, RawResponse.Capture raw) {
    String checked = requireId(id);
    Objects.requireNonNull(requestOptions, "requestOptions");
    ChatBackend b = backend();
    ChatOperation op = listeners.start(vendor(), ChatOperation.Kind.GET_SESSION, checked);
    Cancellation context = begin(requestOptions, raw);
    Throwable failure = null;
    try {
      return b.getSession(checked);
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      end(op, context, failure, raw);
    }
  }

  /** The first page of sessions, at most the vendor's default page size ({@link Capability#LIST_SESSIONS}). */
  public Page<SessionSummary> listSessions() {
    return listSessions(PageRequest.first());
  }

  /**
   * One page of sessions, most recent first: never more than {@link PageRequest#limit()}, on every vendor (where
   * the server ignores or fixes the page size, its page is trimmed and {@link Page#next()} continues exactly after
   * the last session returned, so no session is skipped or repeated, also while new ones are created). A page may
   * hold fewer than the limit while more follow. {@link Page#autoPaging()} walks the rest, each page one operation
   * of its own. A cursor that did not come from this vendor's {@link Page#next()} is refused with
   * {@link InvalidRequestException}.
   */
  public Page<SessionSummary> listSessions(PageRequest request) {
    return listSessions(request, RequestOptions.none());
  }

  /**
   * {@link #listSessions(PageRequest)} with per-call options, which the later pages of the returned
   * {@link Page} use too; body fields are refused (a list has no body).
   */
  public Page<SessionSummary> listSessions(PageRequest request, RequestOptions requestOptions) {
    return listSessions(request, requestOptions, null);
  }

  private Page<SessionSummary> listSessions(PageRequest request, RequestOptions requestOptions,
      RawResponse.Capture raw) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(requestOptions, "requestOptions");
    ChatBackend b = backend();
    ChatOperation op = listeners.start(vendor(), ChatOperation.Kind.LIST_SESSIONS, null);
    Cancellation context = begin(requestOptions, raw);
    Throwable failure = null;
    Page<SessionSummary> page;
    try {
      page = b.listSessions(request);
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      end(op, context, failure, raw);
    }
    return new Page<>(page.items(), page.next().orElse(null),
        cursor -> listSessions(request.withCursor(cursor), requestOptions));
  }

  /**
   * Every session, most recent first, across all pages of the vendor's default size: a lazy
   * {@link Iterable} (and {@link AutoPager#stream() Stream}) that fetches a page only when the walk reaches it and
   * stops fetching when the consumer stops. Each page is one operation with its own timeout. A vendor without
   * {@link Capability#LIST_SESSIONS} throws {@link UnsupportedCapabilityException} here, before anything is sent.
   */
  public AutoPager<SessionSummary> sessions() {
    return sessions(PageRequest.first());
  }

  /**
   * Every session from {@code start} on: its cursor (if any) says where to begin and its limit how many each
   * request fetches at most. See {@link #sessions()}.
   */
  public AutoPager<SessionSummary> sessions(PageRequest start) {
    return sessions(start, RequestOptions.none());
  }

  /**
   * {@link #sessions(PageRequest)} with per-call options, applied to every page's request (each page is one
   * operation: the options' time limit bounds each page, not the whole walk).
   */
  public AutoPager<SessionSummary> sessions(PageRequest start, RequestOptions requestOptions) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(requestOptions, "requestOptions");
    ChatBackend b = backend();
    if (!capabilities.contains(Capability.LIST_SESSIONS)) throw b.unsupported(Capability.LIST_SESSIONS);
    return new AutoPager<>(() -> listSessions(start, requestOptions));
  }

  /** Deletes a session ({@link Capability#DELETE_SESSION}). */
  public void deleteSession(String id) {
    deleteSession(id, RequestOptions.none());
  }

  /** {@link #deleteSession(String)} with per-call options; body fields are refused (a delete has no body). */
  public void deleteSession(String id, RequestOptions requestOptions) {
    deleteSession(id, requestOptions, null);
  }

  private void deleteSession(String id, RequestOptions requestOptions, RawResponse.Capture raw) {
    String checked = requireId(id);
    Objects.requireNonNull(requestOptions, "requestOptions");
    ChatBackend b = backend();
    ChatOperation op = listeners.start(vendor(), ChatOperation.Kind.DELETE_SESSION, checked);
    Cancellation context = begin(requestOptions, raw);
    Throwable failure = null;
    try {
      b.deleteSession(checked);
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      end(op, context, failure, raw);
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
   * {@link ChatClient}'s operations returning {@link RawResponse}s; the same rules, options and listeners apply.
   * Obtained from {@link ChatClient#withRawResponse()}.
   */
  public final class WithRawResponse {
    private WithRawResponse() {}

    /** {@link ChatClient#createSession()}, raw. */
    public RawResponse<ChatSession> createSession() {
      return createSession(SessionOptions.defaults(), RequestOptions.none());
    }

    /** {@link ChatClient#createSession(SessionOptions)}, raw. */
    public RawResponse<ChatSession> createSession(SessionOptions options) {
      return createSession(options, RequestOptions.none());
    }

    /** {@link ChatClient#createSession(SessionOptions, RequestOptions)}, raw. */
    public RawResponse<ChatSession> createSession(SessionOptions options, RequestOptions requestOptions) {
      RawResponse.Capture raw = new RawResponse.Capture();
      return raw.with(ChatClient.this.createSession(options, requestOptions, raw));
    }

    /** {@link ChatClient#getSession(String)}, raw. */
    public RawResponse<SessionDetails> getSession(String id) {
      return getSession(id, RequestOptions.none());
    }

    /** {@link ChatClient#getSession(String, RequestOptions)}, raw. */
    public RawResponse<SessionDetails> getSession(String id, RequestOptions requestOptions) {
      RawResponse.Capture raw = new RawResponse.Capture();
      return raw.with(ChatClient.this.getSession(id, requestOptions, raw));
    }

    /** {@link ChatClient#listSessions()}, raw. */
    public RawResponse<Page<SessionSummary>> listSessions() {
      return listSessions(PageRequest.first(), RequestOptions.none());
    }

    /** {@link ChatClient#listSessions(PageRequest)}, raw (the first page's response; later pages are plain). */
    public RawResponse<Page<SessionSummary>> listSessions(PageRequest request) {
      return listSessions(request, RequestOptions.none());
    }

    /** {@link ChatClient#listSessions(PageRequest, RequestOptions)}, raw. */
    public RawResponse<Page<SessionSummary>> listSessions(PageRequest request, RequestOptions requestOptions) {
      RawResponse.Capture raw = new RawResponse.Capture();
      return raw.with(ChatClient.this.listSessions(request, requestOptions, raw));
    }

    /** {@link ChatClient#deleteSession(String)}, raw; the value is null. */
    public RawResponse<Void> deleteSession(String id) {
      return deleteSession(id, RequestOptions.none());
    }

    /** {@link ChatClient#deleteSession(String, RequestOptions)}, raw; the value is null. */
    public RawResponse<Void> deleteSession(String id, RequestOptions requestOptions) {
      RawResponse.Capture raw = new RawResponse.Capture();
      ChatClient.this.deleteSession(id, requestOptions, raw);
      return raw.with(null);
    }
  }

  /**
   * Starts an operation's context on the calling thread with the caller's options, keeping the response that
   * describes it when {@code raw} asks; null when the thread is already inside an operation.
   */
  static Cancellation begin(RequestOptions options, RawResponse.Capture raw) {
    Cancellation context = Cancellation.begin(options);
    if (raw != null && context != null) context.captureResponse();
    return context;
  }

  /**
   * Ends an operation begun with {@link #begin}: takes what the transport captured and counted, ends the context,
   * then tells the listeners (so one that calls this client runs an operation of its own).
   */
  void end(ChatOperation op, Cancellation context, Throwable failure, RawResponse.Capture raw) {
    boolean cancelled = failure != null && context != null && context.isCancelled();
    if (raw != null) raw.take(context);
    if (failure == null && context != null && context.bodyFieldsUnapplied()) warnBodyFieldsUnapplied();
    Listeners.count(op, context);
    Cancellation.end(context);
    listeners.end(op, failure, cancelled);
  }

  /**
   * Body fields that no request carried would otherwise vanish without a word: said once per client on the
   * {@code dev.chatbridge} logger. The shipped vendors mark the request that carries each operation.
   */
  private void warnBodyFieldsUnapplied() {
    if (warnedBodyFields) return;
    warnedBodyFields = true;
    System.getLogger("dev.chatbridge").log(System.Logger.Level.WARNING, "RequestOptions.bodyFields were not sent: "
        + "the " + vendor() + " backend marks no request as carrying the operation (ApiRequest.primary())");
  }

  /** The typed vendor client, e.g. {@code client.unwrap(OnyxClient.class)} for vendor-only operations. */
  public <T> T unwrap(Class<T> type) {
    Object typed = backend.typedClient();
    if (type.isInstance(typed)) return type.cast(typed);
    throw new IllegalArgumentException(
        "this is a " + vendor() + " client; it unwraps to " + typed.getClass().getName() + ", not " + type.getName());
  }

  /** The backend, or IllegalStateException once {@link #close()} freed its threads and connections. */
  ChatBackend backend() {
    if (closed) throw new IllegalStateException("this " + vendor() + " ChatClient is closed");
    return backend;
  }

  /**
   * Runs {@code call} on the client's daemon pool; cancelling the future cancels the HTTP call. {@code op} (null
   * without listeners) is the operation {@code call} ends; it is ended here when the call never runs.
   */
  <T> CompletableFuture<T> async(Supplier<T> call, ChatOperation op) {
    Cancellation cancellation = new Cancellation();
    CompletableFuture<T> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        cancellation.cancel();
        return super.cancel(mayInterruptIfRunning);
      }
    };
    try {
      executor().execute(() -> {
        if (future.isDone()) {
          listeners.end(op, null, true); // cancelled before it started
          return;
        }
        try {
          future.complete(cancellation.run(call));
        } catch (Throwable t) {
          future.completeExceptionally(t);
        }
      });
    } catch (RuntimeException e) { // the pool was shut down: the client is closed
      listeners.end(op, e, false);
      throw e;
    }
    return future;
  }

  /**
   * Where {@link ChatSession#publisher(MessageRequest)} reads its streams: a virtual thread per stream on Java 21+
   * (the multi-release class of {@link StreamThreads}), the daemon pool of {@link #async} before.
   */
  Executor streamExecutor() {
    Executor e = streamExecutor;
    if (e == null) {
      synchronized (this) {
        e = streamExecutor;
        if (e == null) {
          e = StreamThreads.executor(vendor(), this::executor);
          streamExecutor = e;
        }
      }
    }
    return e;
  }

  private ExecutorService executor() {
    ExecutorService e = asyncExecutor;
    if (e == null) {
      synchronized (this) {
        e = asyncExecutor;
        if (e == null) {
          AtomicInteger n = new AtomicInteger();
          e = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chatbridge-async-" + vendor() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
          asyncExecutor = e;
        }
      }
    }
    return e;
  }

  /** {@code id} when it is a usable session id (see {@link PathSegments}); else InvalidRequestException. */
  private String requireId(String id) {
    return PathSegments.requireId(vendor(), "session id", id);
  }

  /** Frees the client's threads and connections. A caller-supplied OkHttp client is left open. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    ExecutorService e = asyncExecutor;
    if (e != null) e.shutdownNow();
    backend.close();
  }

  @Override
  public String toString() {
    return "ChatClient{vendor=" + vendor() + ", capabilities=" + capabilities + "}";
  }
}
