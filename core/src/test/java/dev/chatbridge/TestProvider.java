package dev.chatbridge;

import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ChatProvider;
import java.util.EnumSet;
import java.util.Set;

/** A provider registered only on core's test classpath, to test discovery and option checks. */
public final class TestProvider implements ChatProvider {
  @Override
  public String name() {
    return "test";
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of("model");
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of("temperature");
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.STREAMING);
  }

  @Override
  public ChatBackend create(ChatConfig config) {
    return new TestBackend("test", config);
  }
}
