package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import okhttp3.OkHttpClient;

/** The suites' checks that every response body was closed, and the release of a test's own OkHttpClient. */
final class ClientPools {
  private static final String LEASED = "every response body must be closed: a connection is still leased";

  private ClientPools() {}

  /** Fails when a connection of {@code http} is still leased now. */
  static void assertNoneLeased(OkHttpClient http) {
    assertEquals(http.connectionPool().idleConnectionCount(), http.connectionPool().connectionCount(), LEASED);
  }

  /**
   * Fails when a connection of {@code http} is still leased after up to 2 s: a call that ended on a fault may
   * release its connection a moment after the caller saw the failure.
   */
  static void awaitNoneLeased(OkHttpClient http) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (http.connectionPool().connectionCount() != http.connectionPool().idleConnectionCount()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertNoneLeased(http);
  }

  /** Stops {@code http}'s dispatcher threads and closes its idle connections. */
  static void release(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
