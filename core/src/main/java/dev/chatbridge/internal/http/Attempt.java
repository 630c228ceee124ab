package dev.chatbridge.internal.http;

import okhttp3.Call;

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

  Attempt(int number, Cancellation cancellation) {
    this.number = number;
    this.cancellation = cancellation;
  }

  /** Records the call and registers it with the cancellation. */
  void start(Call call) {
    this.call = call;
    if (cancellation != null) cancellation.register(call);
  }

  /** True when the caller cancelled: a failure is then a cancel, not a timeout or a broken connection. */
  boolean cancelled() {
    return cancellation != null && cancellation.isCancelled();
  }

  /** Forgets the call once its body is read or dropped. */
  void release() {
    if (cancellation != null) cancellation.unregister(call);
  }
}
