package dev.chatbridge.opencx;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code opencx} provider. Options: {@code channel} (optional, default {@code api}: the channel type of new
 * sessions). Needs {@code chatbridge.api-key}; the base URL defaults to {@value OpenCxClient#DEFAULT_BASE_URL}.
 */
public final class OpenCxProvider implements ChatProvider {
  static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.GET_SESSION,
      Capability.LIST_SESSIONS, Capability.HISTORY, Capability.END_SESSION, Capability.HUMAN_HANDOFF));
  /** Option key: channel type of created sessions. */
  public static final String OPTION_CHANNEL = "channel";

  /** For {@link java.util.ServiceLoader}. */
  public OpenCxProvider() {}

  @Override
  public String name() {
    return "opencx";
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
    ChannelType channel = ChannelType.of(config.option(OPTION_CHANNEL).orElse(ChannelType.API.value()));
    return new OpenCxBackend(new OpenCxClient(config), channel);
  }
}
