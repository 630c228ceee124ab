package dev.chatbridge;

import dev.chatbridge.spi.ChatProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Creates {@link ChatClient}s from configuration, finding vendor modules on the classpath. */
public final class ChatClients {
  private ChatClients() {}

  /** A client for the vendor the environment names (system properties first, then environment variables). */
  public static ChatClient fromEnvironment() {
    return create(ChatConfig.fromEnvironment());
  }

  /**
   * A client for {@code config.vendor()}. Throws {@link ConfigurationException} when no provider has that name
   * (the message lists the ones found) or when a required option is missing (the message names the property and
   * the environment variable).
   */
  public static ChatClient create(ChatConfig config) {
    ChatProvider provider = provider(config.vendor());
    for (String key : provider.requiredOptions()) config.requireOption(key);
    if (provider.requiresBaseUrl() && config.baseUrl().isEmpty()) {
      throw new ConfigurationException(
          config.vendor() + " has no default base URL: set chatbridge.base-url or CHATBRIDGE_BASE_URL");
    }
    return ChatClient.of(provider.create(config));
  }

  /**
   * The provider named {@code vendor}, or a {@link ConfigurationException} listing those found (and those that
   * failed to load, with why).
   */
  public static ChatProvider provider(String vendor) {
    List<String> broken = new ArrayList<>();
    Map<String, ChatProvider> found = providers(broken);
    ChatProvider provider = found.get(vendor);
    if (provider == null) {
      throw new ConfigurationException(
          "unknown vendor '" + vendor + "': providers on the classpath are "
              + (found.isEmpty() ? "none (add a chatbridge vendor module)" : String.join(", ", found.keySet()))
              + (broken.isEmpty() ? "" : "; failed to load: " + String.join("; ", broken)));
    }
    return provider;
  }

  /**
   * Every provider on the classpath, by name, sorted. A provider that fails to load (a broken jar, a missing
   * dependency) is left out rather than hiding the others.
   */
  public static Map<String, ChatProvider> providers() {
    return providers(new ArrayList<>());
  }

  private static Map<String, ChatProvider> providers(List<String> broken) {
    Map<String, ChatProvider> byName = new TreeMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(ChatClients.class.getClassLoader());
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != loaders.get(0)) loaders.add(context);
    for (ClassLoader loader : loaders) {
      Iterator<ChatProvider> it = ServiceLoader.load(ChatProvider.class, loader).iterator();
      while (true) {
        try {
          if (!it.hasNext()) break;
          ChatProvider p = it.next();
          byName.putIfAbsent(p.name(), p);
        } catch (ServiceConfigurationError | LinkageError e) {
          // the iterator goes on to the next provider after an error (ServiceLoader's documented best effort)
          broken.add(String.valueOf(e.getMessage()));
        }
      }
    }
    return byName;
  }
}
