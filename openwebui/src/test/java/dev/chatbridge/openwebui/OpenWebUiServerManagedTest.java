package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator.Persistence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generation detection ({@code GET /api/version}, option {@code history}) and the server-managed path against the
 * emulator's v0.11 generation: one chat-bound completion, the server stores the turn, the reply is read from the
 * chat as it grows, nothing is written back by the client, cancel stops the server's task.
 */
class OpenWebUiServerManagedTest {
  private static final String CHAT_UPDATE = "/api/v1/chats/";

  static ChatClient client(OpenWebUiEmulator emulator, Map<String, String> extra) {
    ChatConfig.Builder b = ChatConfig.builder().vendor(OpenWebUiProvider.NAME).baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).option("write-settle", "1ms");
    emulator.clientOptions().forEach(b::option);
    extra.forEach(b::option);
    return ChatClients.create(b.build());
  }

  /** The chat updates (POST /api/v1/chats/{id}) the client made for {@code chatId}. */
  static long updates(OpenWebUiEmulator emulator, String chatId) {
    return emulator.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals(CHAT_UPDATE + chatId)).count();
  }

  @Test
  void aV011ServerKeepsTheHistoryItselfAndTheReplyIsReadFromTheChat() {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).start();
        ChatClient client = client(emulator, Map.of())) {
      ChatSession session = client.createSession();
      ChatReply first = session.send("hello there");
      ChatReply second = session.send("and again");
      assertThat(first.text()).isEqualTo(Emulator.replyTo("hello there"));
      assertThat(second.text()).isEqualTo(Emulator.replyTo("and again"));
      assertThat(updates(emulator, session.id())).as("no client write-back").isZero();
      assertThat(emulator.requestCount("GET", "/api/version")).as("detected once").isEqualTo(1);
      ChatHistory history = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history();
      HistoryMessage reply = history.message(second.message().id()).orElseThrow();
      assertThat(reply.done()).contains(true);
      assertThat(reply.text()).isEqualTo(second.text());
      assertThat(reply.parentId()).isEqualTo(second.userMessageId());
      assertThat(history.message(second.userMessageId().orElseThrow()).orElseThrow().parentId())
          .contains(first.message().id());
      assertThat(history.currentId()).contains(second.message().id());
    }
  }

  @Test
  void aStreamDeliversTheGrowthOfTheStoredReplyAsTextDeltas() {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).start();
        ChatClient client = client(emulator, Map.of())) {
      ChatSession session = client.createSession();
      List<String> deltas = new ArrayList<>();
      ChatReply reply;
      try (ChatStream stream = session.stream("count the chunks")) {
        stream.forEach(e -> {
          if (e instanceof ChatEvent.TextDelta d) deltas.add(d.text());
        });
        reply = stream.reply();
      }
      assertThat(deltas).hasSize(Emulator.chunks(Emulator.replyTo("count the chunks")).size());
      assertThat(String.join("", deltas)).isEqualTo(reply.text()).isEqualTo(Emulator.replyTo("count the chunks"));
    }
  }

  @Test
  void cancelStopsTheServersTaskWhichKeepsThePartGenerated() {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).start();
        ChatClient client = client(emulator, Map.of())) {
      ChatSession session = client.createSession();
      String partial;
      try (ChatStream stream = session.stream("stop me early please")) {
        java.util.Iterator<ChatEvent> events = stream.iterator();
        ChatEvent e;
        do {
          e = events.next();
        } while (!(e instanceof ChatEvent.TextDelta));
        assertThat(emulator.runningTasks(session.id())).hasSize(1);
        stream.cancel();
        partial = ((ChatEvent.TextDelta) e).text();
      }
      assertThat(emulator.runningTasks(session.id())).isEmpty();
      assertThat(emulator.requestCount("POST", "/api/tasks/chat/" + session.id() + "/stop")).isEqualTo(1);
      ChatHistory history = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history();
      HistoryMessage stored = history.message(history.currentId().orElseThrow()).orElseThrow();
      assertThat(stored.done()).contains(true);
      assertThat(stored.text()).startsWith(partial).isNotEqualTo(Emulator.replyTo("stop me early please"));
    }
  }

  @Test
  void stopGenerationIsClaimedOnlyWhenTheServerPathIsConfigured() {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).start()) {
      try (ChatClient client = client(emulator, Map.of("history", "server"))) {
        assertThat(client.capabilities()).contains(Capability.STOP_GENERATION)
            .containsAll(new OpenWebUiProvider().capabilities());
      }
      for (String history : new String[] {"auto", "client"}) {
        try (ChatClient client = client(emulator, Map.of("history", history))) {
          // fixed when the client is built, before the version is read: auto does not know the path yet
          assertThat(client.capabilities()).as(history).doesNotContain(Capability.STOP_GENERATION)
              .isEqualTo(new OpenWebUiProvider().capabilities());
        }
      }
      assertThat(emulator.requestCount("GET", "/api/version")).as("capabilities read no version").isZero();
    }
  }

  @Test
  void olderUnreadableOrOverriddenVersionsUseTheClientManagedPath() {
    for (String version : new String[] {"0.10.9", null, "not a version"}) {
      try (OpenWebUiEmulator emulator = new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).version(version);
          ChatClient client = client((OpenWebUiEmulator) emulator.start(), Map.of())) {
        ChatSession session = client.createSession();
        assertThat(session.send("hi").text()).isEqualTo(Emulator.replyTo("hi"));
        assertThat(updates(emulator, session.id())).as("write-back on %s", version).isPositive();
      }
    }
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).start();
        ChatClient client = client(emulator, Map.of("history", "client"))) {
      ChatSession session = client.createSession();
      session.send("hi");
      assertThat(updates(emulator, session.id())).isPositive();
      assertThat(emulator.requestCount("GET", "/api/version")).as("no detection when configured").isZero();
    }
    try (OpenWebUiEmulator emulator = new OpenWebUiEmulator(Persistence.MESSAGE_MERGE).version("0.6.34");
        ChatClient client = client((OpenWebUiEmulator) emulator.start(), Map.of("history", "server"))) {
      ChatSession session = client.createSession();
      assertThat(session.send("hi").text()).isEqualTo(Emulator.replyTo("hi"));
      assertThat(updates(emulator, session.id())).isZero();
    }
  }

  @Test
  void versionsAreComparedByTheirLeadingNumbers() {
    int[] min = OpenWebUiClient.SERVER_MANAGED_SINCE;
    assertThat(OpenWebUiClient.atLeast("0.11.0", min)).isTrue();
    assertThat(OpenWebUiClient.atLeast("0.11.3", min)).isTrue();
    assertThat(OpenWebUiClient.atLeast("v0.12.1-dev+abc", min)).isTrue();
    assertThat(OpenWebUiClient.atLeast("1.0", min)).isTrue();
    assertThat(OpenWebUiClient.atLeast("0.10.99", min)).isFalse();
    assertThat(OpenWebUiClient.atLeast("0.6.34", min)).isFalse();
    assertThat(OpenWebUiClient.atLeast("dev", min)).isFalse();
    assertThat(OpenWebUiClient.atLeast("99999999999.1.0", min)).isFalse();
  }
}
