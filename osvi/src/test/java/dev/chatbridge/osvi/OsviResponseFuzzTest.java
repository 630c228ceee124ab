package dev.chatbridge.osvi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatbridge.testkit.OsviEmulator;
import dev.chatbridge.testkit.ResponseFuzzer;

/**
 * Any status, Content-Type and body through the Osvi client's whole response path (transport, wire models,
 * mapping, stream parsing) ends in a result or a typed ChatBridge exception. Seeds (recorded from the emulator)
 * in {@code src/test/resources/dev/chatbridge/osvi/OsviResponseFuzzTestInputs/{responses,legacyResponses}/}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn test -pl osvi -am -Dtest=OsviResponseFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OsviResponseFuzzTest {
  static final ResponseFuzzer FUZZER = ResponseFuzzer.builder(new OsviEmulator(OsviEmulator.Api.V1))
      .sessionId("7f0c2b9e-4c1d-4e8a-9b3f-2d6e8a1c5b70")
      .build();

  static final ResponseFuzzer LEGACY = ResponseFuzzer.builder(new OsviEmulator(OsviEmulator.Api.LEGACY))
      .sessionId("7f0c2b9e-4c1d-4e8a-9b3f-2d6e8a1c5b70")
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
