package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The open-enum rules every subclass inherits, through {@link Role} and a second subclass. */
class OpenEnumTest {
  /** A second open enum sharing a value with {@link Role}, to show equality is per class. */
  static final class Kind extends OpenEnum {
    static final Kind USER = new Kind("user");
    private static final List<Kind> KNOWN = List.of(USER);

    private Kind(String value) {
      super(value);
    }

    static Kind of(String value) {
      return lookup(value, KNOWN, Kind::new);
    }

    @Override
    public boolean isKnown() {
      return KNOWN.contains(this);
    }
  }

  @Test
  void aKnownValueInAnyCaseIsTheConstant() {
    assertThat(Role.of("user")).isSameAs(Role.USER);
    assertThat(Role.of("ASSISTANT")).isSameAs(Role.ASSISTANT);
    assertThat(Role.of("Tool")).isSameAs(Role.TOOL);
    assertThat(Role.of("Tool").isKnown()).isTrue();
  }

  @Test
  void anUnknownValueIsKeptVerbatimAndEqualByValue() {
    Role moderator = Role.of("Moderator");
    assertThat(moderator.value()).isEqualTo("Moderator");
    assertThat(moderator.toString()).isEqualTo("Moderator");
    assertThat(moderator.isKnown()).isFalse();
    assertThat(moderator).isEqualTo(Role.of("Moderator")).hasSameHashCodeAs(Role.of("Moderator"));
    assertThat(moderator).isNotEqualTo(Role.of("moderator"));
  }

  @Test
  void equalityIsPerClass() {
    assertThat(Kind.of("USER")).isSameAs(Kind.USER);
    assertThat(Kind.USER.value()).isEqualTo(Role.USER.value());
    assertThat((Object) Kind.USER).isNotEqualTo(Role.USER);
    assertThat(Kind.of("other")).isNotEqualTo(Role.of("other"));
  }

  @Test
  void aNullValueIsRefused() {
    assertThatThrownBy(() -> Role.of(null)).isInstanceOf(NullPointerException.class).hasMessage("value");
  }
}
