package dev.chatbridge.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web service on ChatBridge: create a session, send, stream the reply to the browser as server-sent events,
 * show the history. The ChatClient bean comes from {@code chatbridge.*} (the starter); without a base URL the
 * vendor's testkit emulator is started in-process ({@link EmulatorInitializer}).
 */
@SpringBootApplication
public class ChatBridgeExampleApplication {
  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(ChatBridgeExampleApplication.class, args);
  }
}
