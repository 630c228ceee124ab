package dev.chatbridge.testkit.tiny;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatbridge.testkit.ResponseFuzzer;

/**
 * Any response bytes through the reference vendor's whole path end in a result or a typed exception. Seeds in
 * {@code src/test/resources/dev/chatbridge/testkit/tiny/TinyResponseFuzzTestInputs/responses/}.
 */
class TinyResponseFuzzTest {
  static final ResponseFuzzer FUZZER = ResponseFuzzer.builder(new TinyEmulator()).sessionId("s-1").build();

  @FuzzTest(maxDuration = "30s")
  void responses(byte[] input) {
    FUZZER.exercise(input);
  }
}
