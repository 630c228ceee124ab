package com.example.consumer;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatSession;

/** A user's application code: vendor-neutral, configured from outside. */
public final class SupportBot {
  private SupportBot() {}

  /** Asks one question in a new session of whichever vendor {@code config} names. */
  public static String ask(ChatConfig config, String question) {
    try (ChatClient client = ChatClients.create(config)) {
      ChatSession session = client.createSession();
      return session.send(question).text();
    }
  }

  /** Configured by CHATBRIDGE_VENDOR, CHATBRIDGE_BASE_URL, CHATBRIDGE_API_KEY (or -Dchatbridge.*). */
  public static void main(String[] args) {
    System.out.println(ask(ChatConfig.fromEnvironment(), args.length > 0 ? String.join(" ", args) : "Hello"));
  }
}
