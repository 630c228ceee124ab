package dev.chatbridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Typed reads of string extras, refused locally with the extra's name. */
class ExtrasTest {
  @Test
  void booleansInAnyCaseWithBlanks() {
    assertThat(Extras.bool("onyx", "extra 'x'", " TRUE ")).isTrue();
    assertThat(Extras.bool("onyx", "extra 'x'", "false")).isFalse();
  }

  @Test
  void anythingElseIsAnInvalidRequestNamingTheExtra() {
    assertThatThrownBy(() -> Extras.bool("opencx", "session extra 'verified'", "yes"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.statusCode()).isZero();
          assertThat(e.vendor()).isEqualTo("opencx");
          assertThat(e.getMessage())
              .isEqualTo("opencx: invalid request: session extra 'verified' must be true or false, not 'yes'");
        });
    assertThatThrownBy(() -> Extras.bool("onyx", "extra 'x'", null)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void integers() {
    assertThat(Extras.integer("onyx", "extra 'forced-tool-id'", " 42 ")).isEqualTo(42);
    assertThatThrownBy(() -> Extras.integer("onyx", "extra 'forced-tool-id'", "4.2"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("onyx: invalid request: extra 'forced-tool-id' must be an integer, not '4.2'");
  }
}
