package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.internal.http.PathSegments;
import dev.chatbridge.spi.ChatBackend;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
  private volatile ExecutorService asyncExecutor;
  private volatile boolean closed;

  private ChatClient(ChatBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.capabilities = Set.copyOf(backend.capabilities());
  }

  /** Wraps a vendor backend; for provider implementations. Applications use {@link ChatClients}. */
  public static ChatClient of(ChatBackend backend) {
    return new ChatClient(backend);
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
    Objects.requireNonNull(options, "options");
    ChatBackend b = backend();
    Cancellation operation = Cancellation.begin();
    try {
      SessionDetails created = b.createSession(options);
      return new ChatSession(this, created.id(), created.messages());
    } finally {
      Cancellation.end(operation);
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
    String checked = requireId(id);
    ChatBackend b = backend();
    Cancellation operation = Cancellation.begin();
    try {
      return b.getSession(checked);
    } finally {
      Cancellation.end(operation);
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
    Objects.requireNonNull(request, "request");
    ChatBackend b = backend();
    Page<SessionSummary> page;
    Cancellation operation = Cancellation.begin();
    try {
      page = b.listSessions(request);
    } finally {
      Cancellation.end(operation);
    }
    return new Page<>(page.items(), page.next().orElse(null), cursor -> listSessions(request.withCursor(cursor)));
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
    Objects.requireNonNull(start, "start");
    ChatBackend b = backend();
    if (!capabilities.contains(Capability.LIST_SESSIONS)) throw b.unsupported(Capability.LIST_SESSIONS);
    return new AutoPager<>(() -> listSessions(start));
  }

  /** Deletes a session ({@link Capability#DELETE_SESSION}). */
  public void deleteSession(String id) {
    String checked = requireId(id);
    ChatBackend b = backend();
    Cancellation operation = Cancellation.begin();
    try {
      b.deleteSession(checked);
    } finally {
      Cancellation.end(operation);
    }
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

  /** Runs {@code call} on the client's daemon pool; cancelling the future cancels the HTTP call. */
  <T> CompletableFuture<T> async(Supplier<T> call) {
    Cancellation cancellation = new Cancellation();
    CompletableFuture<T> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        cancellation.cancel();
        return super.cancel(mayInterruptIfRunning);
      }
    };
    executor().execute(() -> {
      if (future.isDone()) return;
      try {
        future.complete(cancellation.run(call));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    });
    return future;
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
