package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatbridge.ChatConfig;
import dev.chatbridge.testkit.OnyxEmulator;
import org.junit.jupiter.api.Test;

class SupportBotTest {
  @Test
  void repliesThroughTheOnyxEmulator() {
    try (OnyxEmulator onyx = new OnyxEmulator()) {
      onyx.start();
      ChatConfig config = ChatConfig.builder()
          .vendor("onyx")
          .baseUrl(onyx.baseUrl())
          .apiKey(onyx.apiKey())
          .build();
      assertEquals("Echo: Hello", SupportBot.ask(config, "Hello"));
      assertEquals(1, onyx.requestCount("POST", "/api/chat/send-chat-message"));
    }
  }
}
