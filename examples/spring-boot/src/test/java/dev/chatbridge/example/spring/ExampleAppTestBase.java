package dev.chatbridge.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.micrometer.ObservationChatListener;
import dev.chatbridge.testkit.Emulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;

/**
 * The example service on a random port against a testkit emulator started in-process: each subclass changes
 * nothing but {@code chatbridge.vendor}. Drives the HTTP API as the browser page does.
 */
abstract class ExampleAppTestBase {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Value("${local.server.port}")
  int port;
  @Autowired
  ChatClient client;
  @Autowired
  ApplicationContext context;

  abstract String vendor();

  private HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30));
    b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  @Test
  void createSendStreamAndHistoryOverHttp() throws Exception {
    assertThat(client.vendor()).isEqualTo(vendor());
    HttpResponse<String> created = call("POST", "/api/sessions", null);
    assertThat(created.statusCode()).isEqualTo(200);
    String id = field(created.body(), "id");

    HttpResponse<String> sent = call("POST", "/api/sessions/" + id + "/messages", "{\"text\":\"first words\"}");
    assertThat(sent.statusCode()).isEqualTo(200);
    assertThat(field(sent.body(), "text")).contains("first words");

    HttpResponse<String> streamed = call("GET", "/api/sessions/" + id + "/stream?text=second%20words", null);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/event-stream"));
    StringBuilder reply = new StringBuilder();
    for (String line : streamed.body().split("\n")) {
      if (line.startsWith("data:{")) reply.append(field(line, "text"));
    }
    assertThat(streamed.body()).contains("event:delta").contains("event:done");
    // the deltas joined are the whole reply, spaces included
    assertThat(reply.toString()).isEqualTo(Emulator.replyTo("second words"));

    HttpResponse<String> history = call("GET", "/api/sessions/" + id + "/history", null);
    if (vendor().equals("osvi")) {
      assertThat(history.statusCode()).isEqualTo(501);
    } else {
      assertThat(history.statusCode()).isEqualTo(200);
      assertThat(history.body()).contains("first words").contains("second words");
    }
  }

  @Test
  void healthShowsTheClientAndTheMicrometerListenerIsWired() throws Exception {
    HttpResponse<String> health = call("GET", "/actuator/health", null);
    assertThat(health.body()).contains("chatBridge").contains(vendor());
    assertThat(context.getBeansOfType(ObservationChatListener.class)).hasSize(1);
  }
}
