package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import org.junit.jupiter.api.Test;

/** The message says plainly whether sending again would duplicate the message. */
class SendOutcomeUnknownExceptionTest {
  private static SendOutcomeUnknownException of(MessageState state, String messageId) {
    return SendOutcomeUnknownException.builder("opencx", "s-1").messageState(state).messageId(messageId)
        .failure("the reply could not be read").cause(new ResponseFormatException("bad", "")).build();
  }

  @Test
  void eachStateSaysWhetherResendingDuplicates() {
    SendOutcomeUnknownException stored = of(MessageState.STORED, "m-9");
    assertThat(stored).hasMessage("opencx: the message (id m-9) was stored in session s-1, but the reply could "
        + "not be read; sending it again would store it twice").hasCauseInstanceOf(ResponseFormatException.class);
    assertThat(stored.messageId()).contains("m-9");
    assertThat(stored.vendor()).isEqualTo("opencx");
    assertThat(stored.sessionId()).isEqualTo("s-1");
    assertThat(stored.messageState()).isEqualTo(MessageState.STORED);
    assertThat(of(MessageState.NOT_STORED, null)).hasMessageContaining("the message was not stored in session s-1")
        .hasMessageContaining("will not duplicate it");
    assertThat(of(MessageState.UNKNOWN, null).getMessage()).contains("unknown whether the message was stored")
        .contains("may store it twice");
    assertThat(of(MessageState.UNKNOWN, null).messageId()).isEmpty();
    assertThat(stored.exchangeIdentified()).as("identified unless said otherwise").isTrue();
    assertThat(SendOutcomeUnknownException.builder("x", "s").messageState(MessageState.UNKNOWN).failure("f")
        .exchangeIdentified(false).build().exchangeIdentified()).isFalse();
  }

  @Test
  void stateAndFailureAreRequired() {
    assertThatThrownBy(() -> SendOutcomeUnknownException.builder("x", "s").failure("f").build())
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SendOutcomeUnknownException.builder("x", "s").messageState(MessageState.STORED).build())
        .isInstanceOf(NullPointerException.class);
  }
}
