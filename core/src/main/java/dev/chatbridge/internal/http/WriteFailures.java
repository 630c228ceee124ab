package dev.chatbridge.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Turns OkHttp 4.12's {@code IllegalStateException("state: 0")} into the I/O failure it stands for. When writing
 * the request line and headers fails (a server that refuses an over-long request line answers 414/431 or just
 * closes the socket while they are still being written), OkHttp goes on to read the response, finds its HTTP/1
 * codec still idle and throws that unchecked exception out of {@code Call.execute()} (square/okhttp#8283, fixed
 * in 5.x). From a network interceptor it becomes an {@link IOException}, which the transport maps like any broken
 * connection: a {@link dev.chatbridge.ConnectionException}, retried only where a retry cannot duplicate anything.
 */
final class WriteFailures {
  private WriteFailures() {}

  /** {@code chain.proceed(..)}, with the codec's state error reported as an {@link IOException}. */
  static Response proceed(Interceptor.Chain chain) throws IOException {
    try {
      return chain.proceed(chain.request());
    } catch (IllegalStateException e) {
      throw new IOException("the connection broke while the request was being written (" + e.getMessage() + ")", e);
    }
  }
}
