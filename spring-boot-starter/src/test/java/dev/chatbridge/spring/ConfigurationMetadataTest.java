package dev.chatbridge.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbridge.ChatClients;
import dev.chatbridge.spi.ChatProvider;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata the build writes (META-INF/spring-configuration-metadata.json, from the properties
 * classes and additional-spring-configuration-metadata.json) describes every key ChatBridge reads, so an IDE
 * completes them: each top-level key, the named clients, and every option of every vendor module on the classpath
 * (read from the providers themselves, so a new option without metadata fails here).
 */
class ConfigurationMetadataTest {
  @Test
  void everyKeyAndEveryVendorOptionHasMetadataWithADescription() throws Exception {
    Map<String, JsonNode> byName = new HashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("built metadata").isNotNull();
      new ObjectMapper().readTree(in).get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
    }
    TreeSet<String> expected = new TreeSet<>();
    ChatClientFactory.KEYS.forEach(k -> expected.add("chatbridge." + k));
    expected.add("chatbridge.clients");
    expected.add("chatbridge.primary");
    expected.add("chatbridge.use-application-okhttp-client");
    Map<String, ChatProvider> providers = ChatClients.providers();
    assertThat(providers.keySet()).containsExactlyInAnyOrderElementsOf(ChatClientFactory.SHIPPED_VENDORS);
    providers.forEach((vendor, p) -> {
      p.requiredOptions().forEach(o -> expected.add("chatbridge." + vendor + "." + o));
      p.optionalOptions().forEach(o -> expected.add("chatbridge." + vendor + "." + o));
    });
    for (String key : expected) {
      assertThat(byName).as("metadata for " + key).containsKey(key);
      assertThat(byName.get(key).path("description").asText()).as("description of " + key).isNotBlank();
    }
  }
}
