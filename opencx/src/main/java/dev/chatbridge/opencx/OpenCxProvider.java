package dev.chatbridge.opencx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * The {@code opencx} provider. Options: {@code channel} (optional, default {@code api}: the channel type of new
 * sessions); {@code reply-quiet-ms} (optional, default 1000: how long no new event must follow a polled reply's last
 * message before the reply is taken as whole; 0 returns the reply messages there when the first one appears;
 * README, "OpenCX"). Needs {@code chatbridge.api-key}; the base URL defaults to {@value OpenCxClient#DEFAULT_BASE_URL}.
 */
public final class OpenCxProvider implements ChatProvider {
  /** The vendor name, {@code chatbridge.vendor=opencx}. */
  public static final String NAME = "opencx";
  /** Option key: channel type of created sessions. */
  public static final String OPTION_CHANNEL = "channel";
  /** Option key: milliseconds without a new event after which a polled reply's turn is over. */
  public static final String OPTION_REPLY_QUIET_MS = "reply-quiet-ms";

  static final Set<Capability> CAPABILITIES = Set.of(Capability.GET_SESSION, Capability.LIST_SESSIONS,
      Capability.HISTORY, Capability.END_SESSION, Capability.HUMAN_HANDOFF);

  /** For {@link java.util.ServiceLoader}. */
  public OpenCxProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of(OPTION_CHANNEL, OPTION_REPLY_QUIET_MS);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    Options options = options(config); // before the client: a bad option must not leave its threads behind
    return new OpenCxBackend(OpenCxClient.create(config), options);
  }

  /** The options the backend reads: the channel of new sessions, the quiet period that ends a polled reply. */
  record Options(ChannelType channel, long replyQuietMillis) {
    Options(ChannelType channel) {
      this(channel, OpenCxTurn.DEFAULT_QUIET_MS);
    }
  }

  /** The options of {@code config}; any channel name is accepted (the list grows), unknown ones kept verbatim. */
  static Options options(ChatConfig config) {
    String quiet = config.option(OPTION_REPLY_QUIET_MS).orElse(String.valueOf(OpenCxTurn.DEFAULT_QUIET_MS)).trim();
    long quietMs;
    try {
      quietMs = Long.parseLong(quiet);
    } catch (NumberFormatException e) {
      quietMs = -1;
    }
    if (quietMs < 0 || quietMs > 600_000) {
      throw new ConfigurationException(NAME + " option " + OPTION_REPLY_QUIET_MS + " must be a whole number of "
          + "milliseconds from 0 to 600000, not '" + quiet + "'");
    }
    return new Options(ChannelType.of(config.option(OPTION_CHANNEL).orElse(ChannelType.API.value())), quietMs);
  }
}
