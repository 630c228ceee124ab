package dev.chatbridge.examples;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.SessionOptions;
import java.io.PrintStream;
import java.util.List;

/**
 * The first program to read: create a session, send a message and wait for the reply, stream a second reply as
 * it arrives, then print the conversation. Runs against the Onyx emulator unless the environment names a server
 * ({@code CHATBRIDGE_VENDOR}, {@code CHATBRIDGE_BASE_URL}, {@code CHATBRIDGE_API_KEY}).
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) {
    try (ExampleTarget target = ExampleTarget.fromEnvironment("onyx")) {
      run(target.config(), System.out);
    }
  }

  /** Runs the conversation against {@code config}'s vendor, printing to {@code out}; returns the two replies. */
  public static List<ChatReply> run(ChatConfig config, PrintStream out) {
    try (ChatClient client = ChatClients.create(config)) {
      ChatSession session = client.createSession(SessionOptions.builder().title("Quick start").build());
      out.println("session " + session.id() + " on " + client.vendor());

      ChatReply first = session.send("Where is my order?"); // blocks until the whole reply is there
      out.println(first.text());

      ChatReply second;
      try (ChatStream stream = session.stream("And the refund?")) { // always close a stream
        for (ChatEvent event : stream) {
          if (event instanceof ChatEvent.TextDelta) {
            out.print(((ChatEvent.TextDelta) event).text());
            out.flush();
          }
        }
        out.println();
        second = stream.reply(); // the whole reply, accumulated
      }

      if (client.capabilities().contains(Capability.HISTORY)) {
        for (Message m : session.history()) out.println("  " + m.role() + ": " + m.text());
      }
      return List.of(first, second);
    }
  }
}
