package dev.chatbridge.testkit.faults;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatbridge.ChatClient;
import dev.chatbridge.testkit.ResponseFuzzer;

/**
 * Any response bytes through the tiny vendor's whole path end in a result or a typed exception. Seeds in
 * {@code src/test/resources/dev/chatbridge/testkit/faults/TinyResponseFuzzTestInputs/responses/}.
 */
class TinyResponseFuzzTest {
  static final ResponseFuzzer FUZZER = ResponseFuzzer.builder("tiny")
      .baseUrl("http://127.0.0.1:9/tiny")
      .sessionId("s-1")
      .clientFactory(config -> ChatClient.of(new TinyProvider().create(config)))
      .build();

  @FuzzTest(maxDuration = "30s")
  void responses(byte[] input) {
    FUZZER.exercise(input);
  }
}
