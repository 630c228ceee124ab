package dev.chatbridge.examples;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.opencx.HistoryItem;
import dev.chatbridge.opencx.OpenCxClient;
import dev.chatbridge.opencx.SendMessageRequest;
import dev.chatbridge.osvi.OsviClient;
import dev.chatbridge.osvi.SupportResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A support hand-off on a customer-service platform: the customer talks to the AI through the vendor-neutral
 * API, a human agent takes the conversation over through the vendor's typed client ({@link ChatClient#unwrap}),
 * answers, hands back to the AI, and the session is ended. Runs against the OSVI emulator unless the environment
 * names a server; {@code SupportHandoff opencx} uses the OpenCX emulator.
 */
public final class SupportHandoff {
  private SupportHandoff() {}

  public static void main(String[] args) {
    try (ExampleTarget target =
        args.length > 0 ? ExampleTarget.emulated(args[0]) : ExampleTarget.fromEnvironment("osvi")) {
      run(target.config(), System.out);
    }
  }

  /** Runs the hand-off against {@code config}'s vendor, printing each turn; returns the printed lines. */
  public static List<String> run(ChatConfig config, PrintStream out) {
    List<String> lines = new ArrayList<>();
    try (ChatClient client = ChatClients.create(config)) {
      if (!client.capabilities().contains(Capability.HUMAN_HANDOFF)) {
        throw new UnsupportedCapabilityException(client.vendor(), Capability.HUMAN_HANDOFF);
      }
      // The customer's side: plain ChatBridge, the same for every vendor.
      ChatSession session = client.createSession(SessionOptions.builder()
          .contactId(contactFor(client.vendor())) // OpenCX contact_id is a UUID, OSVI customer_id a phone number
          .metadata("plan", "gold")
          .build());
      ChatReply ai = session.send("My parcel never arrived. Can I talk to a person?");
      say(out, lines, "customer", "My parcel never arrived. Can I talk to a person?");
      say(out, lines, "ai", ai.text());
      // OSVI may continue on another session than the one sent to; the reply names the one it used.
      String id = ai.message().sessionId() != null ? ai.message().sessionId() : session.id();
      session = client.session(id);

      // The agent's side: vendor-specific operations through the typed client.
      switch (client.vendor()) {
        case "osvi":
          handOffOnOsvi(client.unwrap(OsviClient.class), session, out, lines);
          break;
        case "opencx":
          handOffOnOpenCx(client.unwrap(OpenCxClient.class), session, out, lines);
          break;
        default:
          throw new UnsupportedCapabilityException(client.vendor(), Capability.HUMAN_HANDOFF,
              "this example has no hand-off steps for " + client.vendor());
      }

      session.end();
      say(out, lines, "system", "session " + id + " ended");
      return lines;
    }
  }

  private static void handOffOnOsvi(OsviClient osvi, ChatSession session, PrintStream out, List<String> lines) {
    SupportResult takeover = osvi.takeover(session.id(), "Customer asked for a person");
    say(out, lines, "system", "taken over by " + takeover.activeHuman().orElse("an agent"));

    ChatReply silent = session.send("Hello? Is anyone there?"); // in support mode the AI stays quiet
    say(out, lines, "customer", "Hello? Is anyone there?");
    if (!silent.text().isEmpty()) say(out, lines, "ai", silent.text());

    osvi.sendOperatorMessage(session.id(), "Hi, I'm Dana. I've sent a replacement parcel today.");
    say(out, lines, "agent", "Hi, I'm Dana. I've sent a replacement parcel today.");

    osvi.endSupport(session.id()); // back to the AI
    say(out, lines, "system", "handed back to the AI");
    ChatReply back = session.send("Thanks! When will it arrive?");
    say(out, lines, "customer", "Thanks! When will it arrive?");
    say(out, lines, "ai", back.text());
  }

  /**
   * OpenCX: the agent writes with {@code take_over_from_ai}; from then on a customer's message waits for the
   * agent's answer (role {@code AGENT}) instead of the AI's.
   */
  private static void handOffOnOpenCx(OpenCxClient opencx, ChatSession session, PrintStream out,
      List<String> lines) {
    SendMessageRequest.Agent dana = SendMessageRequest.Agent.of(42, "Dana");
    opencx.send(session.id(), SendMessageRequest.fromAgent(dana, "Hi, I'm Dana. I've sent a replacement parcel today.")
        .takeOverFromAi(true)
        .build());
    say(out, lines, "system", "taken over by " + dana.name());
    say(out, lines, "agent", "Hi, I'm Dana. I've sent a replacement parcel today.");

    // The customer's send now waits for a human answer: run it asynchronously while the agent works.
    String question = "Thanks! When will it arrive?";
    CompletableFuture<ChatReply> answer = session.sendAsync(question);
    say(out, lines, "customer", question);
    awaitContactMessage(opencx, session.id(), question); // the agent sees it in the inbox
    opencx.send(session.id(), SendMessageRequest.fromAgent(dana, "Tomorrow before noon.").build());
    ChatReply reply = answer.join();
    say(out, lines, reply.message().role().value(), reply.text()); // role AGENT: a human answered
  }

  private static void awaitContactMessage(OpenCxClient opencx, String sessionId, String text) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (HistoryItem item : opencx.fullHistory(sessionId)) {
        if (item.isFromContact() && text.equals(item.text())) return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the customer's message", e);
      }
    }
    throw new IllegalStateException("the customer's message never reached session " + sessionId);
  }

  private static String contactFor(String vendor) {
    return vendor.equals("opencx") ? "6f1c2b9e-4d3a-4c1e-9b7a-2e5d8f0a1c3b" : "+15550100002";
  }

  private static void say(PrintStream out, List<String> lines, String who, String text) {
    String line = who + ": " + text;
    lines.add(line);
    out.println(line);
  }
}
