package dev.chatbridge.spring;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatListener;
import dev.chatbridge.micrometer.ObservationChatListener;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * ChatClient beans from {@code chatbridge.*}: one client named {@code chatClient} from the top-level keys, or one
 * per {@code chatbridge.clients.<name>} (qualifier = name, one primary). Backs off when the application defines a
 * ChatClient of its own. Every {@link ChatListener} and {@link ChatConfigCustomizer} bean is applied to every
 * client; with Micrometer and an {@link ObservationRegistry} bean, an {@link ObservationChatListener} is one of them.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(ChatClient.class)
@EnableConfigurationProperties(ChatBridgeProperties.class)
public class ChatBridgeAutoConfiguration {
  /** The default client's bean name. */
  public static final String DEFAULT_CLIENT = "chatClient";

  /** The factory every client bean is created with. */
  static ChatClientFactory factory(BeanFactory beanFactory, Environment environment) {
    ChatBridgeProperties properties = beanFactory.getBean(ChatBridgeProperties.class);
    List<ChatListener> listeners = beanFactory.getBeanProvider(ChatListener.class).orderedStream().toList();
    List<ChatConfigCustomizer> customizers =
        beanFactory.getBeanProvider(ChatConfigCustomizer.class).orderedStream().toList();
    OkHttpClient okHttp = null;
    if (properties.isUseApplicationOkhttpClient()) {
      okHttp = beanFactory.getBeanProvider(OkHttpClient.class).getIfUnique();
      if (okHttp == null) {
        throw new ChatBridgeStartupException(ChatBridgeStartupException.Problem.INVALID, DEFAULT_CLIENT,
            "chatbridge.use-application-okhttp-client",
            "chatbridge.use-application-okhttp-client is true but the application has no single OkHttpClient bean",
            null);
      }
    }
    return new ChatClientFactory(Binder.get(environment), listeners, customizers, okHttp,
        beanFactory.getBean(ClientConfigs.class).byName());
  }

  /** The configuration each client bean was built from, by bean name (for the health check). */
  @Bean
  static ClientConfigs chatBridgeClientConfigs() {
    return new ClientConfigs(new ConcurrentHashMap<>());
  }

  /** The configurations of the client beans, by name; never shown (they hold the keys). */
  record ClientConfigs(Map<String, ChatConfig> byName) {
    @Override
    public String toString() {
      return "ClientConfigs" + byName.keySet();
    }
  }

  /** The default client, from the top-level keys, when no named clients are configured. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(ChatClient.class)
  @Conditional(NamedClientsCondition.Absent.class)
  static class DefaultClientConfiguration {
    @Bean(name = DEFAULT_CLIENT, destroyMethod = "close")
    ChatClient chatClient(BeanFactory beanFactory, Environment environment) {
      return factory(beanFactory, environment).create(DEFAULT_CLIENT, "chatbridge");
    }
  }

  /** One client per {@code chatbridge.clients.<name>}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(ChatClient.class)
  @Conditional(NamedClientsCondition.Present.class)
  @Import(NamedClientsRegistrar.class)
  static class NamedClientsConfiguration {}

  /** Registers the named clients' beans; the primary is {@code chatbridge.primary} or the first declared. */
  static final class NamedClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
      BeanFactoryAware {
    private Environment environment;
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
      this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
      this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      Binder binder = Binder.get(environment);
      Map<String, ClientProperties> clients = binder.bind("chatbridge.clients",
          Bindable.mapOf(String.class, ClientProperties.class)).orElse(Map.of());
      String primary = binder.bind("chatbridge.primary", String.class).orElse(clients.keySet().iterator().next());
      if (!clients.containsKey(primary)) {
        throw new ChatBridgeStartupException(ChatBridgeStartupException.Problem.INVALID, primary,
            "chatbridge.primary", "chatbridge.primary names '" + primary + "' but the named clients are "
                + String.join(", ", clients.keySet()), null);
      }
      for (String name : clients.keySet()) {
        RootBeanDefinition definition = new RootBeanDefinition(ChatClient.class,
            () -> factory(beanFactory, environment).create(name, "chatbridge.clients." + name));
        definition.setDestroyMethodName("close");
        definition.setPrimary(name.equals(primary));
        registry.registerBeanDefinition(name, definition);
      }
    }
  }

  /** The Micrometer listener, when Micrometer's observation API and an ObservationRegistry bean are there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({ObservationChatListener.class, ObservationRegistry.class})
  @ConditionalOnBean(ObservationRegistry.class)
  static class ObservationConfiguration {
    @Bean
    @ConditionalOnMissingBean
    ObservationChatListener chatBridgeObservationListener(ObservationRegistry registry,
        ChatBridgeProperties properties) {
      return ObservationChatListener.builder(registry)
          .includeSessionId(properties.isObservationsIncludeSessionId()).build();
    }
  }
}
