package dev.chatbridge.internal.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The one HTTP layer every vendor uses: builds each request (auth header, User-Agent, JSON body), runs it in one
 * retry loop, reads the body, maps an error response to the typed exception through the vendor's
 * {@link ErrorMapper}, and logs with the credential scrubbed. One per client. Not API.
 *
 * <p>Its parts (docs/ARCHITECTURE.md, Transport rules): {@link RetryPolicy} decides what is tried again and how long
 * to wait first, for a failed response and for a body that breaks off alike, under one retry budget;
 * {@link HttpClients} builds the OkHttp clients; {@link Origin} keeps the credential in the base URL's origin (a
 * POST is never re-sent on a redirect); {@link SecretScrubber} takes the credential out of everything read.
 * Message-sending and session-creating POSTs are never retried once they may have reached the server; their bodies
 * are one-shot so OkHttp cannot silently re-send them either.
 *
 * <p>Inside a blocking operation of the vendor-neutral API ({@link Cancellation#begin()}) every call gets at most
 * the operation's remaining time (OkHttp's per-call timeout, which also covers reading the body, a stream's
 * included), retry waits move the deadline out, and nothing is retried or started once it has passed: the whole
 * operation ends within {@code chatbridge.timeout} plus its retry waits. Streams keep the idle timeout between reads
 * and, with {@code chatbridge.stream-total-timeout}, a total cap.
 */
public final class Transport implements AutoCloseable {
  /** {@code application/json; charset=utf-8}. */
  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** Non-streaming bodies larger than this fail with ResponseFormatException instead of filling the heap. */
  public static final long MAX_BODY_BYTES = 32L * 1024 * 1024;
  private static final System.Logger LOG = System.getLogger("dev.chatbridge.http");

  private final String vendor;
  private final Origin origin;
  private final String authHeader;
  private final String authValue;
  private final SecretScrubber scrubber;
  private final Duration callTimeout;
  private final HttpClients clients;
  private final RetryPolicy retries;
  private final ErrorMapper errorMapper;
  private final Sleeper sleeper;
  private final String userAgent;

  /** Sleeps between retries; tests plug in one that records instead. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits {@code d}. */
    void sleep(Duration d) throws InterruptedException;
  }

  /** Reads a 2xx body as it arrives, for {@link #json(ApiRequest, BodyReader)}. */
  @FunctionalInterface
  public interface BodyReader<T> {
    /** Reads the body (possibly empty); an {@link IOException} is a body that broke off or stalled. */
    T read(BufferedSource body) throws IOException;
  }

  /** What the retry loop does with a 2xx response; an IOException other than Jackson's is a broken body. */
  @FunctionalInterface
  private interface ResponseReader<T> {
    T read(Response response) throws IOException;
  }

  private Transport(Builder b) {
    this.vendor = Objects.requireNonNull(b.vendor, "vendor");
    ChatConfig config = Objects.requireNonNull(b.config, "config");
    this.origin = Origin.of(vendor, config, b.defaultBaseUrl);
    String secret = config.apiKey().orElse(null);
    this.scrubber = new SecretScrubber(secret);
    this.authHeader = b.authHeader;
    this.authValue = secret == null || b.authHeader == null ? null : b.authPrefix + secret;
    this.callTimeout = config.callTimeout();
    this.retries = new RetryPolicy(config.maxRetries(), b.jitter, b.clock);
    this.errorMapper = b.errorMapper;
    this.sleeper = b.sleeper;
    this.userAgent = "chatbridge-java/" + Version.get() + " (" + vendor + ")";
    this.clients = new HttpClients(vendor, config, origin.baseUrl().toString());
  }

  /** A builder for {@code vendor}'s transport from {@code config}. */
  public static Builder builder(String vendor, ChatConfig config) {
    return new Builder(vendor, config);
  }

  /** The vendor name, for messages. */
  public String vendor() {
    return vendor;
  }

  /**
   * The base URL plus {@code segments}, each percent-encoded as one path segment. A segment that could not stay one
   * (blank, {@code .}/{@code ..}, a separator, too long: {@link PathSegments}) is refused with
   * {@link dev.chatbridge.InvalidRequestException} before anything is sent; callers check ids first with
   * {@link PathSegments#requireId} so the message names the parameter.
   */
  public HttpUrl.Builder url(String... segments) {
    HttpUrl.Builder b = origin.baseUrl().newBuilder();
    for (String s : segments) b.addPathSegment(PathSegments.requireSegment(vendor, s));
    return b;
  }

  /**
   * The base URL plus a constant path such as {@code chat/sessions} or {@code api/v1/chats/} (a trailing '/' is
   * kept); each piece passes the same check as in {@link #url}. Never for ids: use {@link #url}.
   */
  public HttpUrl.Builder path(String path) {
    HttpUrl.Builder b = origin.baseUrl().newBuilder();
    String[] pieces = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
    for (int i = 0; i < pieces.length; i++) {
      boolean trailingSlash = i == pieces.length - 1 && pieces[i].isEmpty() && i > 0;
      b.addPathSegment(trailingSlash ? "" : PathSegments.requireSegment(vendor, pieces[i]));
    }
    return b;
  }

  /** Makes the call and returns its parsed JSON body ({@link NullNode} for an empty body). */
  public JsonNode json(ApiRequest request) {
    return call(request, false, this::readJson);
  }

  /**
   * Like {@link #json(ApiRequest)}, but the body goes to {@code reader} as it arrives instead of being buffered
   * whole, so it is not bounded by {@link #MAX_BODY_BYTES}: for an answer the caller needs only part of, or reads
   * item by item (a long history, a large echo). Same timeouts and retries; a JSON syntax error is a
   * {@link ResponseFormatException}. The reader sees the bytes as sent: text it keeps must go through
   * {@link #scrub(String)}.
   */
  public <T> T json(ApiRequest request, BodyReader<T> reader) {
    return call(request, false, response -> {
      ResponseBody body = response.body();
      return reader.read(body == null ? new Buffer() : body.source());
    });
  }

  /**
   * Makes a call whose body is read incrementally: {@code stream-idle-timeout} between reads, and as a total
   * {@code stream-total-timeout} when set, or the operation's remaining time inside a blocking operation (a send
   * read through the stream path). Retried only before any response arrived and under the same rules as
   * {@link #json}. The caller closes it.
   */
  public StreamCall stream(ApiRequest request) {
    return call(request, true, response -> new StreamCall(response, this));
  }

  /**
   * The retry loop, for a failed response and a body that breaks off alike: each attempt is bounded by the
   * operation's time, a 3xx is followed only as {@link Origin} allows, and what is tried again, after what wait, is
   * {@link RetryPolicy}'s. A stream's body is its caller's to read: {@code streaming} leaves the response open.
   *
   * <p>Inside an operation with {@code RequestOptions} (the thread's {@link Cancellation}), the call takes its
   * retry limit and extra headers from them, and the first request marked {@link ApiRequest#primary()} takes its
   * body fields; every attempt and the last status are counted there for the operation's listeners.
   */
  private <T> T call(ApiRequest request, boolean streaming, ResponseReader<T> reader) {
    Cancellation context = Cancellation.current();
    if (context != null && context.headers != null) checkHeaders(context);
    boolean carries = context != null && request.isPrimary() && !context.primaryTaken;
    if (carries) context.primaryTaken = true;
    ApiRequest req = carries && context.bodyFields != null ? withBodyFields(request, context.bodyFields) : request;
    SecretScrubber scrubber = scrubber(context);
    int maxRetries = context == null || context.maxRetries < 0 ? retries.maxRetries() : context.maxRetries;
    Duration timeout = req.timeout();
    if (timeout == null && !streaming && context != null) timeout = context.longerCallTimeout(callTimeout);
    OkHttpClient client = clients.client(streaming, timeout);
    HttpUrl url = req.url();
    int redirects = 0;
    for (int number = 0; ; number++) {
      Attempt attempt = start(client, req, url, number, streaming, context);
      Request sent = attempt.call.request();
      long started = System.nanoTime();
      log(() -> "--> " + req.method() + " " + scrub(sent.url().toString()) + " (attempt " + (attempt.number + 1)
          + ")");
      Response response;
      try {
        response = attempt.execute();
      } catch (IOException e) {
        attempt.release();
        // OkHttp's own call timeout also cancels the call: only a Cancellation makes this a cancel, not a timeout
        if (attempt.cancelled()) throw new ChatException(vendor + " call was cancelled", e);
        if (attempt.openingTimedOut) throw openingTimedOut(req, context, e);
        log(() -> "<-- failed " + req.method() + " " + scrub(sent.url().toString()) + ": " + e
            + (attempt.sent ? " (request was sent)" : " (nothing was sent)"));
        if (retried(retries.retriesFailure(req.idempotent(), attempt.sent, number, maxRetries), number, null)) {
          continue;
        }
        throw translate(e, req, attempt.sent, number, maxRetries, context);
      }
      int status = response.code();
      if (attempt.openingTimedOut) { // the limit ran out just as the response started: it stays a timeout
        response.close();
        attempt.release();
        throw openingTimedOut(req, context, null);
      }
      if (context != null) context.recordResponse(status, carries, response, scrubber);
      log(() -> "<-- " + status + " " + req.method() + " " + scrub(sent.url().toString()) + " ("
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
      if (status >= 200 && status < 300) {
        ChatException failure;
        boolean bodyBroke = false;
        try {
          return reader.read(response); // a stream's call stays registered: StreamCall.close releases it
        } catch (JacksonException e) {
          failure = new ResponseFormatException(vendor + " sent a response that is not the expected JSON (HTTP "
              + status + "): " + Json.describe(e), "");
        } catch (IOException e) {
          failure = bodyFailure(e, number);
          bodyBroke = true;
        } catch (ChatException e) {
          failure = e;
        } finally {
          if (!streaming) {
            response.close();
            attempt.release();
          }
        }
        if (attempt.cancelled()) throw new ChatException(vendor + " call was cancelled", failure);
        // the body broke off or stalled: an idempotent read is repeated within the same retry budget and time
        if (retried(bodyBroke && retries.retriesFailure(req.idempotent(), true, number, maxRetries), number, null)) {
          continue;
        }
        throw failure;
      }
      attempt.release();
      Duration retryAfter = retries.retryAfter(response.header("retry-after-ms"), response.header("Retry-After"));
      FailedResponse failed = FailedResponse.read(response, scrubber); // closes it before any wait
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        String location = response.header("Location");
        HttpUrl target = location == null ? null : response.request().url().resolve(location);
        String refusal = origin.redirectRefusal(req.method(), target, redirects, scrubber);
        if (refusal == null) {
          url = target;
          redirects++;
          number--; // a followed redirect is not a retry
          continue;
        }
        throw new ApiException(failed.error(vendor).serverMessage(refusal).build());
      }
      boolean again = retries.retriesStatus(status, req.idempotent(), retryAfter != null, number, maxRetries);
      if (retried(again, number, retryAfter)) continue;
      throw mapError(req, failed, retryAfter);
    }
  }

  /**
   * Refuses, before anything is sent, an extra header that would replace this vendor's credential header unless
   * the caller allowed it ({@code RequestOptions.Builder.allowCredentialHeaders()}); options refuse the common
   * credential headers when built, this catches the vendor's own whatever its name.
   */
  private void checkHeaders(Cancellation context) {
    if (context.credentialHeadersAllowed || authHeader == null) return;
    for (String name : context.headers.keySet()) {
      if (name.equalsIgnoreCase(authHeader)) {
        throw InvalidRequestException.local(vendor, "header " + name + " carries the " + vendor + " credential; "
            + "call RequestOptions.Builder.allowCredentialHeaders() if replacing the configured key for this call "
            + "is meant");
      }
    }
  }

  /**
   * {@code req} with the caller's body fields added to (and overriding) the top level of its JSON object body; an
   * {@link dev.chatbridge.InvalidRequestException} naming the first field, before anything is sent, when the request
   * has no JSON object body.
   */
  private ApiRequest withBodyFields(ApiRequest req, Map<String, Object> fields) {
    Object body = req.body();
    JsonNode tree = body == null ? null : body instanceof JsonNode n ? n.deepCopy() : Json.MAPPER.valueToTree(body);
    if (!(tree instanceof ObjectNode object)) {
      String field = fields.keySet().iterator().next();
      throw InvalidRequestException.local(vendor, "body field '" + field + "' cannot be sent: the request that "
          + "carries this operation (" + req.method() + " " + req.url().encodedPath() + ") has no JSON object body");
    }
    fields.forEach((name, value) -> object.set(name, Json.MAPPER.valueToTree(value)));
    return req.withBody(object);
  }

  /**
   * The scrubber for a call: the configured key's, plus every credential the operation's options send instead of
   * it ({@code allowCredentialHeaders()}), so a server echoing a per-call key does not expose it either.
   */
  private SecretScrubber scrubber(Cancellation context) {
    if (context == null || context.headers == null || !context.credentialHeadersAllowed) return scrubber;
    SecretScrubber cached = context.callScrubber;
    if (cached != null) return cached;
    SecretScrubber s = scrubber;
    for (Map.Entry<String, String> h : context.headers.entrySet()) {
      if (HeaderRules.isCredential(h.getKey()) || h.getKey().equalsIgnoreCase(String.valueOf(authHeader))) {
        s = s.and(HeaderRules.secretOf(h.getValue()));
      }
    }
    context.callScrubber = s;
    return s;
  }

  private ChatTimeoutException openingTimedOut(ApiRequest req, Cancellation context, IOException cause) {
    return new ChatTimeoutException(vendor + " " + req.method() + " " + req.url().encodedPath() + " did not start "
        + "streaming within the time limit to open it " + timeLimit(context), cause);
  }

  /**
   * Starts attempt {@code number}: nothing once the caller cancelled or the operation's time is spent; otherwise a
   * call registered with the caller's {@link Cancellation} and given at most the operation's remaining time (the
   * body, a stream's included; a stream being opened, until its response starts).
   */
  private Attempt start(OkHttpClient client, ApiRequest req, HttpUrl url, int number, boolean streaming,
      Cancellation cancellation) {
    Cancellation.checkNotCancelled(() -> vendor + " " + req.method() + " " + req.url().encodedPath());
    long left = cancellation == null ? Long.MAX_VALUE : cancellation.remainingNanos(callTimeout);
    if (left <= 0) {
      throw new ChatTimeoutException(vendor + " " + req.method() + " " + req.url().encodedPath() + " was not "
          + (number == 0 ? "started" : "tried again") + ": the operation used up its time limit "
          + timeLimit(cancellation));
    }
    Attempt attempt = new Attempt(number, cancellation);
    Call call = client.newCall(build(req, url, attempt, cancellation));
    attempt.start(call);
    long own = client.callTimeoutMillis() == 0 ? Long.MAX_VALUE : client.callTimeoutMillis() * 1_000_000L;
    if (left < own) {
      if (streaming && cancellation.opensStream()) attempt.limitOpening(left);
      else call.timeout().timeout(left, TimeUnit.NANOSECONDS);
    }
    if (cancellation != null) cancellation.recordAttempt();
    return attempt;
  }

  private Request build(ApiRequest req, HttpUrl url, Attempt attempt, Cancellation context) {
    Request.Builder b = new Request.Builder()
        .url(url)
        .header("User-Agent", userAgent)
        .header("Accept", req.accept())
        .tag(Attempt.class, attempt);
    if (authValue != null) b.header(authHeader, authValue);
    if (attempt.number > 0) b.header("X-ChatBridge-Retry-Count", String.valueOf(attempt.number));
    req.headers().forEach(b::header);
    if (context != null && context.headers != null) context.headers.forEach(b::header); // checked in call()
    RequestBody body = null;
    if (req.body() != null || req.method().equals("POST") || req.method().equals("PUT")
        || req.method().equals("PATCH")) {
      // an empty POST (stop, close, toggle) must not be re-sent by OkHttp either
      byte[] bytes = req.body() == null ? new byte[0] : Json.writeBytes(req.body());
      MediaType type = req.body() == null ? null : JSON;
      body = req.idempotent() ? RequestBody.create(bytes, type) : new OneShotBody(bytes, type);
    }
    return b.method(req.method(), body).build();
  }

  /**
   * True, after the wait before retry {@code number + 1}, when the policy {@code allows} one and the operation's time
   * is not spent. The wait moves the operation's deadline out: it does not count against it.
   */
  private boolean retried(boolean allows, int number, Duration retryAfter) {
    if (!allows || Cancellation.currentDeadlinePassed()) return false;
    Duration wait = retries.backoff(number, retryAfter);
    log(() -> "retrying " + vendor + " call in " + wait.toMillis() + " ms");
    Cancellation operation = Cancellation.current();
    if (operation != null) operation.extend(wait);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(vendor + " call interrupted while waiting to retry", e);
    }
    return true;
  }

  private ChatException translate(IOException e, ApiRequest req, boolean sent, int number, int maxRetries,
      Cancellation context) {
    String what = vendor + " " + req.method() + " " + req.url().encodedPath();
    String outcome = " (" + attempts(number) + "; " + whyNotAgain(req, sent, maxRetries, context) + ")";
    if (isTimeout(e)) {
      return new ChatTimeoutException(what + " timed out" + (sent ? " after the request was sent" : "") + outcome, e);
    }
    return new ConnectionException(what + " failed: " + scrub(String.valueOf(e.getMessage())) + outcome, e);
  }

  private ChatException bodyFailure(IOException e, int number) {
    String outcome = " (" + attempts(number) + ")";
    if (isTimeout(e)) return new ChatTimeoutException(vendor + " response body did not arrive in time" + outcome, e);
    return new ConnectionException(vendor + " connection broke while reading the response: "
        + scrub(String.valueOf(e.getMessage())) + outcome, e);
  }

  private static String attempts(int number) {
    return number == 0 ? "1 attempt" : (number + 1) + " attempts";
  }

  /** Why the failed call is not tried again, exactly: what the message says must be what happened. */
  private String whyNotAgain(ApiRequest req, boolean sent, int max, Cancellation context) {
    if (sent && !req.idempotent()) return "not retried: the request may have been processed";
    if (Cancellation.currentDeadlinePassed()) {
      return "not retried: the operation used up its time limit " + timeLimit(context);
    }
    String setting = context != null && context.maxRetries >= 0 ? "RequestOptions maxRetries " : "max-retries ";
    return max == 0 ? "retries are off (" + setting + "0)" : "no retries left (" + setting + max + ")";
  }

  private String timeLimit(Cancellation context) {
    Duration own = context == null ? null : context.timeout;
    return own == null ? "(chatbridge.timeout, " + callTimeout.toMillis() + " ms, plus retry waits)"
        : "(the call's RequestOptions timeout, " + own.toMillis() + " ms, plus retry waits)";
  }

  /** The vendor's {@link ErrorMapper} first, then the standard status → exception mapping. */
  private ApiException mapError(ApiRequest req, FailedResponse failed, Duration retryAfter) {
    ErrorBody body = ErrorBody.parse(failed.rawBody()); // scrubbed when it was read
    ApiError error = failed.error(vendor).serverMessage(body.message).errorCode(body.code).details(body.details)
        .retryAfter(retryAfter).build();
    ErrorMapper.ErrorContext ctx = new ErrorMapper.ErrorContext(req.method(), req.url().encodedPath(), body, error);
    ApiException mapped = errorMapper == null ? null : errorMapper.map(ctx);
    return mapped != null ? mapped : ErrorMapper.standard(ctx);
  }

  private JsonNode readJson(Response response) throws IOException {
    ResponseBody body = response.body();
    if (body == null) return NullNode.getInstance();
    if (body.contentLength() > MAX_BODY_BYTES) throw tooLarge(body.contentLength());
    BufferedSource source = body.source();
    if (source.request(MAX_BODY_BYTES + 1)) throw tooLarge(-1);
    byte[] bytes = source.getBuffer().readByteArray();
    if (isBlank(bytes)) return NullNode.getInstance();
    bytes = scrub(bytes);
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (IOException e) { // not chained: Jackson's message quotes the body
      String text = scrub(new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8));
      throw new ResponseFormatException(vendor + " sent a response that is not JSON (HTTP " + response.code()
          + ", Content-Type " + response.header("Content-Type") + "): " + ErrorBody.parse(text).message, text);
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
    return true;
  }

  private ResponseFormatException tooLarge(long length) {
    return new ResponseFormatException(vendor + " response body is larger than " + (MAX_BODY_BYTES >> 20)
        + " MiB" + (length > 0 ? " (" + length + " bytes)" : "") + "; refusing to buffer it", "");
  }

  /**
   * True when {@code e} is a timeout: a socket read/connect timeout, or OkHttp's call timeout (an
   * {@code InterruptedIOException("timeout")}).
   */
  public static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
  }

  /**
   * A body with the credential replaced by {@code [redacted]}, also where it is written with JSON escapes: a server
   * that echoes the key (in an error, in a field a vendor model later puts into an exception) must not carry it
   * into our objects, and Jackson would decode a backslash-u escape of one of its characters into the key.
   */
  byte[] scrub(byte[] body) {
    return scrubber(Cancellation.current()).scrub(body);
  }

  /**
   * {@code text} with the credential replaced by {@code [redacted]}, in plain, JSON-escaped or percent form (also a
   * credential the calling thread's operation sends instead of the configured key).
   */
  public String scrub(String text) {
    return scrubber(Cancellation.current()).scrub(text);
  }

  private void log(Supplier<String> message) {
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) LOG.log(System.Logger.Level.DEBUG, scrub(message.get()));
  }

  /** Frees the threads and connections this transport made; a caller-supplied OkHttp client is left alone. */
  @Override
  public void close() {
    clients.close();
  }

  /** The OkHttp client for non-streaming calls (tests inspect its pool). */
  public OkHttpClient okHttpClient() {
    return clients.calls;
  }

  @Override
  public String toString() {
    return "Transport{vendor=" + vendor + ", baseUrl=" + origin + "}";
  }

  /** An open streaming response. */
  public static final class StreamCall implements AutoCloseable {
    private final Response response;
    private final Attempt attempt;
    private final Transport transport;

    StreamCall(Response response, Transport transport) {
      this.response = response;
      this.transport = transport;
      this.attempt = response.request().tag(Attempt.class);
    }

    /**
     * {@code text} with the credential replaced: for error text a vendor sends inside the stream, which the
     * transport does not scrub (it never buffers stream bytes).
     */
    public String scrub(String text) {
      return transport.scrub(text);
    }

    /** {@code bytes} with the credential replaced in every form: for a stream body a vendor reads whole. */
    public byte[] scrub(byte[] bytes) {
      return transport.scrub(bytes);
    }

    /** The body, read incrementally; the caller closes the call. */
    public BufferedSource source() {
      ResponseBody body = response.body();
      if (body == null) {
        throw new ResponseFormatException(transport.vendor + " sent a stream response without a body", "");
      }
      return body.source();
    }

    /** The response's Content-Type, or empty. */
    public String contentType() {
      String ct = response.header("Content-Type");
      return ct == null ? "" : ct;
    }

    /** A response header, or null. */
    public String header(String name) {
      return response.header(name);
    }

    /** Closes the socket at once; a blocked read fails immediately. Any thread. */
    public void cancel() {
      attempt.call.cancel();
    }

    /** Releases the connection. Idempotent. */
    @Override
    public void close() {
      try {
        response.close();
      } finally {
        attempt.release();
      }
    }
  }

  /** Builds a {@link Transport}. */
  public static final class Builder {
    private final String vendor;
    private final ChatConfig config;
    private String defaultBaseUrl;
    private String authHeader = "Authorization";
    private String authPrefix = "Bearer ";
    private ErrorMapper errorMapper;
    private Sleeper sleeper = Cancellation::pause;
    private Clock clock = Clock.systemUTC();
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

    private Builder(String vendor, ChatConfig config) {
      this.vendor = vendor;
      this.config = config;
    }

    /** The vendor's cloud URL, used when the config has none; null when the vendor is self-hosted only. */
    public Builder defaultBaseUrl(String url) {
      this.defaultBaseUrl = url;
      return this;
    }

    /** The credential header: name and the prefix before the key ({@code "Bearer "} or {@code ""}). */
    public Builder auth(String header, String prefix) {
      this.authHeader = header;
      this.authPrefix = prefix;
      return this;
    }

    /** The vendor's hook for error quirks; it may return null to use the standard mapping. */
    public Builder errorMapper(ErrorMapper errorMapper) {
      this.errorMapper = errorMapper;
      return this;
    }

    /** What waits between retries (a wait that the caller's cancel ends, by default). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The clock that turns an HTTP-date {@code Retry-After} into a wait. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Source of the jitter factor in [0, 1); tests fix it. */
    public Builder jitter(DoubleSupplier jitter) {
      this.jitter = jitter;
      return this;
    }

    /** The transport; throws {@link ConfigurationException} for a missing or insecure base URL. */
    public Transport build() {
      return new Transport(this);
    }
  }
}
