package dev.chatbridge.internal.http;

import dev.chatbridge.ChatConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The OkHttp clients of one transport, one for calls and one for streams, sharing a dispatcher and a pool. Both
 * follow no redirect (the transport decides: {@link Origin}), mark each {@link Attempt} "may have been sent" once a
 * connection is up, and carry the configured timeouts. A caller's client is used through {@code newBuilder()}: its
 * pool, dispatcher and listeners stay, it is never closed. Otherwise the dispatcher runs on daemon threads named
 * {@code chatbridge-http-<vendor>-n} with the per-host limit raised (concurrent streams are not throttled to 5).
 * With a {@link dev.chatbridge.WireRecording} configured, its interceptor records every call. Not API.
 */
final class HttpClients {
  final OkHttpClient calls;
  final OkHttpClient streams;
  private final boolean owned;

  HttpClients(String vendor, ChatConfig config, String baseUrl) {
    OkHttpClient.Builder base;
    if (config.okHttpClient().isPresent()) {
      base = config.okHttpClient().get().newBuilder();
      owned = false;
    } else {
      Dispatcher dispatcher = new Dispatcher(daemonExecutor(vendor));
      dispatcher.setMaxRequests(4096);
      dispatcher.setMaxRequestsPerHost(4096);
      base = new OkHttpClient.Builder().dispatcher(dispatcher).connectionPool(new ConnectionPool(32, 5,
          TimeUnit.MINUTES));
      owned = true;
    }
    // First among ChatBridge's interceptors, after the caller's own: it records what the caller of the call sees.
    config.recording().ifPresent(r -> base.addInterceptor(r.interceptor(config.apiKey().orElse(null), baseUrl)));
    // A network interceptor runs once a connection is up, just before the request is written: from then on a retry
    // could duplicate it. (An EventListener would replace a caller's own listener.)
    OkHttpClient shared = base.addNetworkInterceptor(HttpClients::markSent)
        .followRedirects(false).followSslRedirects(false).build();
    this.calls = shared.newBuilder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.callTimeout())
        .writeTimeout(config.callTimeout())
        .callTimeout(config.callTimeout())
        .build();
    this.streams = shared.newBuilder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.streamIdleTimeout())
        .writeTimeout(config.callTimeout())
        .callTimeout(config.streamTotalTimeout().orElse(Duration.ZERO))
        .build();
  }

  /** The client for a call or a stream, with a request's own {@code timeout} (null: the configured one). */
  OkHttpClient client(boolean streaming, Duration timeout) {
    OkHttpClient client = streaming ? streams : calls;
    return timeout == null ? client : client.newBuilder().callTimeout(timeout).readTimeout(timeout).build();
  }

  /**
   * Marks the attempt sent, then proceeds, reporting OkHttp 4.12's {@code IllegalStateException("state: 0")} as the
   * I/O failure it stands for. When writing the request line and headers fails (a server that refuses an over-long
   * request line answers 414/431 or just closes the socket while they are still being written), OkHttp goes on to
   * read the response, finds its HTTP/1 codec still idle and throws that unchecked exception out of
   * {@code Call.execute()} (square/okhttp#8283, fixed in 5.x). As an {@link IOException} the transport maps it like
   * any broken connection: retried only where a retry cannot duplicate anything.
   */
  private static Response markSent(okhttp3.Interceptor.Chain chain) throws IOException {
    Attempt attempt = chain.request().tag(Attempt.class);
    if (attempt != null) attempt.sent = true;
    try {
      return chain.proceed(chain.request());
    } catch (IllegalStateException e) {
      throw new IOException("the connection broke while the request was being written (" + e.getMessage() + ")", e);
    }
  }

  private static ExecutorService daemonExecutor(String vendor) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "chatbridge-http-" + vendor + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Frees the threads and connections these clients made; a caller's client is left alone. */
  void close() {
    if (!owned) return;
    calls.dispatcher().executorService().shutdown();
    calls.connectionPool().evictAll();
  }
}
