package dev.chatbridge.opencx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.Set;

/**
 * The {@code opencx} provider. Options: {@code channel} (optional, default {@code api}: the channel type of new
 * sessions). Needs {@code chatbridge.api-key}; the base URL defaults to {@value OpenCxClient#DEFAULT_BASE_URL}.
 */
public final class OpenCxProvider implements ChatProvider {
  /** The vendor name, {@code chatbridge.vendor=opencx}. */
  public static final String NAME = "opencx";
  /** Option key: channel type of created sessions. */
  public static final String OPTION_CHANNEL = "channel";

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
    return Set.of(OPTION_CHANNEL);
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

  /** The options the backend reads: the channel of new sessions. */
  record Options(ChannelType channel) {}

  /** The options of {@code config}; any channel name is accepted (the list grows), unknown ones kept verbatim. */
  static Options options(ChatConfig config) {
    return new Options(ChannelType.of(config.option(OPTION_CHANNEL).orElse(ChannelType.API.value())));
  }
}
