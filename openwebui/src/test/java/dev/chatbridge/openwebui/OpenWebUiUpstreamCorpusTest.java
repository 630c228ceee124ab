package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.ApiException;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Citation;
import dev.chatbridge.StreamException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stream and body of the upstream corpus ({@code src/test/resources/upstream-corpus/}, shaped by Open WebUI's
 * own code; its README names the repository, path and commit of each) through the parser that reads it in
 * production: the unbound completion reader for the streams and completion bodies. Each file's expected text,
 * reasoning, citations, tool calls, event sequence, finish reason and error are listed here and in the README; a
 * file without an expectation fails {@link #everyFileHasAnExpectation()}.
 *
 * <p>Event notation: {@code S} MessageStarted, {@code T"…"} TextDelta, {@code R"…"} ReasoningDelta, {@code Tool(n)}
 * ToolActivity with n calls, {@code Cit(n)} CitationAdded number n, {@code U(name)} Unknown, {@code C} Completed.
 */
class OpenWebUiUpstreamCorpusTest {
  static final String DIR = "/upstream-corpus/";

  /** What reading one stream or completion body must give. {@code error} non-null: it must fail with it. */
  record Expect(String events, String text, String reasoning, String finish, List<String> citations,
      List<String> toolCalls, Map<String, Object> usage, String error) {
    static Expect reply(String events, String text, String reasoning, String finish) {
      return new Expect(events, text, reasoning, finish, List.of(), List.of(), null, null);
    }

    static Expect failure(String events, String error) {
      return new Expect(events, null, null, null, List.of(), List.of(), null, error);
    }

    Expect citations(String... c) {
      return new Expect(events, text, reasoning, finish, List.of(c), toolCalls, usage, error);
    }

    Expect tools(String... calls) {
      return new Expect(events, text, reasoning, finish, citations, List.of(calls), usage, error);
    }

    Expect usage(Map<String, Object> u) {
      return new Expect(events, text, reasoning, finish, citations, toolCalls, u, error);
    }
  }

  static final Map<String, Expect> STREAMS = Map.ofEntries(
      Map.entry("ollama-converter-text.sse",
          Expect.reply("S T\"Hel\" T\"lo\" T\", world!\" C", "Hello, world!", "", "stop")
              .usage(Map.of("input_tokens", 26, "output_tokens", 12, "total_tokens", 38, "response_token/s", 50.0,
                  "prompt_token/s", 500.0, "approximate_total", "0h0m0s"))),
      Map.entry("ollama-converter-thinking.sse",
          Expect.reply("S R\"The user greets me. \" R\"Reply briefly.\" T\"Hi\" T\" there.\" C", "Hi there.",
              "The user greets me. Reply briefly.", "stop")),
      Map.entry("ollama-converter-tool-call.sse",
          Expect.reply("S Tool(1) C", "", "", "tool_calls")
              .tools("call_9e1f6a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b get_weather {\"city\": \"Paris\", \"unit\": \"celsius\"}")),
      Map.entry("ollama-converter-empty-first-chunk.sse",
          Expect.reply("S T\"2 + 2 = 4\" C", "2 + 2 = 4", "", "stop")),
      Map.entry("ollama-converter-unicode-stdlib.sse",
          Expect.reply("S T\"Grüße \" T\"😀\" T\" – ok\" C", "Grüße 😀 – ok", "", "stop")),
      Map.entry("ollama-converter-unicode-orjson.sse",
          Expect.reply("S T\"Grüße \" T\"line\u2028break\" T\" 😀\" C", "Grüße line\u2028break 😀", "", "stop")),
      Map.entry("ollama-converter-think-tags.sse",
          Expect.reply("S R\"Let me count\" R\": 2+2.\" T\"The answer is 4.\" C", "The answer is 4.",
              "Let me count: 2+2.", "stop")),
      Map.entry("middleware-sources-first.sse",
          Expect.reply("Cit(1) Cit(2) Cit(3) S T\"Send requests\" T\" through the HR portal\" T\" [1].\" C",
              "Send requests through the HR portal [1].", "", "stop")
              .citations("1 9b2f0c4e-1d3a-4c5b-8e7f-6a1b2c3d4e5f handbook.pdf null",
                  "2 https://example.org/a Title A https://example.org/a",
                  "3 https://example.org/b Title B https://example.org/b")),
      Map.entry("middleware-arena-selected-model.sse",
          Expect.reply("U(selected_model_id) S T\"Hello\" T\"!\" C", "Hello!", "", "stop")),
      Map.entry("middleware-reasoning-content.sse",
          Expect.reply("S R\"Two plus two\" R\" is four.\" T\"4\" C", "4", "Two plus two is four.", "stop")
              .usage(Map.of("prompt_tokens", 12, "completion_tokens", 9, "total_tokens", 21))),
      Map.entry("middleware-reasoning-field.sse",
          Expect.reply("S R\"Counting\" R\" apples.\" T\"Three apples.\" C", "Three apples.", "Counting apples.",
              "stop")),
      Map.entry("middleware-thinking-field.sse",
          Expect.reply("S R\"Short question; \" R\"answer directly.\" T\"Yes.\" C", "Yes.",
              "Short question; answer directly.", "stop")),
      Map.entry("middleware-tool-call-partial.sse",
          Expect.reply("S Tool(2) C", "", "", "tool_calls")
              .tools("call_AbC123 get_weather {\"city\": \"Paris\"}", "call_DeF456 get_time {\"tz\": \"Europe/Paris\"}")
              .usage(Map.of("prompt_tokens", 85, "completion_tokens", 40, "total_tokens", 125))),
      Map.entry("middleware-provider-error-midstream.sse",
          Expect.failure("S T\"Partial\" T\" answer\"", "openwebui reported an error in the stream: The server had "
              + "an error while processing your request. Sorry about that!")),
      Map.entry("middleware-stream-response-override.json",
          Expect.reply("S Cit(1) T\"Send requests through the HR portal [1].\" C",
              "Send requests through the HR portal [1].", "", "stop")
              .citations("1 9b2f0c4e-1d3a-4c5b-8e7f-6a1b2c3d4e5f handbook.pdf null")
              .usage(Map.of("prompt_tokens", 412, "completion_tokens", 11, "total_tokens", 423))),
      Map.entry("ollama-converter-completion.json",
          Expect.reply("S R\"A greeting; answer in kind.\" T\"Hello!\" C", "Hello!", "A greeting; answer in kind.",
              "stop").usage(Map.of("response_token/s", 12.5, "total_tokens", 14))),
      Map.entry("functions-pipe-string.sse",
          Expect.reply("S T\"Hello from a pipe.\" C", "Hello from a pipe.", "", "stop")),
      Map.entry("functions-pipe-generator-dict-lines.sse",
          Expect.reply("S T\"Hi\" T\"!\" C", "Hi!", "", "stop")),
      // no finish chunk and no [DONE]: indistinguishable from a stream cut mid-way, so reported truncated
      Map.entry("functions-pipe-async-generator.sse",
          Expect.failure("S T\"Hello\" T\" from\" T\" an async pipe.\"",
              "openwebui stream ended before 'data: [DONE]' and without a finish_reason (truncated after 25 "
                  + "characters")),
      Map.entry("functions-pipe-error.sse",
          Expect.failure("", "openwebui reported an error in the stream: Pipe failed: upstream timeout")),
      Map.entry("functions-pipe-error.json",
          Expect.failure("", "openwebui returned HTTP 200: Pipe failed: upstream timeout")));

  private MockWebServer server;
  private OpenWebUiClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = OpenWebUiClient.builder().baseUrl(server.url("/").toString())
        .apiKey("sk-0123456789abcdef0123456789abcdef").maxRetries(0).build();
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.shutdown();
  }

  static byte[] read(String name) {
    try (InputStream in = OpenWebUiUpstreamCorpusTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) throw new IllegalStateException("no corpus file " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> streams() {
    return STREAMS.keySet().stream().sorted().map(Arguments::of);
  }

  /** Every file of the corpus, from the directory itself. */
  static List<String> corpusFiles() throws IOException, URISyntaxException {
    Path dir = Path.of(OpenWebUiUpstreamCorpusTest.class.getResource(DIR).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")).sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void everyFileHasAnExpectation() throws Exception {
    TreeSet<String> covered = new TreeSet<>(STREAMS.keySet());
    covered.addAll(CHAT_BOUND_ANSWERS);
    covered.addAll(SERVER_PATH_ONLY);
    assertThat(covered).containsExactlyElementsOf(corpusFiles());
  }

  @Test
  void theReadmeListsEveryFileWithItsSource() throws Exception {
    String readme = new String(read("README.md"), StandardCharsets.UTF_8);
    for (String file : corpusFiles()) {
      assertThat(readme).as("README row for %s", file).contains("`" + file + "`");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void streamsGiveTheReplyOpenWebUiShows(String file) {
    Expect expect = STREAMS.get(file);
    byte[] body = read(file);
    String type = file.endsWith(".json") ? "application/json" : "text/event-stream; charset=utf-8";
    server.enqueue(new MockResponse().setHeader("Content-Type", type).setBody(new Buffer().write(body)));
    List<ChatEvent> events = new ArrayList<>();
    ChatReply reply = null;
    ChatException failure = null;
    try (ChatStream stream = client.streamChatCompletion(
        CompletionRequest.builder().model("llama3.2:latest").message("user", "hi").build())) {
      try {
        for (ChatEvent e : stream) events.add(e);
        reply = stream.reply();
      } catch (ChatException e) {
        failure = e;
      }
    }
    assertThat(notation(events)).as("events").isEqualTo(expect.events);
    if (expect.error != null) {
      assertThat(failure).as("failure").isNotNull();
      assertThat(failure.getMessage()).startsWith(expect.error);
      if (file.endsWith(".json")) assertThat(failure).isInstanceOf(ApiException.class);
      else assertThat(failure).isInstanceOf(StreamException.class);
      return;
    }
    assertThat(failure).as("failure").isNull();
    assertThat(reply.text()).isEqualTo(expect.text);
    assertThat(reply.message().vendorData().getOrDefault("reasoning", "")).isEqualTo(expect.reasoning);
    assertThat(reply.finishReason().orElse(null)).isEqualTo(expect.finish);
    assertThat(reply.message().citations().stream().map(OpenWebUiUpstreamCorpusTest::citation))
        .containsExactlyElementsOf(expect.citations);
    assertThat(toolCalls(reply.message().vendorData().get("tool_calls"))).containsExactlyElementsOf(expect.toolCalls);
    StringBuilder deltas = new StringBuilder();
    for (ChatEvent e : events) if (e instanceof ChatEvent.TextDelta d) deltas.append(d.text());
    assertThat(deltas.toString()).as("deltas concatenate to the reply").isEqualTo(reply.text());
    if (expect.usage != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> usage = (Map<String, Object>) reply.message().vendorData().get("usage");
      expect.usage.forEach((k, v) -> {
        if (v instanceof Number n) {
          assertThat(((Number) usage.get(k)).doubleValue()).as("usage %s", k).isEqualTo(n.doubleValue());
        } else {
          assertThat(usage.get(k)).as("usage %s", k).isEqualTo(v);
        }
      });
    }
  }

  /** Answers to a chat-bound completion call: the unbound reader must refuse them, never read them as a reply. */
  static final List<String> CHAT_BOUND_ANSWERS = List.of("chat-completions-null.json",
      "chat-completions-paused.json", "chat-completions-task-id-v06.json", "chat-completions-task-ids.json");

  /**
   * Answers only a server-managed implementation reads (tasks, version, the stored chat while and after a
   * background reply runs); no parser of this module reads them yet. They are checked to be well-formed JSON.
   */
  static final List<String> SERVER_PATH_ONLY = List.of("chats-get-done.json", "chats-get-error.json",
      "chats-get-running.json", "tasks-chat-list-empty.json", "tasks-chat-list.json",
      "tasks-chat-stop-finalized.json", "tasks-chat-stop-local.json", "tasks-chat-stop-none.json",
      "tasks-chat-stop-not-found.json", "tasks-chat-stop-redis.json", "version-current.json", "version-v06.json");

  @Test
  void chatBoundAnswersAreRefusedAsNotAReply() throws Exception {
    for (String file : CHAT_BOUND_ANSWERS) {
      com.fasterxml.jackson.databind.JsonNode node =
          dev.chatbridge.internal.json.Json.parse(new String(read(file), StandardCharsets.UTF_8));
      assertThatThrownBy(() -> ChatCompletion.parse(node)).as(file)
          .isInstanceOf(dev.chatbridge.ResponseFormatException.class);
    }
  }

  @Test
  void serverPathAnswersAreWellFormedJson() throws Exception {
    for (String file : SERVER_PATH_ONLY) {
      assertThat(dev.chatbridge.internal.json.Json.parse(new String(read(file), StandardCharsets.UTF_8))).as(file)
          .isNotNull();
    }
  }

  @Test
  void theOneErrorFrameStreamStopsBeforeAnyEventAndThePipeErrorBodyIsAnApiErrorWithStatus200() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody(new Buffer().write(read("functions-pipe-error.json"))));
    assertThatThrownBy(() -> client.chatCompletion(
        CompletionRequest.builder().model("my_pipe").message("user", "hi").build()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(200);
          assertThat(e.serverMessage()).isEqualTo("Pipe failed: upstream timeout");
        });
  }

  static String citation(Citation c) {
    return c.number().orElse(0) + " " + c.documentId() + " " + c.title().orElse(null) + " " + c.url().orElse(null);
  }

  /** Each assembled call as {@code "id name arguments"}. */
  @SuppressWarnings("unchecked")
  static List<String> toolCalls(Object calls) {
    List<String> out = new ArrayList<>();
    if (calls == null) return out;
    for (Object c : (List<Object>) calls) {
      Map<String, Object> call = (Map<String, Object>) c;
      Map<String, Object> function = (Map<String, Object>) call.get("function");
      out.add(call.get("id") + " " + function.get("name") + " " + function.get("arguments"));
    }
    return out;
  }

  static String notation(List<ChatEvent> events) {
    List<String> out = new ArrayList<>();
    for (ChatEvent e : events) {
      if (e instanceof ChatEvent.MessageStarted) out.add("S");
      else if (e instanceof ChatEvent.TextDelta d) out.add("T\"" + d.text() + "\"");
      else if (e instanceof ChatEvent.ReasoningDelta r) out.add("R\"" + r.text() + "\"");
      else if (e instanceof ChatEvent.ToolActivity t) out.add("Tool(" + ((List<?>) t.data().get("tool_calls")).size() + ")");
      else if (e instanceof ChatEvent.CitationAdded c) out.add("Cit(" + c.citation().number().orElse(0) + ")");
      else if (e instanceof ChatEvent.Unknown u) out.add("U(" + u.type() + ")");
      else if (e instanceof ChatEvent.Completed) out.add("C");
    }
    return String.join(" ", out);
  }
}
