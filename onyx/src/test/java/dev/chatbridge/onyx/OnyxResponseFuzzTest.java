package dev.chatbridge.onyx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatbridge.testkit.OnyxEmulator;
import dev.chatbridge.testkit.ResponseFuzzer;

/**
 * Any status, Content-Type and body through the Onyx client's whole response path (transport, wire models,
 * mapping, stream parsing) ends in a result or a typed ChatBridge exception. Seeds (recorded from the emulator)
 * in {@code src/test/resources/dev/chatbridge/onyx/OnyxResponseFuzzTestInputs/responses/}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn test -pl onyx -am -Dtest=OnyxResponseFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OnyxResponseFuzzTest {
  static final ResponseFuzzer FUZZER = ResponseFuzzer.builder(new OnyxEmulator())
      .sessionId("7f0c2b9e-4c1d-4e8a-9b3f-2d6e8a1c5b70")
      .build();

  @FuzzTest(maxDuration = "60s")
  void responses(byte[] input) {
    FUZZER.exercise(input);
  }
}
