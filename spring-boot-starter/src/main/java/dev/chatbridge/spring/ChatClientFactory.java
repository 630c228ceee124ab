package dev.chatbridge.spring;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatListener;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.spi.ChatProvider;
import dev.chatbridge.spring.ChatBridgeStartupException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.OkHttpClient;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;

/**
 * Creates a ChatClient from the keys under one prefix ({@code chatbridge} or {@code chatbridge.clients.<name>}),
 * read with Spring Boot's relaxed binding, handed to {@link ChatConfig#builderFromSources} under ChatBridge's own
 * names: ChatBridge parses and checks every value, the starter adds no rule of its own. A refused value becomes a
 * {@link ChatBridgeStartupException} naming the property.
 */
final class ChatClientFactory {
  /** The top-level keys ChatBridge reads (ChatConfig's). */
  static final List<String> KEYS = List.of("vendor", "base-url", "api-key", "timeout", "connect-timeout",
      "stream-idle-timeout", "stream-total-timeout", "max-retries", "allow-insecure-http", "max-reply-chars");
  private static final Set<String> DURATIONS = Set.of("timeout", "connect-timeout", "stream-idle-timeout",
      "stream-total-timeout");
  /** The vendors ChatBridge ships, to tell an unknown name from a module left off the classpath. */
  static final List<String> SHIPPED_VENDORS = List.of("onyx", "opencx", "openwebui", "osvi");

  private final Binder binder;
  private final List<ChatListener> listeners;
  private final List<ChatConfigCustomizer> customizers;
  private final OkHttpClient okHttpClient;
  private final Map<String, ChatConfig> built;

  ChatClientFactory(Binder binder, List<ChatListener> listeners, List<ChatConfigCustomizer> customizers,
      OkHttpClient okHttpClient, Map<String, ChatConfig> built) {
    this.binder = binder;
    this.listeners = listeners;
    this.customizers = customizers;
    this.okHttpClient = okHttpClient;
    this.built = built;
  }

  /** The client {@code name} from the keys under {@code prefix}. */
  ChatClient create(String name, String prefix) {
    Properties properties = new Properties();
    for (String key : KEYS) {
      String property = prefix + "." + key;
      String value = binder.bind(property, String.class).orElse(null);
      if (value == null) continue;
      properties.setProperty("chatbridge." + key, DURATIONS.contains(key) ? duration(name, property, value) : value);
    }
    String vendor = properties.getProperty("chatbridge.vendor", "").trim().toLowerCase(Locale.ROOT);
    if (vendor.isEmpty()) {
      throw new ChatBridgeStartupException(Problem.MISSING_VENDOR, name, prefix + ".vendor",
          "no vendor configured for the ChatBridge client '" + name + "'", null);
    }
    ChatProvider provider = provider(name, prefix, vendor, ChatClients.providers());
    // every option the configuration names is passed on (ChatBridge warns about unknown ones); the provider's known
    // options are bound one by one so that relaxed names (CHATBRIDGE_ONYX_PERSONA_ID) reach them exactly
    binder.bind(prefix + "." + vendor, Bindable.mapOf(String.class, String.class)).ifBound(options ->
        options.forEach((k, v) -> properties.setProperty("chatbridge." + vendor + "." + k.replace('.', '-'), v)));
    Set<String> known = new TreeSet<>(provider.requiredOptions());
    known.addAll(provider.optionalOptions());
    for (String option : known) {
      binder.bind(prefix + "." + vendor + "." + option, String.class)
          .ifBound(v -> properties.setProperty("chatbridge." + vendor + "." + option, v));
    }
    try {
      ChatConfig.Builder builder = ChatConfig.builderFromSources(properties, Map.of());
      listeners.forEach(builder::listener);
      if (okHttpClient != null) builder.okHttpClient(okHttpClient);
      customizers.forEach(c -> c.customize(name, builder));
      ChatConfig config = builder.build();
      ChatClient client = ChatClients.create(config);
      built.put(name, config);
      return client;
    } catch (ConfigurationException e) {
      String message = String.valueOf(e.getMessage());
      // the setting the exception names, not its wording, says which property to fix
      String setting = e.setting().orElse(null);
      String property = setting == null ? prefix + ".*" : prefix + setting.substring("chatbridge".length());
      if (ChatConfig.API_KEY.equals(setting) && properties.getProperty(ChatConfig.API_KEY) == null) {
        throw new ChatBridgeStartupException(Problem.MISSING_API_KEY, name, property, message, e);
      }
      throw new ChatBridgeStartupException(Problem.INVALID, name, property, message, e);
    }
  }

  /** The provider of {@code vendor} among {@code providers}, or why there is none. */
  static ChatProvider provider(String name, String prefix, String vendor, Map<String, ChatProvider> providers) {
    ChatProvider provider = providers.get(vendor);
    if (provider != null) return provider;
    String found = providers.isEmpty() ? "none" : String.join(", ", providers.keySet());
    if (SHIPPED_VENDORS.contains(vendor)) {
      throw new ChatBridgeStartupException(Problem.VENDOR_MODULE_MISSING, name, prefix + ".vendor",
          "the ChatBridge client '" + name + "' is for vendor '" + vendor + "', but chatbridge-" + vendor
              + " is not on the classpath (vendors on the classpath: " + found + ")", null);
    }
    throw new ChatBridgeStartupException(Problem.UNKNOWN_VENDOR, name, prefix + ".vendor",
        "unknown vendor '" + vendor + "' for the ChatBridge client '" + name + "' (vendors on the classpath: "
            + found + ")", null);
  }

  /**
   * The duration in a form ChatBridge reads: ChatBridge's own forms unchanged (a bare number is seconds), Spring
   * Boot's other units (ns, us, d) as ISO-8601. ChatBridge checks the range.
   */
  private static String duration(String name, String property, String value) {
    try {
      ChatConfig.parseDuration(property, value);
      return value;
    } catch (ConfigurationException chatBridgeForm) {
      Duration d;
      try {
        d = DurationStyle.SIMPLE.parse(value.trim());
      } catch (RuntimeException notBootForm) {
        throw new ChatBridgeStartupException(Problem.BAD_DURATION, name, property, chatBridgeForm.getMessage(),
            chatBridgeForm);
      }
      try {
        ChatConfig.parseDuration(property, d.toString());
        return d.toString();
      } catch (ConfigurationException outOfRange) {
        throw new ChatBridgeStartupException(Problem.BAD_DURATION, name, property, outOfRange.getMessage(),
            outOfRange);
      }
    }
  }
}
