package dev.chatbridge.example.spring;

import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When {@code chatbridge.base-url} is not set (and {@code example.emulator} is not {@code false}), starts the testkit
 * emulator of {@code chatbridge.vendor} in-process and points the client at it (base URL, API key, the vendor
 * options it needs), as the CLI does; stops it with the context. A real deployment sets the base URL and never gets
 * here.
 */
public final class EmulatorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    if (env.containsProperty("chatbridge.base-url") || !env.getProperty("example.emulator", Boolean.class, true)) {
      return;
    }
    String vendor = env.getProperty("chatbridge.vendor");
    if (vendor == null || vendor.isBlank()) return; // the starter's failure report explains what to set
    Emulator emulator = Emulators.create(vendor.trim()).start();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("chatbridge.base-url", emulator.baseUrl());
    properties.put("chatbridge.api-key", emulator.apiKey());
    emulator.clientOptions().forEach((k, v) -> properties.put("chatbridge." + emulator.vendor() + "." + k, v));
    env.getPropertySources().addFirst(new MapPropertySource("chatbridgeEmulator", properties));
    context.addApplicationListener(event -> {
      if (event instanceof ContextClosedEvent) emulator.close();
    });
  }
}
