package dev.chatbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatReply;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example programs, run against every vendor's emulator. */
class ExamplesTest {
  static List<String> vendors() {
    return TestVendors.all();
  }

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyProviderFoundHasAnEmulator() {
    for (String vendor : TestVendors.real()) {
      assertThat(Emulators.vendors()).as("emulator for provider " + vendor).contains(vendor);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void quickStart(String vendor) {
    try (Emulator emulator = TestVendors.emulator(vendor).start()) {
      List<ChatReply> replies = QuickStart.run(ExampleTarget.configFor(emulator).build(), out);
      assertThat(replies.get(0).text()).isEqualTo("Echo: Where is my order?");
      assertThat(replies.get(1).text()).isEqualTo("Echo: And the refund?");
      assertThat(printed()).contains("Echo: Where is my order?").contains("Echo: And the refund?");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void switchVendorsByPropertiesFile(String vendor, @TempDir Path dir) throws Exception {
    try (Emulator emulator = TestVendors.emulator(vendor).start()) {
      Path file = SwitchVendors.write(dir.resolve(vendor + ".properties"), ExampleTarget.configFor(emulator).build());
      Properties settings = SwitchVendors.load(file);
      assertThat(settings.getProperty("chatbridge.vendor")).isEqualTo(vendor);
      String answer = SwitchVendors.run(settings, "Open on Sunday?", out);
      assertThat(answer).isEqualTo("Echo: Open on Sunday?");
      assertThat(printed()).isEqualTo(vendor + ": Echo: Open on Sunday?" + System.lineSeparator());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void streamingStopsAfterEnoughText(String vendor) {
    String message = String.join(" ", java.util.Collections.nCopies(40, "word"));
    String full = Emulator.replyTo(message);
    try (Emulator emulator = TestVendors.emulator(vendor).start()) {
      StreamingWithCancel.Outcome o = StreamingWithCancel.run(ExampleTarget.configFor(emulator).build(), message, 12,
          Duration.ofSeconds(30), out);
      boolean streaming = ChatClients.provider(vendor).capabilities().contains(Capability.STREAMING);
      if (streaming) {
        assertThat(o.cancelled()).isTrue();
        assertThat(o.text()).startsWith("Echo:").hasSizeGreaterThanOrEqualTo(12).hasSizeLessThan(full.length());
        assertThat(full).startsWith(o.text());
      } else {
        // The whole reply arrives as one delta: nothing left to cancel.
        assertThat(o.text()).isEqualTo(full);
      }
    }
  }

  static List<String> handoffVendors() {
    List<String> out = new java.util.ArrayList<>();
    for (String v : List.of("osvi", "opencx")) if (ChatClients.providers().containsKey(v)) out.add(v);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handoffVendors")
  void supportHandoff(String vendor) {
    try (Emulator emulator = TestVendors.emulator(vendor).start()) {
      List<String> lines = SupportHandoff.run(ExampleTarget.configFor(emulator).build(), out);
      assertThat(lines.get(0)).isEqualTo("customer: My parcel never arrived. Can I talk to a person?");
      assertThat(lines.get(1)).isEqualTo("ai: Echo: My parcel never arrived. Can I talk to a person?");
      assertThat(lines.get(2)).startsWith("system: taken over by ");
      assertThat(lines).contains("agent: Hi, I'm Dana. I've sent a replacement parcel today.",
          "customer: Thanks! When will it arrive?");
      assertThat(lines.get(lines.size() - 1)).startsWith("system: session ").endsWith(" ended");
      if (vendor.equals("osvi")) {
        assertThat(lines).contains("customer: Hello? Is anyone there?", "ai: Echo: Thanks! When will it arrive?")
            .doesNotContain("ai: Echo: Hello? Is anyone there?"); // the AI is quiet while a human has the session
      } else {
        // The customer's question was answered by the human agent, not the AI.
        assertThat(lines).contains("agent: Tomorrow before noon.")
            .doesNotContain("ai: Echo: Thanks! When will it arrive?");
        dev.chatbridge.testkit.OpenCxEmulator opencx = (dev.chatbridge.testkit.OpenCxEmulator) emulator;
        String id = lines.get(lines.size() - 1).split(" ")[2];
        assertThat(opencx.isHandedOff(id)).isTrue();
        assertThat(opencx.status(id)).isEqualTo("closed_resolved");
      }
      assertThat(printed()).contains("taken over by");
    }
  }

  @Test
  void supportHandoffRefusesAVendorWithoutHandoff() {
    try (Emulator emulator = TestVendors.emulator("fake").start()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> SupportHandoff.run(ExampleTarget.configFor(emulator).build(), out))
          .isInstanceOf(dev.chatbridge.UnsupportedCapabilityException.class)
          .hasMessageContaining("HUMAN_HANDOFF");
    }
  }
}
