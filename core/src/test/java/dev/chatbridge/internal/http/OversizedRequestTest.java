package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.InvalidRequestException;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request the server will not take because of its size: the server's 414/431 are typed, and a server that drops
 * the connection while the request line is still being written gives a {@link ConnectionException}, never OkHttp
 * 4.12's {@code IllegalStateException("state: 0")}.
 */
class OversizedRequestTest {
  private MockWebServer server;
  private Transport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = Transport.builder("test", ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString())
        .apiKey("k").maxRetries(0).callTimeout(Duration.ofSeconds(20)).build()).sleeper(d -> { }).build();
  }

  @AfterEach
  void stop() throws IOException {
    assertThat(transport.okHttpClient().connectionPool().connectionCount())
        .isEqualTo(transport.okHttpClient().connectionPool().idleConnectionCount());
    transport.close();
    server.shutdown();
  }

  @ParameterizedTest
  @ValueSource(ints = {414, 431})
  void theServersRefusalOfALongRequestIsAnInvalidRequest(int status) {
    server.enqueue(new MockResponse().setResponseCode(status).setBody("<html><h1>Request-URI Too Large</h1></html>"));
    HttpUrl url = transport.url("chat").addQueryParameter("q", "a".repeat(10_000)).build();
    assertThatThrownBy(() -> transport.json(ApiRequest.get(url)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(status))
        .hasMessageContaining("Request-URI Too Large");
  }

  /**
   * The server closes the socket at once, so writing the multi-megabyte request line fails: OkHttp 4.12 then reads
   * the response from its still idle codec and throws {@code IllegalStateException}; the transport reports a
   * broken connection. Repeated, because the moment the write fails varies.
   */
  @RepeatedTest(20)
  void aConnectionDroppedWhileTheRequestIsWrittenIsAConnectionException() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    HttpUrl url = transport.url("chat").addQueryParameter("q", "a".repeat(8 * 1024 * 1024)).build();
    assertThatThrownBy(() -> transport.json(ApiRequest.post(url, null)))
        .isInstanceOf(ConnectionException.class);
  }

  @Test
  void aLongIdNeverLeaves() {
    assertThatThrownBy(() -> transport.url("chat", "a".repeat(100_000)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
