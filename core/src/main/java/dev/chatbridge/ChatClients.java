package dev.chatbridge;

import dev.chatbridge.spi.ChatProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Creates {@link ChatClient}s from configuration, finding vendor modules on the classpath. */
public final class ChatClients {
  private static final System.Logger LOG = System.getLogger("dev.chatbridge");

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
    warnAboutUnknownOptions(config, provider);
    if (provider.requiresBaseUrl() && config.baseUrl().isEmpty()) {
      throw new ConfigurationException(
          config.vendor() + " has no default base URL: set chatbridge.base-url or CHATBRIDGE_BASE_URL");
    }
    return ChatClient.of(provider.create(config), config);
  }

  /**
   * Warns once for each option of the configured vendor that its provider neither requires nor accepts (a
   * misspelt {@code chatbridge.onyx.persna-id}, a {@code --option nosuch=1}): it would otherwise be ignored in
   * silence. Not an error, so a shared configuration can carry options a newer vendor module reads.
   */
  private static void warnAboutUnknownOptions(ChatConfig config, ChatProvider provider) {
    Set<String> known = new TreeSet<>(provider.requiredOptions());
    known.addAll(provider.optionalOptions());
    for (String key : new TreeSet<>(config.options().keySet())) {
      if (known.contains(key)) continue;
      String property = ChatConfig.PREFIX + config.vendor() + "." + key;
      LOG.log(System.Logger.Level.WARNING, () -> "ignoring unknown " + config.vendor() + " option '" + key + "' ("
          + property + ", " + ChatConfig.environmentName(property) + "); " + config.vendor() + " options are "
          + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
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
