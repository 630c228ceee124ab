package dev.chatbridge.osvi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatbridge.testkit.ResponseFuzzer;

/**
 * Any status, Content-Type and body through the Osvi client's whole response path (transport, wire models,
 * mapping, stream parsing) ends in a result or a typed ChatBridge exception. Seeds (recorded from the emulator)
 * in {@code src/test/resources/dev/chatbridge/osvi/OsviResponseFuzzTestInputs/{responses,legacyResponses}/}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn test -pl osvi -am -Dtest=OsviResponseFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OsviResponseFuzzTest {
  static final ResponseFuzzer FUZZER = ResponseFuzzer.builder("osvi")
      .sessionId("7f0c2b9e-4c1d-4e8a-9b3f-2d6e8a1c5b70")
      .option("agent-uuid", "3b1f6c2e-8d4a-4f7b-9e2c-5a6d7e8f9a0b")
      .option("customer-id", "+15551230001")
      .option("api", "v1")
      .build();

  static final ResponseFuzzer LEGACY = ResponseFuzzer.builder("osvi")
      .sessionId("7f0c2b9e-4c1d-4e8a-9b3f-2d6e8a1c5b70")
      .option("agent-uuid", "3b1f6c2e-8d4a-4f7b-9e2c-5a6d7e8f9a0b")
      .option("customer-id", "+15551230001")
      .option("api", "legacy")
      .build();

  /** Chat v1. */
  @FuzzTest(maxDuration = "60s")
  void responses(byte[] input) {
    FUZZER.exercise(input);
  }

  /** The legacy chat-session API. */
  @FuzzTest(maxDuration = "60s")
  void legacyResponses(byte[] input) {
    LEGACY.exercise(input);
  }
}
