package dev.chatbridge.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The README's "Spring Boot" and "Observability" snippets are the compiled code of {@link ReadmeSnippets} and the
 * YAML files under {@code readme/}, verbatim; the YAML files configure the clients the README says they do.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SNIPPETS = Path.of("src/test/java/dev/chatbridge/spring/ReadmeSnippets.java");

  /** Each region between "// snippet:start" and "// snippet:end", de-indented. */
  static Map<String, String> javaSnippets() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^([ ]*)// snippet:start (\\S+)\\n(.*?)^[ ]*// snippet:end$", Pattern.DOTALL)
        .matcher(Files.readString(SNIPPETS));
    while (m.find()) {
      int indent = m.group(1).length();
      List<String> lines = new ArrayList<>();
      for (String line : m.group(3).split("\n")) lines.add(line.length() >= indent ? line.substring(indent) : line);
      out.put(m.group(2), String.join("\n", lines));
    }
    return out;
  }

  @Test
  void theReadmeHoldsEveryJavaSnippetVerbatim() throws IOException {
    String readme = Files.readString(README);
    Map<String, String> snippets = javaSnippets();
    assertThat(snippets).containsOnlyKeys("micrometer", "spring-inject", "spring-named", "spring-customize");
    snippets.forEach((name, code) -> assertThat(readme).as("README snippet " + name).contains(code));
  }

  @Test
  void theReadmeHoldsTheYamlFilesVerbatim() throws IOException {
    String readme = Files.readString(README);
    for (String file : List.of("application.yml", "named-clients.yml")) {
      String yaml = new ClassPathResource("readme/" + file).getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(readme).as("README " + file).contains(yaml.strip());
    }
  }

  private static ApplicationContextRunner runnerWith(String file) throws IOException {
    List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file,
        new ClassPathResource("readme/" + file));
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ChatBridgeAutoConfiguration.class))
        .withInitializer(c -> sources.forEach(s -> c.getEnvironment().getPropertySources().addLast(s)))
        .withPropertyValues("ONYX_API_KEY=k-onyx", "OPENCX_API_KEY=k-opencx", "OPENWEBUI_API_KEY=k-owu");
  }

  @Test
  void theSingleClientYamlConfiguresTheClientItShows() throws IOException {
    Map<String, ChatConfig> seen = new LinkedHashMap<>();
    runnerWith("application.yml").withBean(ChatConfigCustomizer.class, () -> (n, b) -> seen.put(n, b.build()))
        .run(context -> {
          assertThat(context.getBean(ChatClient.class).vendor()).isEqualTo("onyx");
          ChatConfig c = seen.get("chatClient");
          assertThat(c.baseUrl()).contains("https://onyx.example.com");
          assertThat(c.apiKey()).contains("k-onyx");
          assertThat(c.callTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
          assertThat(c.option("persona-id")).contains("3");
        });
  }

  @Test
  void theNamedClientsYamlGivesTwoBeansSupportPrimary() throws IOException {
    runnerWith("named-clients.yml").withBean(ReadmeSnippets.Router.class).run(context -> {
      assertThat(context.getBeansOfType(ChatClient.class)).containsOnlyKeys("support", "docs");
      assertThat(context.getBean(ChatClient.class).vendor()).isEqualTo("opencx");
      assertThat(context.getBean("docs", ChatClient.class).vendor()).isEqualTo("openwebui");
      assertThat(context).hasSingleBean(ReadmeSnippets.Router.class);
    });
  }
}
