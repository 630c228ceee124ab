package dev.chatbridge.spring;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.micrometer.ObservationChatListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Service;

/**
 * The Java snippets of the README's "Spring Boot" and "Observability" sections, compiled here; ReadmeSnippetsTest
 * checks that the README holds each region between its {@code snippet} markers verbatim.
 */
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  static ChatConfig micrometer(ObservationRegistry observationRegistry, MeterRegistry meterRegistry) {
    // snippet:start micrometer
    ObservationChatListener listener = ObservationChatListener.builder(observationRegistry)
        .meterRegistry(meterRegistry)   // optional: also the timer chatbridge.stream.first-event
        .includeSessionId(false)        // the default: no session id on spans
        .build();
    ChatConfig config = ChatConfig.builder()
        .vendor("onyx")
        .apiKey(System.getenv("ONYX_API_KEY"))
        .listener(listener)
        .build();
    // snippet:end
    return config;
  }

  // snippet:start spring-inject
  @Service
  static class Assistant {
    private final ChatClient chat;

    Assistant(ChatClient chat) {   // the bean from chatbridge.* (or the primary named client)
      this.chat = chat;
    }

    String ask(String question) {
      return chat.createSession().send(question).text();
    }
  }
  // snippet:end

  // snippet:start spring-named
  @Service
  static class Router {
    private final ChatClient support;
    private final ChatClient docs;

    Router(@Qualifier("support") ChatClient support, @Qualifier("docs") ChatClient docs) {
      this.support = support;
      this.docs = docs;
    }
  }
  // snippet:end

  // snippet:start spring-customize
  @Configuration
  static class ChatBridgeSetup {
    @Bean
    ChatConfigCustomizer longerStreams() {
      return (clientName, builder) -> builder.streamIdleTimeout(Duration.ofMinutes(2));
    }

    @Bean   // used only with chatbridge.use-application-okhttp-client=true
    OkHttpClient okHttpClient() {
      return new OkHttpClient.Builder().build();
    }
  }
  // snippet:end
}
