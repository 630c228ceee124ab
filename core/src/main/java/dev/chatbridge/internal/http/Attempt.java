package dev.chatbridge.internal.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Response;
import okio.AsyncTimeout;

/**
 * One attempt of a call, carried as its OkHttp request's only tag (one small map per request). It lets a stream
 * find its call to cancel, keeps the call registered with the caller's {@link Cancellation} until its body has been
 * read (so cancelling an async send also stops a body still arriving), and is marked {@link #sent} by the network
 * interceptor of {@link HttpClients}. Not API.
 */
final class Attempt {
  /** 0 for the first try, n for the n-th retry. */
  final int number;
  /** The calling thread's cancellation when the attempt started, or null. */
  final Cancellation cancellation;
  Call call;
  /** Set when the request may have been written: from then on a retry could duplicate it. */
  volatile boolean sent;
  /** Bounds a stream's opening (until its response starts) when a caller gave it a time limit; else null. */
  private OpeningLimit opening;
  /** True when {@link #opening} ran out before the response started. */
  boolean openingTimedOut;

  Attempt(int number, Cancellation cancellation) {
    this.number = number;
    this.cancellation = cancellation;
  }

  /** Records the call and registers it with the cancellation. */
  void start(Call call) {
    this.call = call;
    if (cancellation != null) cancellation.register(call);
  }

  /**
   * Bounds the wait for the response's start (connect, send, the server's first byte) by {@code nanos}, leaving
   * the body to the stream's own timeouts: a stream's call timeout would also end the stream.
   */
  void limitOpening(long nanos) {
    opening = new OpeningLimit(call);
    opening.timeout(nanos, TimeUnit.NANOSECONDS);
  }

  /** Runs the call; with an opening limit, the call is cancelled when it runs out before the response starts. */
  Response execute() throws IOException {
    if (opening == null) return call.execute();
    opening.enter();
    try {
      return call.execute();
    } finally {
      openingTimedOut = opening.exit();
    }
  }

  /** True when the caller cancelled: a failure is then a cancel, not a timeout or a broken connection. */
  boolean cancelled() {
    return cancellation != null && cancellation.isCancelled();
  }

  /** Forgets the call once its body is read or dropped. */
  void release() {
    if (cancellation != null) cancellation.unregister(call);
  }

  /** okio's watchdog (the one OkHttp's own call timeout uses), cancelling the call when it fires. */
  private static final class OpeningLimit extends AsyncTimeout {
    private final Call call;

    OpeningLimit(Call call) {
      this.call = call;
    }

    @Override
    protected void timedOut() {
      call.cancel();
    }
  }
}
