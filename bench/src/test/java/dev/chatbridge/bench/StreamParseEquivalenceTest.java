package dev.chatbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatStream;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The baselines must do the same work as the SDK paths they are compared with: same bytes in, same events out. */
class StreamParseEquivalenceTest {
  private static final int EVENTS = 500;

  @Test
  void onyxBaselineYieldsTheSameEventsAsTheCoreReader() throws Exception {
    byte[] body = Bodies.onyxNdjson(EVENTS);
    List<ChatEvent> sdk = collect(ChatStream.of("onyx", CoreParsers.onyx(new Buffer().write(body))));
    List<ChatEvent> baseline = new ArrayList<>();
    JacksonBaseline.onyx(new Buffer().write(body).inputStream(), baseline::add);

    assertThat(sdk).hasSize(EVENTS - 1); // the id line is not an event
    assertThat(baseline).isEqualTo(sdk);
    assertThat(((ChatEvent.TextDelta) sdk.get(1)).text()).isEqualTo(Bodies.word(0));
    assertThat(((ChatEvent.Completed) sdk.get(sdk.size() - 1)).reply().text()).isEqualTo(Bodies.text(EVENTS - 3));
  }

  @Test
  void openWebUiBaselineYieldsTheSameEventsAsTheCoreReader() throws Exception {
    byte[] body = Bodies.openWebUiSse(EVENTS);
    List<ChatEvent> sdk = collect(ChatStream.of("openwebui", CoreParsers.openWebUi(new Buffer().write(body))));
    List<ChatEvent> baseline = new ArrayList<>();
    JacksonBaseline.openWebUi(new Buffer().write(body), baseline::add);

    assertThat(sdk).hasSize(EVENTS - 1); // the usage frame carries no event
    assertThat(baseline).isEqualTo(sdk);
    assertThat(((ChatEvent.Completed) sdk.get(sdk.size() - 1)).reply().text()).isEqualTo(Bodies.text(EVENTS - 3));
    assertThat(((ChatEvent.Completed) sdk.get(sdk.size() - 1)).reply().finishReason()).hasValue("stop");
  }

  static List<ChatEvent> collect(ChatStream stream) {
    List<ChatEvent> out = new ArrayList<>();
    try (stream) {
      for (ChatEvent e : stream) out.add(e);
    }
    return out;
  }
}
