package dev.chatbridge.examples;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops a reply early, two ways: from the reading thread once enough text arrived, and from another thread when
 * a deadline passes. {@link ChatStream#cancel()} closes the socket at once and, where the vendor needs it (Onyx),
 * tells the server to stop generating, so no tokens are spent on text nobody reads.
 */
public final class StreamingWithCancel {
  private StreamingWithCancel() {}

  /** What arrived before the stream ended or was cancelled. */
  public static final class Outcome {
    private final String text;
    private final boolean cancelled;

    Outcome(String text, boolean cancelled) {
      this.text = text;
      this.cancelled = cancelled;
    }

    /** The text received. */
    public String text() {
      return text;
    }

    /** True when the stream was cancelled before the reply completed. */
    public boolean cancelled() {
      return cancelled;
    }
  }

  public static void main(String[] args) {
    try (ExampleTarget target = ExampleTarget.fromEnvironment("onyx")) {
      String question = "Tell me everything about the history of the spreadsheet, from the first ledgers to today";
      Outcome o = run(target.config(), question, 30, Duration.ofSeconds(10), System.out);
      System.out.println(o.cancelled() ? "[stopped after " + o.text().length() + " characters]" : "[complete]");
    }
  }

  /**
   * Streams the reply to {@code message}, printing deltas; cancels once {@code maxChars} characters arrived or
   * {@code deadline} passed, whichever comes first.
   */
  public static Outcome run(ChatConfig config, String message, int maxChars, Duration deadline, PrintStream out) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cancel-timer");
      t.setDaemon(true);
      return t;
    });
    try (ChatClient client = ChatClients.create(config)) {
      ChatSession session = client.createSession();
      StringBuilder received = new StringBuilder();
      boolean completed = false;
      try (ChatStream stream = session.stream(message)) {
        // Safe from any thread: the blocked read below returns at once.
        ScheduledFuture<?> watchdog = timer.schedule(stream::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        for (ChatEvent event : stream) {
          if (event instanceof ChatEvent.TextDelta) {
            String delta = ((ChatEvent.TextDelta) event).text();
            received.append(delta);
            out.print(delta);
            out.flush();
            if (received.length() >= maxChars) stream.cancel(); // the loop ends after this event
          } else if (event instanceof ChatEvent.Completed) {
            completed = true;
          }
        }
        watchdog.cancel(false);
        out.println();
      }
      return new Outcome(received.toString(), !completed);
    } finally {
      timer.shutdownNow();
    }
  }
}
