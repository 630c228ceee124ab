package dev.chatbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.PageRequest;
import dev.chatbridge.ServerException;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.WireRecording;
import dev.chatbridge.testkit.tiny.TinyEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording made against an emulator is served back by {@link ReplayServer}: the same operations give the same
 * results without the emulator; a request that differs is answered 501 naming the difference.
 */
class ReplayServerTest {
  @TempDir
  Path dir;
  private List<String> live;

  /** What the operations below returned: compared between the live run and the replay. */
  private static List<String> operations(ChatClient client) {
    List<String> seen = new ArrayList<>();
    ChatSession session = client.createSession(SessionOptions.builder().title("replayed").build());
    seen.add("created " + session.id());
    StringBuilder deltas = new StringBuilder();
    try (ChatStream stream = session.stream("Hello there")) {
      for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta d) deltas.append(d.text()).append('|');
      seen.add("streamed " + deltas + " reply " + stream.reply().message().id() + " " + stream.reply().text());
    }
    seen.add("sent " + session.send("Second").text());
    for (Message m : session.history()) seen.add("history " + m.id() + " " + m.role() + " " + m.text());
    for (SessionSummary s : client.listSessions(PageRequest.of(5, null)).items()) {
      seen.add("listed " + s.id() + " " + s.title().orElse("-"));
    }
    client.deleteSession(session.id());
    seen.add("deleted");
    return seen;
  }

  private ChatConfig.Builder config(String baseUrl, String key) {
    return ChatConfig.builder().vendor("tiny").baseUrl(baseUrl).apiKey(key).maxRetries(0);
  }

  private Path record() {
    Path file = dir.resolve("tiny.jsonl");
    try (TinyEmulator emulator = new TinyEmulator(); WireRecording wire = WireRecording.open(file)) {
      emulator.start();
      try (ChatClient client = ChatClients.create(config(emulator.baseUrl(), emulator.apiKey()).recording(wire)
          .build())) {
        live = operations(client);
      }
    }
    return file;
  }

  @Test
  void theSameOperationsGiveTheSameResults() throws IOException {
    Path file = record();
    assertThat(Files.readString(file)).doesNotContain(new TinyEmulator().apiKey());
    try (ReplayServer replay = ReplayServer.of(file).start();
         ChatClient client = ChatClients.create(config(replay.baseUrl(), "any-key").build())) {
      assertThat(replay.baseUrl()).endsWith("/tiny");
      assertThat(operations(client)).isEqualTo(live);
      assertThat(replay.mismatches()).isEmpty();
      assertThat(replay.served()).isEqualTo(replay.exchanges()).isEqualTo(6);
      replay.assertAllServed();
    }
  }

  @Test
  void aRequestWhoseBodyShapeDiffersIsAnsweredWithTheDifference() throws IOException {
    Path file = record();
    // the recorded create carried {"title": "replayed"}; make the recording say the title was a number
    String recorded = Files.readString(file);
    String tampered = recorded.replace("\"body\":\"{\\\"title\\\":\\\"replayed\\\"}\"",
        "\"body\":\"{\\\"title\\\":5}\"");
    assertThat(tampered).isNotEqualTo(recorded);
    Files.writeString(file, tampered);
    try (ReplayServer replay = ReplayServer.of(file).start();
         ChatClient client = ChatClients.create(config(replay.baseUrl(), "any-key").build())) {
      assertThatThrownBy(() -> client.createSession(SessionOptions.builder().title("replayed").build()))
          .isInstanceOf(ServerException.class)
          .hasMessageContaining("HTTP 501")
          .hasMessageContaining("replay: POST /tiny/sessions request body differs from the recording at $.title: "
              + "recorded number, got string");
      assertThat(replay.mismatches()).hasSize(1);
      assertThatThrownBy(replay::assertAllServed).isInstanceOf(AssertionError.class)
          .hasMessageContaining("$.title: recorded number, got string")
          .hasMessageContaining("recorded call 1: POST /tiny/sessions → 200 was not requested");
    }
  }

  @Test
  void aRequestTheRecordingLacksIsNamed() {
    Path file = record();
    try (ReplayServer replay = ReplayServer.of(file).start();
         ChatClient client = ChatClients.create(config(replay.baseUrl(), "any-key").build())) {
      assertThatThrownBy(() -> client.session("s-9").history()).isInstanceOf(ServerException.class)
          .hasMessageContaining("replay: no recorded exchange for GET /tiny/sessions/s-9/messages");
      ChatSession session = client.createSession(SessionOptions.builder().title("replayed").build());
      assertThat(session.id()).isEqualTo("s-1");
      assertThatThrownBy(() -> client.createSession(SessionOptions.builder().title("again").build()))
          .hasMessageContaining("replay: POST /tiny/sessions was recorded 1 time(s), all already served");
      assertThat(replay.mismatches()).hasSize(2);
    }
  }

  @Test
  void keysAreComparedButNotValues() throws IOException {
    Path file = dir.resolve("hand.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"type\":\"recording\",\"format\":\"chatbridge-wire\",\"version\":1}",
        "{\"type\":\"request\",\"call\":1,\"t\":0,\"method\":\"POST\",\"baseUrl\":\"http://h/\",\"path\":\"/x\","
            + "\"query\":\"b=1&a=2\",\"headers\":{},\"body\":\"{\\\"a\\\":1,\\\"b\\\":[\\\"s\\\",null]}\","
            + "\"futureField\":true}",
        "{\"type\":\"response\",\"call\":1,\"t\":3,\"status\":201,\"headers\":{\"X-Id\":[\"7\"],"
            + "\"Content-Length\":[\"999\"]}}",
        "{\"type\":\"chunk\",\"call\":1,\"t\":4,\"data\":\"ok\"}",
        "{\"type\":\"something-new\",\"call\":1}",
        "{\"type\":\"end\",\"call\":1,\"t\":4,\"bytes\":2,\"complete\":true}", ""));
    OkHttpClient http = new OkHttpClient();
    try (ReplayServer replay = ReplayServer.of(file).start()) {
      assertThat(replay.baseUrl()).isEqualTo("http://127.0.0.1:" + replay.port());
      try (Response wrongKeys = http.newCall(post(replay.baseUrl() + "/x?a=9&b=8", "{\"a\":1,\"c\":[\"t\",null]}"))
          .execute()) {
        assertThat(wrongKeys.code()).isEqualTo(501);
        assertThat(wrongKeys.body().string())
            .contains("request body differs from the recording at $: keys differ, missing [b], not recorded [c]");
      }
      try (Response wrongQuery = http.newCall(post(replay.baseUrl() + "/x?a=9", "{\"b\":[\"t\",null],\"a\":2}"))
          .execute()) {
        assertThat(wrongQuery.body().string()).contains("query parameters differ: recorded [a, b], got [a]");
      }
      try (Response ok = http.newCall(post(replay.baseUrl() + "/x?a=9&b=8", "{\"b\":[\"t\",null],\"a\":2}"))
          .execute()) {
        assertThat(ok.code()).isEqualTo(201);
        assertThat(ok.header("X-Id")).isEqualTo("7");
        assertThat(ok.body().string()).isEqualTo("ok");
      }
      assertThat(replay.mismatches()).hasSize(2);
    } finally {
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void objectsKeyedByUuidsCompareTheNumberAndShapeOfTheirValues() {
    String one = "{\"messages\":{\"4c31d713-cede-4bd3-a90b-c337b75a6149\":{\"content\":\"a\"}}}";
    String other = "{\"messages\":{\"5825b2d9-3a79-4d5a-84c0-ca50c673de74\":{\"content\":\"b\"}}}";
    String otherShape = "{\"messages\":{\"5825b2d9-3a79-4d5a-84c0-ca50c673de74\":{\"content\":1}}}";
    String named = "{\"messages\":{\"first\":{\"content\":\"a\"}}}";
    ReplayServer.Shape shape = ReplayServer.Shape.ofBody(one.getBytes(StandardCharsets.UTF_8));
    assertThat(ReplayServer.Shape.ofBody(other.getBytes(StandardCharsets.UTF_8))).isEqualTo(shape);
    ReplayServer.Shape differs = ReplayServer.Shape.ofBody(otherShape.getBytes(StandardCharsets.UTF_8));
    assertThat(differs).isNotEqualTo(shape);
    assertThat(shape.difference(differs, "$")).isEqualTo("$.messages[0].content: recorded string, got number");
    // keys that are not ids are compared as keys
    assertThat(ReplayServer.Shape.ofBody(named.getBytes(StandardCharsets.UTF_8))).isNotEqualTo(shape);
  }

  /** At the recorded pace the second chunk comes a second after the first: the client holds the first alone. */
  @Test
  void aStreamIsServedChunkByChunk() throws IOException {
    Path file = dir.resolve("stream.jsonl");
    Files.writeString(file, String.join("\n",
        request(1, "GET", "/s"),
        "{\"type\":\"response\",\"call\":1,\"t\":1,\"status\":200,"
            + "\"headers\":{\"Content-Type\":[\"text/event-stream\"]}}",
        "{\"type\":\"chunk\",\"call\":1,\"t\":2,\"data\":\"data: one\\n\\n\"}",
        "{\"type\":\"chunk\",\"call\":1,\"t\":1502,\"data\":\"data: two\\n\\n\"}",
        "{\"type\":\"end\",\"call\":1,\"t\":1502,\"bytes\":22,\"complete\":true}", ""));
    OkHttpClient http = new OkHttpClient();
    try (ReplayServer replay = ReplayServer.builder(file).pace(ReplayServer.Pace.RECORDED).build().start()) {
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        try (Response r = http.newCall(new Request.Builder().url(replay.baseUrl() + "/s").build()).execute()) {
          assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
          BufferedSource source = r.body().source();
          assertThat(source.readUtf8Line()).isEqualTo("data: one");
          assertThat(source.getBuffer().readUtf8()).isEqualTo("\n"); // "two" is still 1.5 s away
          assertThat(source.readUtf8()).isEqualTo("data: two\n\n");
        }
      });
    } finally {
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void failuresAreReplayedAsFailures() throws IOException {
    Path file = dir.resolve("broken.jsonl");
    Files.writeString(file, String.join("\n",
        request(1, "GET", "/broken"),
        "{\"type\":\"response\",\"call\":1,\"t\":1,\"status\":200,\"headers\":{}}",
        "{\"type\":\"chunk\",\"call\":1,\"t\":2,\"data\":\"{\\\"partial\\\":\"}",
        "{\"type\":\"error\",\"call\":1,\"t\":3,\"phase\":\"body\",\"bytes\":11,\"error\":\"IOException: reset\"}",
        request(2, "GET", "/refused"),
        "{\"type\":\"error\",\"call\":2,\"t\":1,\"phase\":\"request\",\"bytes\":0,\"error\":\"ConnectException\"}",
        ""));
    OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    try (ReplayServer replay = ReplayServer.of(file).start()) {
      try (Response r = http.newCall(new Request.Builder().url(replay.baseUrl() + "/broken").build()).execute()) {
        BufferedSource source = r.body().source();
        assertThat(source.readUtf8(11)).isEqualTo("{\"partial\":");
        assertThatThrownBy(source::readUtf8).isInstanceOf(IOException.class);
      }
      assertThatThrownBy(() -> http.newCall(new Request.Builder().url(replay.baseUrl() + "/refused").build())
          .execute().close()).isInstanceOf(IOException.class);
      replay.assertAllServed();
    } finally {
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void aFileThatIsNotARecordingIsRefused() throws IOException {
    Path file = dir.resolve("nope.jsonl");
    Files.writeString(file, "<html>not json</html>\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ReplayServer.of(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1 is not JSON");
  }

  private static String request(int call, String method, String path) {
    return "{\"type\":\"request\",\"call\":" + call + ",\"t\":0,\"method\":\"" + method + "\",\"baseUrl\":null,"
        + "\"path\":\"" + path + "\",\"query\":null,\"headers\":{},\"body\":null}";
  }

  private static Request post(String url, String json) {
    return new Request.Builder().url(url).post(okhttp3.RequestBody.create(json,
        okhttp3.MediaType.get("application/json"))).build();
  }
}
