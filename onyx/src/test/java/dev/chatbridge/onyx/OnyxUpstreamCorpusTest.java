package dev.chatbridge.onyx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.StreamException;
import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stream of the upstream corpus (test resources {@code upstream-corpus/}, sources in its README) through the
 * neutral stream, whole and cut into small chunks: the events, the reply text and how the stream ends, in the
 * README's notation. Reply recovery is off here (a body without {@code stop} ends as {@code trunc});
 * {@link OnyxResumeTest} serves the resume files as the recovery reads them.
 */
class OnyxUpstreamCorpusTest {
  static final String SESSION = "8f14e45f-ceea-467f-a0e6-2c3b5d7a9e01";

  /**
   * File → the events it must give: {@code S(id)} MessageStarted, {@code T(..)} TextDelta, {@code R(..)}
   * ReasoningDelta, {@code A:type} ToolActivity, {@code C(n)} CitationAdded, {@code U:type} Unknown,
   * {@code Done(reason)} Completed; then the end: {@code X[code|retryable]} StreamException from an error line
   * ({@code -} = none), {@code trunc} a body that ended before the reply was whole, {@code broke} a broken body,
   * {@code RFE} ResponseFormatException.
   */
  static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    e("models-answer-plain", "S(42) T(Onyx) T( is an) T( open-source) T( AI platform.) Done(stop)");
    e("models-answer-empty-delta", "S(42) T(Yes.) Done(stop)");
    e("models-new-session-reasoning-heartbeat", "U:reasoning_start R(The user asks about café hours. ) "
        + "R(Answer briefly.) U:reasoning_done S(3) T(The café opens at 8 ☕) T( \uD83D\uDE80 and closes at "
        + "18\u00a0h.) Done(stop)");
    e("models-search-citations", "A:search_tool_start A:search_tool_queries_delta A:search_tool_filter_delta "
        + "A:search_tool_documents_delta U:section_end S(42) T(Onyx supports SAML single sign-on) C(1) "
        + "T( [[1]](https://wiki.example.com/sso)) T( and OIDC) C(2) T( [[2]](https://drive.example.com/oidc)) T(.) "
        + "Done(stop)");
    e("models-tools-image-python-bash", "A:image_generation_start A:image_generation_heartbeat "
        + "A:image_generation_final U:section_end A:python_tool_start A:python_tool_delta U:section_end "
        + "A:bash_tool_start A:bash_tool_delta U:section_end S(42) "
        + "T(Here is the image; the sum is 45 and /data holds report.csv.) Done(stop)");
    e("models-tools-custom-and-tool-error", "A:tool_call_argument_delta A:custom_tool_start A:custom_tool_args "
        + "A:custom_tool_delta U:section_end A:custom_tool_start A:custom_tool_delta A:error U:section_end S(42) "
        + "T(It is 21 °C in Paris; the CRM lookup failed.) Done(stop)");
    e("models-tools-parallel-openurl-file-memory", "U:top_level_branching A:open_url_start A:file_reader_start "
        + "A:open_url_urls A:file_reader_result A:open_url_documents U:section_end U:section_end "
        + "A:memory_tool_start A:memory_tool_delta U:section_end A:memory_tool_no_access A:tool_call_debug S(42) "
        + "T(Plans start at $10; the contract renews yearly.) Done(stop)");
    e("models-deep-research", "A:deep_research_plan_start A:deep_research_plan_delta A:deep_research_plan_delta "
        + "U:section_end U:top_level_branching A:research_agent_start A:research_agent_start A:search_tool_start "
        + "A:search_tool_queries_delta A:search_tool_documents_delta U:section_end A:intermediate_report_start "
        + "A:intermediate_report_delta A:intermediate_report_cited_docs U:section_end A:intermediate_report_start "
        + "A:intermediate_report_delta A:intermediate_report_cited_docs U:section_end S(42) "
        + "T(Sodium-ion cells are cheaper but less dense) C(1) T( [[1]](https://example.org/batteries).) Done(stop)");
    e("models-coding-agent", "A:coding_agent_start A:coding_agent_thinking_delta A:coding_agent_final "
        + "U:section_end S(42) T(The retry logic lives in client/retry.py.) Done(stop)");
    e("models-user-cancelled", "S(42) T(The first) T( half) Done(user_cancelled)");
    e("models-error-rate-limit-midstream", "S(42) T(Partial ) X[RATE_LIMIT|true]");
    e("models-error-context-too-long", "X[CONTEXT_TOO_LONG|false]");
    e("models-error-model-refusal", "X[MODEL_REFUSAL|false]");
    // permanent errors Onyx flags retryable: not retryable here (its flag stays in streamingError())
    e("models-error-invalid-session", "X[VALIDATION_ERROR|false]");
    e("models-error-session-deleted", "X[VALIDATION_ERROR|false]");
    e("models-error-not-on-mainline", "X[VALIDATION_ERROR|false]");
    e("models-error-persona-access", "X[VALIDATION_ERROR|false]");
    e("models-error-query-rejected", "X[QUERY_REJECTED|false]");
    e("models-error-init-failed", "X[INIT_FAILED|false]");
    e("models-error-stream-writer", "S(42) T(Half an ans) X[STREAM_WRITER_ERROR|true]");
    e("models-bare-error-no-newline", "X[-|-]");
    e("models-bare-error-after-text", "S(42) T(Some text) X[-|-]");
    e("models-multi-model", "S(42) U:reasoning_start T(Model zero ) U:reasoning_delta U:reasoning_done "
        + "U:message_start U:message_delta U:stop T(answer.) Done(stop)");
    // another model's error does not end model 0's reply
    e("models-multi-model-one-fails", "S(42) T(Still ) U:streaming_error T(here.) Done(stop)");
    e("models-unknown-types", "U:citation_sidebar_hint U: S(42) T(Still parsed.) Done(stop)");
    e("cli-parser-answer", "U:reasoning_start R(Let me think...) U:reasoning_done A:search_tool_start "
        + "A:search_tool_queries_delta A:search_tool_documents_delta U:section_end S(2) T(Hello) C(1) T(x) "
        + "Done(completed)");
    e("cli-parser-tools", "A:open_url_start A:python_tool_start A:custom_tool_start A:deep_research_plan_delta "
        + "A:research_agent_start A:intermediate_report_delta S(5) Done(stop)");
    e("cli-parser-error-full", "X[-|true]");
    e("cli-parser-error-minimal", "X[-|-]");
    e("cli-parser-unknown-top-level", "U: trunc");
    e("cli-parser-blank-lines", "T(Hello) Done(stop)");
    e("cli-parser-invalid-json", "RFE");
    // message_start.content is text; Completed is the last event (the mocks' trailing line is not surfaced)
    e("web-chatmock-plain", "S(102) T(Mocked answer text.) Done(finished)");
    e("web-chatmock-image-gen", "A:image_generation_start A:image_generation_final U:section_end S(102) "
        + "T(Here is your image.) Done(finished)");
    e("web-chatmock-search", "A:search_tool_start A:search_tool_queries_delta A:search_tool_documents_delta "
        + "U:section_end S(102) T(Q3 focuses on stability [[D1]](https://company.example.net/wiki/ENG/123) and "
        + "scaling [[D2]](https://drive.example.com/file/abc123).) C(1) C(2) Done(finished)");
    e("web-file-preview-mock", "S(2) T(Here is the file preview.) U:message_end Done(finished)");
    e("mobile-ndjson-buffer", "T(hi) T(a) T(b) T(after) T(tail) trunc");
    e("mobile-ndjson-glued-objects", "U: RFE");
    e("mobile-controller-tokens", "S(null) T(Hello) T( world) U:message_end trunc");
    e("mobile-controller-midstream-error", "S(null) T(Partial ) X[RATE_LIMIT|-]");
    e("mobile-controller-bare-error", "X[-|-]");
    e("resume-original-broken", "S(42) T(Durable ) T(runs ) trunc");
    // a body cut inside a line is a broken stream (rejoined when recovery is on), not a malformed event
    e("resume-original-broken-midline", "S(42) T(Durable ) T(runs ) broke");
    e("resume-replay-cursor0", "S(42) T(Durable ) T(runs ) T(keep ) T(generating.) Done(stop)");
    e("resume-user-cancelled", "S(42) T(Durable ) T(runs ) Done(user_cancelled)");
    e("resume-model-error", "S(42) T(Durable ) T(runs ) X[SERVICE_UNAVAILABLE|true]");
    e("resume-gap-evicted-chunk", "S(42) T(Durable ) trunc");
    e("resume-gap-truncated-buffer", "trunc");
    e("resume-new-session-replay", "S(3) T(Hello.) Done(stop)");
  }

  private static void e(String file, String expected) {
    EXPECTED.put(file + ".ndjson", expected);
  }

  MockWebServer server;
  ChatClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = ChatClients.create(ChatConfig.builder().vendor("onyx").baseUrl(server.url("/api").toString())
        .apiKey("on_test_key").maxRetries(0).option("resume-attempts", "0").build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  static Stream<String> streamFiles() {
    return EXPECTED.keySet().stream();
  }

  @Test
  void everyStreamFileOfTheCorpusHasAnExpectation() throws URISyntaxException {
    File dir = new File(OnyxUpstreamCorpusTest.class.getResource("/upstream-corpus/README.md").toURI())
        .getParentFile();
    List<String> files = new ArrayList<>(Arrays.asList(dir.list((d, n) -> n.endsWith(".ndjson"))));
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(files);
  }

  @ParameterizedTest
  @MethodSource("streamFiles")
  void theStreamGivesTheEventsTheReadmeLists(String file) {
    server.enqueue(ndjson(OnyxRecoveryFixture.corpus(file)));
    assertThat(run()).as(file).isEqualTo(EXPECTED.get(file));
  }

  @ParameterizedTest
  @MethodSource("streamFiles")
  void theSameInSmallChunks(String file) {
    server.enqueue(ndjson(OnyxRecoveryFixture.corpus(file)).throttleBody(7, 1, TimeUnit.MILLISECONDS));
    assertThat(run()).as(file).isEqualTo(EXPECTED.get(file));
  }

  @Test
  void citationsNameTheirDocumentsAndTheReplyKeepsTheLinkMarkup() {
    server.enqueue(ndjson(OnyxRecoveryFixture.corpus("models-search-citations.ndjson")));
    ChatReply reply = client.session(SESSION).send("hi");
    assertThat(reply.text()).isEqualTo("Onyx supports SAML single sign-on [[1]](https://wiki.example.com/sso) and "
        + "OIDC [[2]](https://drive.example.com/oidc).");
    assertThat(reply.citations()).extracting(c -> c.number().orElse(null) + " / " + c.documentId() + " / "
            + c.title().orElse(null) + " / " + c.url().orElse(null))
        .containsExactly("1 / CONFLUENCE__sso-setup / SSO setup guide / https://wiki.example.com/sso",
            "2 / GDRIVE__oidc-notes / OIDC rollout notes / https://drive.example.com/oidc");
  }

  @Test
  void sessionFilesShowTheReplyItsParentAndTheRunInFlight() {
    OnyxClient onyx = OnyxClient.builder().apiKey("on_test_key").baseUrl(server.url("/api").toString())
        .maxRetries(0).build();
    try {
      Map<String, String> texts = Map.of(
          "session-completed-durable.json", "Durable runs keep generating.",
          "session-current-run.json", OnyxEventSource.PLACEHOLDER,
          "session-stopped.json", "The first half ... \n\nGeneration was stopped by the user.");
      for (String file : List.of("session-completed.json", "session-completed-durable.json",
          "session-current-run.json", "session-stopped.json", "session-errored.json")) {
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
            .setBody(OnyxRecoveryFixture.corpus(file)));
        ChatSessionDetail d = onyx.getChatSession(SESSION);
        ChatMessageDetail reply = d.message(42);
        assertThat(reply.parentMessage()).as(file).isEqualTo(41);
        if (texts.containsKey(file)) assertThat(reply.message()).as(file).isEqualTo(texts.get(file));
        assertThat(d.currentRun()).as(file).isEqualTo(file.equals("session-current-run.json")
            ? Map.of("run_id", 42L) : null);
        assertThat(reply.error() != null).as(file).isEqualTo(file.equals("session-errored.json"));
      }
      server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
          .setBody(OnyxRecoveryFixture.corpus("session-completed.json")));
      assertThat(onyx.getChatSession(SESSION).message(42).citations()).containsOnlyKeys("1", "2");
      // several models: the run's id is the user message's, and both reserved rows hold the placeholder
      server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
          .setBody(OnyxRecoveryFixture.corpus("session-current-run-multi-model.json")));
      ChatSessionDetail multi = onyx.getChatSession(SESSION);
      assertThat(multi.currentRun()).isEqualTo(Map.of("run_id", 41L));
      assertThat(multi.message(42).message()).isEqualTo(OnyxEventSource.PLACEHOLDER);
      assertThat(multi.message(43).message()).isEqualTo(OnyxEventSource.PLACEHOLDER);
    } finally {
      onyx.close();
    }
  }

  static MockResponse ndjson(String body) {
    return new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(body);
  }

  private String run() {
    List<String> out = new ArrayList<>();
    try (ChatStream stream = client.session(SESSION).stream("hi")) {
      for (ChatEvent e : stream) out.add(render(e));
    } catch (ResponseFormatException e) {
      out.add("RFE");
    } catch (StreamException e) {
      if (e.getMessage().contains("reported an error in the stream")) {
        out.add("X[" + e.errorCode().orElse("-") + "|" + e.retryable().map(String::valueOf).orElse("-") + "]");
      } else if (e.getMessage().contains("truncated")) {
        out.add("trunc");
      } else if (e.getMessage().contains("broke")) {
        out.add("broke");
      } else {
        out.add("other: " + e.getMessage());
      }
    } catch (ChatException e) {
      out.add("other: " + e);
    }
    return String.join(" ", out);
  }

  static String render(ChatEvent e) {
    if (e instanceof ChatEvent.MessageStarted s) return "S(" + s.messageId() + ")";
    if (e instanceof ChatEvent.TextDelta t) return "T(" + t.text() + ")";
    if (e instanceof ChatEvent.ReasoningDelta r) return "R(" + r.text() + ")";
    if (e instanceof ChatEvent.ToolActivity a) return "A:" + a.type();
    if (e instanceof ChatEvent.CitationAdded c) return "C(" + c.citation().number().orElse(null) + ")";
    if (e instanceof ChatEvent.Unknown u) return "U:" + u.type();
    if (e instanceof ChatEvent.Completed c) return "Done(" + c.reply().finishReason().orElse("-") + ")";
    return e.toString();
  }
}
