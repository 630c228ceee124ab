package dev.chatbridge.internal.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatException;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * The one HTTP layer every vendor uses: auth header, JSON, timeouts, retries that can never duplicate a message,
 * status → typed exception, credential scrubbing, logging. One per client. Not API.
 *
 * <p>Retry rules (DESIGN.md "Transport rules"): a request is retried, up to {@code maxRetries} times with jittered
 * exponential backoff, when nothing was sent (connect failure), on 429 and on 503 with {@code Retry-After} (the
 * server refused it unprocessed), and, for {@link ApiRequest#idempotent() idempotent} requests only, on any I/O
 * failure (including a body that breaks off or stalls) and on 408/500/502/503/504. {@code Retry-After} (seconds or
 * HTTP-date) is honoured, capped at 60 s.
 * Message-sending and session-creating POSTs are never retried once they may have reached the server; their
 * bodies are one-shot so OkHttp cannot silently re-send them either.
 *
 * <p>Inside a blocking operation of the vendor-neutral API ({@link Cancellation#begin()}) every call gets at most
 * the operation's remaining time (OkHttp's per-call timeout, which also covers reading the body, a stream's
 * included), retry waits move the deadline out, and nothing is retried or started once it has passed: the whole
 * operation ends within {@code chatbridge.timeout} plus its retry waits. Streams keep the idle timeout between reads
 * and, with {@code chatbridge.stream-total-timeout}, a total cap.
 *
 * <p>The credential never leaves the base URL's origin (scheme, host, port): OkHttp follows no redirect, and this
 * class follows a redirect only for GET and HEAD and only within the origin (at most {@value #MAX_REDIRECTS} hops);
 * any other 3xx ends in an {@link ApiException} with that status naming the target (its query left out). A POST is
 * never re-sent on a redirect.
 */
public final class Transport implements AutoCloseable {
  /** {@code application/json; charset=utf-8}. */
  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** Non-streaming bodies larger than this fail with ResponseFormatException instead of filling the heap. */
  public static final long MAX_BODY_BYTES = 32L * 1024 * 1024;
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  /** Same-origin redirects of one GET or HEAD followed at most. */
  static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final System.Logger LOG = System.getLogger("dev.chatbridge.http");

  private final String vendor;
  private final HttpUrl baseUrl;
  private final String authHeader;
  private final String authValue;
  private final SecretScrubber scrubber;
  private final Duration callTimeout;
  private final OkHttpClient calls;
  private final OkHttpClient streams;
  private final boolean ownsClient;
  private final int maxRetries;
  private final ErrorMapper errorMapper;
  private final Sleeper sleeper;
  private final Clock clock;
  private final DoubleSupplier jitter;
  private final String userAgent;

  /** Sleeps between retries; tests plug in one that records instead. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits {@code d}. */
    void sleep(Duration d) throws InterruptedException;
  }

  private Transport(Builder b) {
    this.vendor = Objects.requireNonNull(b.vendor, "vendor");
    ChatConfig config = Objects.requireNonNull(b.config, "config");
    String url = config.baseUrl().orElse(b.defaultBaseUrl);
    if (url == null) {
      throw new ConfigurationException(
          vendor + " has no default base URL: set chatbridge.base-url or CHATBRIDGE_BASE_URL");
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) throw new ConfigurationException("base URL is not an http(s) URL: " + url);
    if (!parsed.isHttps() && !config.allowInsecureHttp() && !isLoopback(parsed.host())) {
      throw new ConfigurationException(
          "refusing plain http:// to " + parsed.host() + ": the API key would travel unencrypted. Use https, or set "
              + "chatbridge.allow-insecure-http=true if you must");
    }
    this.baseUrl = parsed;
    String secret = config.apiKey().orElse(null);
    this.scrubber = secret == null ? null : new SecretScrubber(secret);
    this.authHeader = b.authHeader;
    this.authValue = secret == null || b.authHeader == null ? null : b.authPrefix + secret;
    this.callTimeout = config.callTimeout();
    this.maxRetries = config.maxRetries();
    this.errorMapper = b.errorMapper;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.jitter = b.jitter;
    this.userAgent = "chatbridge-java/" + Version.get() + " (" + vendor + ")";

    OkHttpClient base;
    // A network interceptor runs once a connection is up, just before the request is written: from then on a
    // retry could duplicate it. (An EventListener would replace a user-supplied client's own listener.)
    Interceptor tracking = chain -> {
      CallHolder holder = chain.request().tag(CallHolder.class);
      if (holder != null) holder.sent = true;
      return WriteFailures.proceed(chain);
    };
    if (config.okHttpClient().isPresent()) {
      // newBuilder(): the caller's client keeps its own redirect policy; ours follows none (see execute)
      base = config.okHttpClient().get().newBuilder().addNetworkInterceptor(tracking)
          .followRedirects(false).followSslRedirects(false).build();
      ownsClient = false;
    } else {
      Dispatcher dispatcher = new Dispatcher(daemonExecutor(vendor));
      dispatcher.setMaxRequests(4096);
      dispatcher.setMaxRequestsPerHost(4096);
      base = new OkHttpClient.Builder()
          .dispatcher(dispatcher)
          .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
          .addNetworkInterceptor(tracking)
          .followRedirects(false)
          .followSslRedirects(false)
          .build();
      ownsClient = true;
    }
    this.calls = base.newBuilder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.callTimeout())
        .writeTimeout(config.callTimeout())
        .callTimeout(config.callTimeout())
        .build();
    this.streams = base.newBuilder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.streamIdleTimeout())
        .writeTimeout(config.callTimeout())
        .callTimeout(config.streamTotalTimeout().orElse(Duration.ZERO))
        .build();
  }

  /** A builder for {@code vendor}'s transport from {@code config}. */
  public static Builder builder(String vendor, ChatConfig config) {
    return new Builder(vendor, config);
  }

  private static ExecutorService daemonExecutor(String vendor) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "chatbridge-http-" + vendor + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost") || host.toLowerCase(Locale.ROOT).endsWith(".localhost")) return true;
    if (!host.matches("[0-9.]+") && !host.contains(":")) return false; // never resolve names here
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
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
    HttpUrl.Builder b = baseUrl.newBuilder();
    for (String s : segments) b.addPathSegment(PathSegments.requireSegment(vendor, s));
    return b;
  }

  /**
   * The base URL plus a constant path such as {@code chat/sessions} or {@code api/v1/chats/} (a trailing '/' is
   * kept); each piece passes the same check as in {@link #url}. Never for ids: use {@link #url}.
   */
  public HttpUrl.Builder path(String path) {
    HttpUrl.Builder b = baseUrl.newBuilder();
    String[] pieces = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
    for (int i = 0; i < pieces.length; i++) {
      boolean trailingSlash = i == pieces.length - 1 && pieces[i].isEmpty() && i > 0;
      b.addPathSegment(trailingSlash ? "" : PathSegments.requireSegment(vendor, pieces[i]));
    }
    return b;
  }

  /** Makes the call and returns its parsed JSON body ({@link NullNode} for an empty body). */
  public JsonNode json(ApiRequest request) {
    return call(request, this::readJson);
  }

  /** Reads a 2xx body as it arrives, for {@link #json(ApiRequest, BodyReader)}. */
  @FunctionalInterface
  public interface BodyReader<T> {
    /** Reads the body (possibly empty); an {@link IOException} is a body that broke off or stalled. */
    T read(BufferedSource body) throws IOException;
  }

  /**
   * Like {@link #json(ApiRequest)}, but the body goes to {@code reader} as it arrives instead of being buffered
   * whole, so it is not bounded by {@link #MAX_BODY_BYTES}: for an answer the caller needs only part of, or reads
   * item by item (a long history, a large echo). Same timeouts and retries; a JSON syntax error is a
   * {@link ResponseFormatException}. The reader sees the bytes as sent: text it keeps must go through
   * {@link #scrub(String)}.
   */
  public <T> T json(ApiRequest request, BodyReader<T> reader) {
    return call(request, response -> {
      ResponseBody body = response.body();
      try {
        return reader.read(body == null ? new Buffer() : body.source());
      } catch (JacksonException e) {
        throw new ResponseFormatException(vendor + " sent a response that is not the expected JSON (HTTP "
            + response.code() + "): " + Json.describe(e), "");
      } catch (IOException e) {
        throw bodyFailure(response, e);
      }
    });
  }

  private <T> T call(ApiRequest request, Function<Response, T> read) {
    int attempt = 0;
    while (true) {
      Response response = execute(request, false, attempt);
      CallHolder holder = response.request().tag(CallHolder.class);
      int used = holder.attempt;
      try (response) {
        return read.apply(response);
      } catch (ChatException e) {
        if (holder.cancelled()) throw new ChatException(vendor + " call was cancelled", e);
        // the body broke off or stalled: an idempotent read is repeated within the same retry budget and time
        if (!(e instanceof ConnectionException || e instanceof ChatTimeoutException)
            || !request.idempotent() || used >= maxRetries || outOfTime()) {
          throw e;
        }
        backoff(used, null);
        attempt = used + 1;
      } finally {
        holder.release();
      }
    }
  }

  /**
   * Makes a call whose body is read incrementally: {@code stream-idle-timeout} between reads, and as a total
   * {@code stream-total-timeout} when set, or the operation's remaining time inside a blocking operation (a send
   * read through the stream path). Retried only before any response arrived and under the same rules as
   * {@link #json}. The caller closes it.
   */
  public StreamCall stream(ApiRequest request) {
    Response response = execute(request, true, 0);
    return new StreamCall(response, vendor, this);
  }

  /** An open streaming response. */
  public static final class StreamCall implements AutoCloseable {
    private final Response response;
    private final CallHolder holder;
    private final String vendor;
    private final Transport transport;

    StreamCall(Response response, String vendor, Transport transport) {
      this.response = response;
      this.vendor = vendor;
      this.transport = transport;
      this.holder = response.request().tag(CallHolder.class);
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
      if (body == null) throw new ResponseFormatException(vendor + " sent a stream response without a body", "");
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
      holder.call.cancel();
    }

    /** Releases the connection. Idempotent. */
    @Override
    public void close() {
      try {
        response.close();
      } finally {
        holder.release();
      }
    }
  }

  /**
   * Lets a stream find its call to cancel, and keeps the call registered with the caller's {@link Cancellation}
   * until its body has been read, so cancelling an async send also stops a body still arriving. The network
   * interceptor marks it {@link #sent} (the request's only tag: one small map per request).
   */
  static final class CallHolder {
    Call call;
    Cancellation cancellation;
    /** 0 for the first try, n for the n-th retry. */
    int attempt;
    /** Set when the request may have been written: from then on a retry could duplicate it. */
    volatile boolean sent;

    boolean cancelled() {
      return cancellation != null && cancellation.isCancelled();
    }

    void release() {
      if (cancellation != null) cancellation.unregister(call);
    }
  }

  private Response execute(ApiRequest req, boolean streaming, int firstAttempt) {
    OkHttpClient client = streaming ? streams : calls;
    if (req.timeout() != null) {
      client = client.newBuilder().callTimeout(req.timeout()).readTimeout(req.timeout()).build();
    }
    long ownTimeout = client.callTimeoutMillis() == 0 ? Long.MAX_VALUE : client.callTimeoutMillis() * 1_000_000L;
    HttpUrl url = req.url();
    int redirects = 0;
    for (int attempt = firstAttempt; ; attempt++) {
      Cancellation.checkNotCancelled(() -> vendor + " " + req.method() + " " + req.url().encodedPath());
      Cancellation cancellation = Cancellation.current();
      long left = cancellation == null ? Long.MAX_VALUE : cancellation.remainingNanos(callTimeout);
      if (left <= 0) throw outOfTime(req, attempt);
      CallHolder holder = new CallHolder();
      Request request = build(req, url, attempt, holder);
      Call call = client.newCall(request);
      // the operation's remaining time bounds the whole call, reading the body (a stream's too) included
      if (left < ownTimeout) call.timeout().timeout(left, TimeUnit.NANOSECONDS);
      holder.call = call;
      holder.attempt = attempt;
      holder.cancellation = cancellation;
      if (cancellation != null) cancellation.register(call);
      long started = System.nanoTime();
      int attemptNumber = attempt + 1;
      log(System.Logger.Level.DEBUG, () -> "--> " + req.method() + " " + redactUrl(request.url()) + " (attempt "
          + attemptNumber + ")");
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        if (cancellation != null) cancellation.unregister(call);
        // OkHttp's own call timeout also cancels the call: only a Cancellation makes this a cancel, not a timeout
        if (cancellation != null && cancellation.isCancelled()) {
          throw new ChatException(vendor + " call was cancelled", e);
        }
        boolean safe = !holder.sent || req.idempotent();
        log(System.Logger.Level.DEBUG, () -> "<-- failed " + req.method() + " " + redactUrl(request.url()) + ": "
            + e + (holder.sent ? " (request was sent)" : " (nothing was sent)"));
        if (safe && attempt < maxRetries && !outOfTime()) {
          backoff(attempt, null);
          continue;
        }
        throw translate(e, req, holder.sent, attempt);
      }
      int status = response.code();
      log(System.Logger.Level.DEBUG, () -> "<-- " + status + " " + req.method() + " " + redactUrl(request.url())
          + " (" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
      if (status >= 200 && status < 300) return response; // still registered: the caller releases it after the body
      holder.release();
      String requestId = response.header("x-request-id") != null ? response.header("x-request-id")
          : response.header("request-id");

      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        HttpUrl target = redirectTarget(response);
        String raw = readErrorBody(response);
        String refusal = redirectRefusal(req, target, redirects);
        if (refusal == null) {
          url = target;
          redirects++;
          attempt--; // a followed redirect is not a retry
          continue;
        }
        throw new ApiException(ApiError.builder(vendor, status).serverMessage(refusal).requestId(requestId)
            .rawBody(raw).headers(errorHeaders(response)).build());
      }
      Duration retryAfter = retryAfter(response);
      String raw = readErrorBody(response);
      boolean refusedUnprocessed = status == 429 || (status == 503 && retryAfter != null);
      boolean transientFailure =
          status == 408 || status == 500 || status == 502 || status == 503 || status == 504;
      if (attempt < maxRetries && (refusedUnprocessed || (req.idempotent() && transientFailure)) && !outOfTime()) {
        backoff(attempt, retryAfter);
        continue;
      }
      throw mapError(status, req, requestId, raw, retryAfter, errorHeaders(response));
    }
  }

  /** True when the calling thread's operation has used up its time: nothing more may be tried. */
  private static boolean outOfTime() {
    Cancellation c = Cancellation.current();
    return c != null && c.deadlinePassed();
  }

  private ChatTimeoutException outOfTime(ApiRequest req, int attempt) {
    return new ChatTimeoutException(vendor + " " + req.method() + " " + req.url().encodedPath() + " was not "
        + (attempt == 0 ? "started" : "tried again") + ": the operation used up its time limit (chatbridge.timeout, "
        + callTimeout.toMillis() + " ms, plus retry waits)");
  }

  /** The redirect's target, resolved against the request; null when it has none that OkHttp can read. */
  private static HttpUrl redirectTarget(Response response) {
    String location = response.header("Location");
    return location == null ? null : response.request().url().resolve(location);
  }

  /**
   * Why a 3xx is not followed, as the exception's server message; null when it may be: a redirect of a GET or HEAD
   * within the base URL's origin (scheme, host and port, so never from https to http), within the hop limit.
   */
  private String redirectRefusal(ApiRequest req, HttpUrl target, int redirects) {
    if (target == null) return "a redirect without a usable Location header";
    String to = "redirect to " + describe(target) + " not followed: ";
    if (!sameOrigin(target)) {
      return to + "it leaves " + origin(baseUrl) + ", and the credential is never sent to another origin";
    }
    if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
      return to + "a " + req.method() + " is never re-sent on a redirect (it may have been processed)";
    }
    if (redirects >= MAX_REDIRECTS) return to + "more than " + MAX_REDIRECTS + " redirects";
    return null;
  }

  /** True when {@code url} has the base URL's scheme, host and port. */
  boolean sameOrigin(HttpUrl url) {
    return url.scheme().equals(baseUrl.scheme()) && url.host().equals(baseUrl.host())
        && url.port() == baseUrl.port();
  }

  private static String origin(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }

  /** A redirect target for a message: no user info, query or fragment (they may hold tokens), scrubbed. */
  private String describe(HttpUrl target) {
    HttpUrl shown = target.newBuilder().username("").password("").query(null).fragment(null).build();
    return scrub(shown.toString()) + (target.encodedQuery() != null ? " (query left out)" : "");
  }

  private Request build(ApiRequest req, HttpUrl url, int attempt, CallHolder holder) {
    Request.Builder b = new Request.Builder()
        .url(url)
        .header("User-Agent", userAgent)
        .header("Accept", req.accept())
        .tag(CallHolder.class, holder);
    if (authValue != null) b.header(authHeader, authValue);
    if (attempt > 0) b.header("X-ChatBridge-Retry-Count", String.valueOf(attempt));
    req.headers().forEach(b::header);
    RequestBody body = null;
    if (req.body() != null) {
      byte[] bytes = Json.writeBytes(req.body());
      body = req.idempotent() ? RequestBody.create(bytes, JSON) : new OneShotBody(bytes, JSON);
    } else if (req.method().equals("POST") || req.method().equals("PUT") || req.method().equals("PATCH")) {
      // an empty POST (stop, close, toggle) must not be re-sent by OkHttp either
      body = req.idempotent() ? RequestBody.create(new byte[0], null) : new OneShotBody(new byte[0], null);
    }
    return b.method(req.method(), body).build();
  }

  private ChatException translate(IOException e, ApiRequest req, boolean sent, int attempt) {
    String what = vendor + " " + req.method() + " " + req.url().encodedPath();
    String outcome = " (" + attempts(attempt) + "; " + whyNotAgain(req, sent) + ")";
    if (isTimeout(e)) {
      return new ChatTimeoutException(what + " timed out" + (sent ? " after the request was sent" : "") + outcome, e);
    }
    return new ConnectionException(what + " failed: " + scrub(String.valueOf(e.getMessage())) + outcome, e);
  }

  private static String attempts(int attempt) {
    return attempt == 0 ? "1 attempt" : (attempt + 1) + " attempts";
  }

  /** Why the failed call is not tried again, exactly: what the message says must be what happened. */
  private String whyNotAgain(ApiRequest req, boolean sent) {
    if (sent && !req.idempotent()) return "not retried: the request may have been processed";
    if (outOfTime()) {
      return "not retried: the operation used up its time limit (chatbridge.timeout, " + callTimeout.toMillis()
          + " ms, plus retry waits)";
    }
    return maxRetries == 0 ? "retries are off (max-retries 0)" : "no retries left (max-retries " + maxRetries + ")";
  }

  private ApiException mapError(int status, ApiRequest req, String requestId, String raw, Duration retryAfter,
      Map<String, List<String>> headers) {
    // raw was scrubbed of the credential when it was read
    ErrorBody body = ErrorBody.parse(raw);
    ApiError error = ApiError.builder(vendor, status).serverMessage(body.message).errorCode(body.code)
        .requestId(requestId).rawBody(raw).headers(headers).details(body.details).retryAfter(retryAfter).build();
    ErrorMapper.ErrorContext ctx = new ErrorMapper.ErrorContext(req.method(), req.url().encodedPath(), body, error);
    ApiException mapped = errorMapper == null ? null : errorMapper.map(ctx);
    return mapped != null ? mapped : ErrorMapper.standard(ctx);
  }

  /** An error response's headers for {@link ApiError#headers()}: scrubbed, cookies left out. */
  private Map<String, List<String>> errorHeaders(Response response) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : response.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("set-cookie") || lower.equals("cookie")) continue;
      List<String> values = new ArrayList<>();
      for (String v : response.headers(name)) values.add(scrub(v));
      out.put(lower, values);
    }
    return out;
  }

  private String readErrorBody(Response response) {
    try (ResponseBody body = response.body()) {
      if (body == null) return "";
      BufferedSource source = body.source();
      source.request(MAX_ERROR_BODY);
      Buffer buffer = source.getBuffer();
      long n = Math.min(buffer.size(), MAX_ERROR_BODY);
      return scrub(buffer.readString(n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return "";
    }
  }

  private JsonNode readJson(Response response) {
    ResponseBody body = response.body();
    if (body == null) return NullNode.getInstance();
    byte[] bytes;
    try {
      if (body.contentLength() > MAX_BODY_BYTES) throw tooLarge(body.contentLength());
      BufferedSource source = body.source();
      if (source.request(MAX_BODY_BYTES + 1)) throw tooLarge(-1);
      bytes = source.getBuffer().readByteArray();
    } catch (IOException e) {
      throw bodyFailure(response, e);
    }
    if (isBlank(bytes)) return NullNode.getInstance();
    bytes = scrub(bytes);
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      String text = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8);
      String ct = response.header("Content-Type");
      throw new ResponseFormatException(
          vendor + " sent a response that is not JSON (HTTP " + response.code() + ", Content-Type " + ct + "): "
              + ErrorBody.parse(scrub(text)).message, scrub(text)); // no cause: Jackson's message quotes the body
    }
  }

  private ChatException bodyFailure(Response response, IOException e) {
    CallHolder holder = response.request().tag(CallHolder.class);
    String outcome = " (" + attempts(holder.attempt) + ")";
    if (isTimeout(e)) return new ChatTimeoutException(vendor + " response body did not arrive in time" + outcome, e);
    return new ConnectionException(vendor + " connection broke while reading the response: "
        + scrub(String.valueOf(e.getMessage())) + outcome, e);
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
    return true;
  }

  private ResponseFormatException tooLarge(long length) {
    return new ResponseFormatException(vendor + " response body is larger than " + (MAX_BODY_BYTES >> 20)
        + " MiB" + (length > 0 ? " (" + length + " bytes)" : "") + "; refusing to buffer it", "");
  }

  private Duration retryAfter(Response response) {
    String ms = response.header("retry-after-ms");
    if (ms != null) {
      try {
        double millis = Double.parseDouble(ms.trim());
        if (millis >= 0) return Duration.ofMillis((long) millis);
      } catch (NumberFormatException ignored) {
        // fall through
      }
    }
    return parseRetryAfter(response.header("Retry-After"), clock);
  }

  /**
   * True when {@code e} is a timeout: a socket read/connect timeout, or OkHttp's call timeout (an
   * {@code InterruptedIOException("timeout")}).
   */
  public static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
  }

  /** {@code Retry-After} as seconds or an HTTP-date; null when absent or unreadable. */
  public static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) return null;
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException ignored) {
      // an HTTP-date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The default {@link Sleeper}: an async caller's cancel ends the wait (the next attempt then stops). */
  private static void sleep(Duration d) throws InterruptedException {
    Cancellation cancellation = Cancellation.current();
    if (cancellation != null) cancellation.sleep(d);
    else Thread.sleep(d.toMillis());
  }

  /**
   * Sleeps before retry {@code attempt + 1}: Retry-After (capped) when given, else min(0.5·2^n, 8) s × 0.75–1.0.
   */
  private void backoff(int attempt, Duration retryAfter) {
    Duration d;
    if (retryAfter != null) {
      d = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    } else {
      double seconds = Math.min(0.5 * Math.pow(2, attempt), 8.0) * (0.75 + 0.25 * jitter.getAsDouble());
      d = Duration.ofMillis((long) (seconds * 1000));
    }
    Duration sleep = d;
    log(System.Logger.Level.DEBUG, () -> "retrying " + vendor + " call in " + sleep.toMillis() + " ms");
    Cancellation operation = Cancellation.current();
    if (operation != null) operation.extend(d); // a wait the retry rules allow does not use up the operation's time
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(vendor + " call interrupted while waiting to retry", e);
    }
  }

  /**
   * A body with the credential replaced by {@code [redacted]}, also where it is written with JSON escapes: a server
   * that echoes the key (in an error, in a field a vendor model later puts into an exception) must not carry it
   * into our objects, and Jackson would decode a backslash-u escape of one of its characters into the key.
   */
  byte[] scrub(byte[] body) {
    return scrubber == null ? body : scrubber.scrub(body);
  }

  /** {@code text} with the credential replaced by {@code [redacted]}, in plain, JSON-escaped or percent form. */
  public String scrub(String text) {
    return scrubber == null ? text : scrubber.scrub(text);
  }

  private String redactUrl(HttpUrl url) {
    return scrub(url.toString());
  }

  private void log(System.Logger.Level level, java.util.function.Supplier<String> message) {
    if (LOG.isLoggable(level)) LOG.log(level, scrub(message.get()));
  }

  /** Frees the threads and connections this transport made; a caller-supplied OkHttp client is left alone. */
  @Override
  public void close() {
    if (!ownsClient) return;
    calls.dispatcher().executorService().shutdown();
    calls.connectionPool().evictAll();
  }

  /** The OkHttp client for non-streaming calls (tests inspect its pool). */
  public OkHttpClient okHttpClient() {
    return calls;
  }

  @Override
  public String toString() {
    return "Transport{vendor=" + vendor + ", baseUrl=" + baseUrl + "}";
  }

  /** A body OkHttp may write only once, so its own connection recovery cannot re-send a message. */
  static final class OneShotBody extends RequestBody {
    private final byte[] bytes;
    private final MediaType contentType;

    OneShotBody(byte[] bytes, MediaType contentType) {
      this.bytes = bytes;
      this.contentType = contentType;
    }

    @Override
    public MediaType contentType() {
      return contentType;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public boolean isOneShot() {
      return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes);
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
    private Sleeper sleeper = Transport::sleep;
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

    /** What waits between retries ({@link Thread#sleep} by default). */
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
