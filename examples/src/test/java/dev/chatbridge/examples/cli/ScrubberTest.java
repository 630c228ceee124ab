package dev.chatbridge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrubberTest {
  @Test
  void scrubsWholeText() {
    Scrubber s = new Scrubber();
    s.add("sk-secret");
    s.add(" ");
    s.add(null);
    assertThat(s.scrub("key sk-secret and sk-secret")).isEqualTo("key **** and ****");
  }

  @Test
  void streamHoldsBackOnlyAPossibleSecretPrefix() {
    Scrubber s = new Scrubber();
    s.add("sk-secret");
    Scrubber.Stream st = s.stream();
    StringBuilder printed = new StringBuilder();
    printed.append(st.feed("Echo: my key is s"));
    assertThat(printed.toString()).isEqualTo("Echo: my key is "); // "s" might start the key
    printed.append(st.feed("k-sec"));
    printed.append(st.feed("ret, ok"));
    assertThat(printed.toString()).isEqualTo("Echo: my key is ****, ok");
    printed.append(st.feed(" s"));
    printed.append(st.flush());
    assertThat(printed.toString()).isEqualTo("Echo: my key is ****, ok s");
  }

  @Test
  void streamWithoutSecretsPassesEverythingAtOnce() {
    Scrubber.Stream st = new Scrubber().stream();
    assertThat(st.feed("abc")).isEqualTo("abc");
    assertThat(st.flush()).isEmpty();
  }
}
