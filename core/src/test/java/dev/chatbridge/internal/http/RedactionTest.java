package dev.chatbridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chatbridge.ApiException;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ResponseFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API key never shows in messages, bodies, toString() or log lines, even with logging fully on. */
class RedactionTest {
  private static final String KEY = "sk-live-9f8e7d6c5b4a";

  private MockWebServer server;
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final Logger jul = Logger.getLogger("dev.chatbridge.http");
  private Level previousLevel;
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logLines.add(String.valueOf(record.getMessage()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    previousLevel = jul.getLevel();
    jul.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    jul.addHandler(capture);
  }

  @AfterEach
  void stop() throws IOException {
    jul.removeHandler(capture);
    jul.setLevel(previousLevel);
    server.shutdown();
  }

  private ChatConfig config() {
    return ChatConfig.builder().vendor("test").baseUrl(server.url("/").toString()).apiKey(KEY).maxRetries(1)
        .build();
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString() + t;
  }

  @Test
  void serverEchoingTheKeyIsScrubbedFromMessageAndRawBody() {
    server.enqueue(new MockResponse().setResponseCode(401)
        .setBody("{\"detail\":\"invalid key " + KEY + "\",\"you_sent\":\"Bearer " + KEY + "\"}"));
    try (Transport t = Transport.builder("test", config()).build()) {
      ApiException e = (ApiException) catchThrowable(() -> t.json(ApiRequest.get(server.url("/x"))));
      assertThat(everything(e)).doesNotContain(KEY);
      assertThat(e.rawBody()).doesNotContain(KEY).contains("[redacted]");
      assertThat(e.serverMessage()).doesNotContain(KEY);
    }
    assertThat(logLines).isNotEmpty();
    assertThat(String.join("\n", logLines)).doesNotContain(KEY);
  }

  @Test
  void keyInUrlIsScrubbedFromLogsAndErrors() {
    server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"detail\":\"x\"}"));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"detail\":\"x\"}"));
    try (Transport t = Transport.builder("test", config()).sleeper(d -> { }).build()) {
      Throwable e = catchThrowable(() -> t.json(ApiRequest.get(t.url("x").addQueryParameter("key", KEY).build())));
      assertThat(everything(e)).doesNotContain(KEY);
    }
    assertThat(logLines).anySatisfy(l -> assertThat(l).contains("retrying"));
    assertThat(String.join("\n", logLines)).doesNotContain(KEY);
  }

  @Test
  void nonJsonBodyEchoingTheKeyIsScrubbed() {
    server.enqueue(new MockResponse().setBody("<html>token=" + KEY + "</html>"));
    try (Transport t = Transport.builder("test", config()).build()) {
      ResponseFormatException e = (ResponseFormatException) catchThrowable(() -> t.json(ApiRequest.get(server.url("/x"))));
      assertThat(everything(e)).doesNotContain(KEY);
      assertThat(e.body()).doesNotContain(KEY);
    }
  }

  /** The key with every character as a backslash-u escape: what Jackson decodes back into the key. */
  private static String escaped(String key) {
    return SecretScrubberTest.unicodeEscaped(key, false);
  }

  @Test
  void aKeyEchoedWithJsonEscapesIsScrubbedFromMessageRawBodyAndParsedBodies() {
    String dashEscaped = KEY.replace("-", "\\u002d");
    server.enqueue(new MockResponse().setResponseCode(401)
        .setBody("{\"detail\":\"invalid key " + dashEscaped + "\",\"you_sent\":\"" + escaped(KEY) + "\"}"));
    server.enqueue(new MockResponse().setBody("{\"echo\":\"" + escaped(KEY) + "\",\"n\":1}"));
    server.enqueue(new MockResponse().setBody("<html>token=" + dashEscaped + "</html>"));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("\"crash: Bearer " + escaped(KEY) + "\""));
    try (Transport t = Transport.builder("test", config()).sleeper(d -> { }).build()) {
      ApiException e = (ApiException) catchThrowable(() -> t.json(ApiRequest.get(server.url("/x"))));
      assertThat(everything(e)).doesNotContain(KEY);
      assertThat(e.serverMessage()).doesNotContain(KEY).contains("[redacted]");
      assertThat(e.rawBody()).doesNotContain(KEY).doesNotContain(dashEscaped).doesNotContain(escaped(KEY));
      assertThat(t.json(ApiRequest.get(server.url("/y"))).toString()).doesNotContain(KEY).contains("[redacted]");
      ResponseFormatException f =
          (ResponseFormatException) catchThrowable(() -> t.json(ApiRequest.get(server.url("/z"))));
      assertThat(everything(f)).doesNotContain(KEY).doesNotContain(dashEscaped);
      assertThat(f.body()).doesNotContain(KEY).doesNotContain(dashEscaped);
      ApiException g = (ApiException) catchThrowable(() -> t.json(ApiRequest.post(server.url("/w"), Map.of())));
      assertThat(g.serverMessage()).doesNotContain(KEY).contains("[redacted]");
    }
  }

  @Test
  void streamTextAndWholeStreamBodiesAreScrubbedInEveryForm() {
    server.enqueue(new MockResponse().setBody("data: x\n\n"));
    try (Transport t = Transport.builder("test", config()).build();
        Transport.StreamCall call = t.stream(ApiRequest.post(server.url("/s"), Map.of()))) {
      assertThat(call.scrub("error: " + KEY.replace("-", "\\u002D"))).isEqualTo("error: [redacted]");
      byte[] body = ("{\"text\":\"" + escaped(KEY) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(new String(call.scrub(body), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("{\"text\":\"[redacted]\"}");
    }
  }

  @Test
  void connectionFailureMessagesHaveNoKey() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ChatConfig c = config().toBuilder().baseUrl("http://127.0.0.1:" + port).build();
    try (Transport t = Transport.builder("test", c).sleeper(d -> { }).build()) {
      Throwable e = catchThrowable(() -> t.json(ApiRequest.post(t.url("send").addQueryParameter("k", KEY).build(),
          Map.of("key", KEY))));
      assertThat(everything(e)).doesNotContain(KEY);
    }
    assertThat(String.join("\n", logLines)).doesNotContain(KEY);
  }

  @Test
  void toStringsNeverShowTheKey() {
    ChatConfig c = config();
    assertThat(c.toString()).doesNotContain(KEY).contains("****");
    try (Transport t = Transport.builder("test", c).build()) {
      assertThat(t.toString()).doesNotContain(KEY);
    }
    ChatClient client = ChatClient.of(new dev.chatbridge.TestBackend("test", c));
    assertThat(client.toString()).doesNotContain(KEY);
    client.close();
  }

  // --- plain http

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com", "http://10.0.0.5:8080/api", "http://localhost.example.com"})
  void plainHttpOffLoopbackIsRefused(String url) {
    ChatConfig c = ChatConfig.builder().vendor("test").baseUrl(url).apiKey(KEY).build();
    assertThatThrownBy(() -> Transport.builder("test", c).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("allow-insecure-http")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void plainHttpIsAllowedWhenTheUserSaysSo() {
    ChatConfig c = ChatConfig.builder().vendor("test").baseUrl("http://example.com").allowInsecureHttp(true).build();
    Transport.builder("test", c).build().close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:3000/api", "http://[::1]:8080",
      "http://127.0.0.2", "http://app.localhost", "https://example.com"})
  void loopbackAndHttpsAreAllowed(String url) {
    ChatConfig c = ChatConfig.builder().vendor("test").baseUrl(url).apiKey(KEY).build();
    Transport.builder("test", c).build().close();
  }

  @Test
  void baseUrlThatIsNotHttpIsAConfigurationError() {
    ChatConfig c = ChatConfig.builder().vendor("test").baseUrl("ftp://example.com").build();
    assertThatThrownBy(() -> Transport.builder("test", c).build()).isInstanceOf(ConfigurationException.class);
  }
}
