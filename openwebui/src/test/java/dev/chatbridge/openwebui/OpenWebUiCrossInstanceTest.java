package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator.Persistence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two ChatBridge instances that share nothing (each its own client, OkHttp client and chat locks) send 20 messages
 * each to one chat at the same time, on each way the history is kept ({@link Case}): every one of the 40 exchanges must
 * be stored, every parent/child link of the tree valid and {@code currentId} a leaf (docs/RELIABILITY.md, "Open
 * WebUI write-back across instances"). On the replacing generation ({@link Persistence#SHALLOW_MERGE}) a send
 * that writes the copy it read before its reply ran loses the other instance's exchanges; the write-back merges
 * into the latest copy and checks it afterwards ({@code ChatTurn#writeBack}).
 *
 * <p>Each generation runs once here; {@code -Dopenwebui.cross-instance-runs=20} repeats every generation that many
 * times and prints the losses of each run (the figures in docs/RELIABILITY.md).
 */
class OpenWebUiCrossInstanceTest {
  static final int PER_CLIENT = 20;

  /** The three ways a chat's history is kept: two client-managed update semantics, and the server-managed path. */
  enum Case {
    /** Servers up to v0.10: the posted history replaces the stored one. */
    CLIENT_REPLACE(Persistence.SHALLOW_MERGE, "client"),
    /** A v0.11 server written to by the client-managed path ({@code history=client}). */
    CLIENT_MESSAGE_MERGE(Persistence.MESSAGE_MERGE, "client"),
    /** A v0.11 server keeping the history itself (detected). */
    SERVER_MANAGED(Persistence.MESSAGE_MERGE, "auto");

    final Persistence persistence;
    final String history;

    Case(Persistence persistence, String history) {
      this.persistence = persistence;
      this.history = history;
    }
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void twoInstancesSendingToOneChatLoseNothing(Case c) throws Exception {
    Persistence persistence = c.persistence;
    int runs = Integer.getInteger("openwebui.cross-instance-runs", 1);
    for (int i = 1; i <= runs; i++) {
      try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start()) {
        Result r = run(emulator, PER_CLIENT, OpenWebUiClient.DEFAULT_WRITE_SETTLE, c.history);
        if (runs > 1) {
          System.out.println("cross-instance " + c + " run " + i + "/" + runs + ": " + r.lost.size()
              + " lost, " + r.problems.size() + " tree problems, " + r.failures.size() + " failed sends");
        }
        assertThat(r.failures).as("sends that failed").isEmpty();
        assertThat(r.problems).as("tree problems").isEmpty();
        assertThat(r.lost).as("exchanges missing from the stored chat").isEmpty();
      }
    }
  }

  /** What one run found. */
  record Result(List<String> failures, List<String> lost, List<String> problems) {}

  /** Two instances × {@code perClient} concurrent sends to one new chat; then the stored tree checked. */
  static Result run(OpenWebUiEmulator emulator, int perClient, Duration settle, String historyOption)
      throws Exception {
    List<String> failures = new ArrayList<>();
    String chatId;
    try (ChatClient a = client(emulator, settle, historyOption);
        ChatClient b = client(emulator, settle, historyOption)) {
      chatId = a.createSession().id();
      ExecutorService pool = Executors.newFixedThreadPool(2 * perClient);
      try {
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < 2 * perClient; i++) {
          ChatClient c = i % 2 == 0 ? a : b;
          String text = "message " + i;
          sends.add(pool.submit(() -> c.session(chatId).send(text)));
        }
        for (Future<?> f : sends) {
          try {
            f.get(2, TimeUnit.MINUTES);
          } catch (java.util.concurrent.ExecutionException e) {
            failures.add(String.valueOf(e.getCause()));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
    try (OpenWebUiClient reader = OpenWebUiClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey())
        .build()) {
      ChatHistory history = reader.getChat(chatId).history();
      Map<String, HistoryMessage> messages = history.messages();
      List<String> problems = new ArrayList<>();
      Map<String, String> replyByText = new HashMap<>();
      for (HistoryMessage m : messages.values()) {
        String parent = m.parentId().orElse(null);
        if (parent != null) {
          HistoryMessage p = messages.get(parent);
          if (p == null) problems.add(m.id() + ": parent " + parent + " missing");
          else if (!p.childrenIds().contains(m.id())) problems.add(parent + " does not list its child " + m.id());
        }
        for (String child : m.childrenIds()) {
          HistoryMessage c = messages.get(child);
          if (c == null || !m.id().equals(c.parentId().orElse(null))) problems.add(m.id() + ": bad child " + child);
        }
        if (m.role().equals("user")) {
          List<HistoryMessage> replies = history.children(m.id());
          replyByText.put(m.text(), replies.isEmpty() ? null : replies.get(0).text());
        }
      }
      String current = history.currentId().orElse(null);
      if (current == null || !messages.containsKey(current)) problems.add("currentId " + current + " missing");
      else if (!messages.get(current).childrenIds().isEmpty()) problems.add("currentId " + current + " not a leaf");
      Set<String> lost = new TreeSet<>();
      for (int i = 0; i < 2 * perClient; i++) {
        String text = "message " + i;
        if (!replyByText.containsKey(text) || replyByText.get(text) == null) lost.add(text);
      }
      return new Result(failures, new ArrayList<>(lost), problems);
    }
  }

  static ChatClient client(OpenWebUiEmulator emulator, Duration settle, String historyOption) {
    ChatConfig.Builder config = ChatConfig.builder().vendor(OpenWebUiProvider.NAME).baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).callTimeout(Duration.ofSeconds(60));
    emulator.clientOptions().forEach(config::option);
    config.option(OpenWebUiProvider.WRITE_SETTLE, settle.toMillis() + "ms");
    config.option(OpenWebUiProvider.HISTORY, historyOption);
    return ChatClients.create(config.build());
  }
}
