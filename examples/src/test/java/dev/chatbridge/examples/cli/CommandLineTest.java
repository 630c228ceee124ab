package dev.chatbridge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.examples.cli.CommandLine.UsageException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void optionsMayStandBeforeBetweenAndAfterCommandWords() {
    CommandLine cl = CommandLine.parse(new String[] {"--vendor", "onyx", "sessions", "--json", "list",
        "--limit=5", "--option", "a=1", "--option=b=2"});
    assertThat(cl.words()).containsExactly("sessions", "list");
    assertThat(cl.value("--vendor")).isEqualTo("onyx");
    assertThat(cl.flag("--json")).isTrue();
    assertThat(cl.value("--limit")).isEqualTo("5");
    assertThat(cl.values("--option")).containsExactly("a=1", "b=2");
  }

  @Test
  void doubleDashEndsOptionsSoAMessageMayStartWithADash() {
    CommandLine cl = CommandLine.parse(new String[] {"send", "--no-stream", "--", "--json", "-x"});
    assertThat(cl.words()).containsExactly("send", "--json", "-x");
    assertThat(cl.flag("--json")).isFalse();
    assertThat(cl.flag("--no-stream")).isTrue();
  }

  @Test
  void lastValueWinsAndShortHelpIsHelp() {
    CommandLine cl = CommandLine.parse(new String[] {"--vendor", "a", "-h", "--vendor", "b"});
    assertThat(cl.value("--vendor")).isEqualTo("b");
    assertThat(cl.flag("--help")).isTrue();
  }

  @Test
  void unknownOptionIsNamedWithoutItsValue() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--api-kye=SECRET", "send", "x"}))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option --api-kye");
  }

  @Test
  void missingValueAndValueOnAFlagAreUsageErrors() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"send", "x", "--session"}))
        .isInstanceOf(UsageException.class).hasMessageContaining("--session needs a value");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--json=yes", "vendors"}))
        .isInstanceOf(UsageException.class).hasMessageContaining("--json takes no value");
  }

  @Test
  void commandSpecificOptionsAreCheckedPerCommand() {
    CommandLine cl = CommandLine.parse(new String[] {"vendors", "--title", "x"});
    assertThatThrownBy(() -> cl.allowOnly("vendors", Set.of()))
        .isInstanceOf(UsageException.class).hasMessage("vendors does not take --title");
    CommandLine ok = CommandLine.parse(new String[] {"sessions", "create", "--title", "x", "--json"});
    ok.allowOnly("sessions create", Set.of("--title"));
    assertThat(ok.words()).isEqualTo(List.of("sessions", "create"));
  }
}
