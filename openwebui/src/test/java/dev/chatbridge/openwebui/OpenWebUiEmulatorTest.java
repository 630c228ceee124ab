package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.AuthenticationException;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Citation;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PageRequest;
import dev.chatbridge.Role;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator.Persistence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** End-to-end behaviour against the emulator, on both server generations. */
class OpenWebUiEmulatorTest {
  private static ChatClient client(OpenWebUiEmulator emulator, String key) {
    return ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl(emulator.baseUrl()).apiKey(key)
        .option("model", "llama3.2:latest").streamIdleTimeout(Duration.ofSeconds(20)).build());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> storedMessages(OpenWebUiEmulator emulator, String id) {
    Map<String, Object> history = (Map<String, Object>) emulator.storedChat(id).get("history");
    return (Map<String, Map<String, Object>>) (Map<?, ?>) history.get("messages");
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void concurrentSendsOnOneChatNeverLoseAMessage(Persistence persistence) throws Exception {
    int threads = 6;
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient client = client(emulator, emulator.apiKey())) {
      ChatSession session = client.createSession();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ChatReply>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String text = "message " + i;
        boolean stream = i % 2 == 0;
        futures.add(pool.submit(() -> {
          go.await();
          if (!stream) return session.send(text);
          try (ChatStream s = session.stream(text)) {
            return s.reply();
          }
        }));
      }
      go.countDown();
      for (Future<ChatReply> f : futures) f.get(60, TimeUnit.SECONDS);
      pool.shutdown();

      Map<String, Map<String, Object>> stored = storedMessages(emulator, session.id());
      assertThat(stored).hasSize(2 * threads);
      List<Message> history = session.history();
      assertThat(history).hasSize(2 * threads);
      Set<String> sent = new HashSet<>();
      for (int i = 0; i < history.size(); i++) {
        Message m = history.get(i);
        assertThat(m.parentId().orElse(null)).isEqualTo(i == 0 ? null : history.get(i - 1).id());
        if (i % 2 == 0) {
          assertThat(m.role()).isEqualTo(Role.USER);
          sent.add(m.text());
        } else {
          assertThat(m.role()).isEqualTo(Role.ASSISTANT);
          assertThat(m.text()).isEqualTo("Echo: " + history.get(i - 1).text());
        }
        @SuppressWarnings("unchecked")
        List<Object> children = (List<Object>) stored.get(m.id()).get("childrenIds");
        if (i + 1 < history.size()) assertThat(children).containsExactly((Object) history.get(i + 1).id());
        else assertThat(children).isEmpty();
      }
      assertThat(sent).hasSize(threads);
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void cancelledStreamSavesThePartialReply(Persistence persistence) throws Exception {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient client = client(emulator, emulator.apiKey())) {
      ChatSession session = client.createSession();
      emulator.inject(Fault.stallStream(2, Duration.ofSeconds(10)).on("POST", "/api/chat/completions"));
      String partial;
      try (ChatStream stream = session.stream("one two three four five")) {
        StringBuilder seen = new StringBuilder();
        for (ChatEvent e : stream) {
          if (e instanceof ChatEvent.TextDelta) {
            seen.append(((ChatEvent.TextDelta) e).text());
            stream.cancel();
          }
        }
        partial = seen.toString();
        assertThat(stream.reply().text()).isEqualTo(partial);
      }
      List<Message> history = session.history();
      assertThat(history).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT);
      assertThat(history.get(1).text()).isEqualTo(partial).isEqualTo("Echo:");
      assertThat(history.get(1).vendorData()).containsEntry("done", true).doesNotContainKey("error");
      // the lock was released: the next send goes through
      assertThat(session.send("again").text()).isEqualTo("Echo: again");
      assertThat(session.history()).hasSize(4);
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void theChatIsUnlockedOnceTheReplyIsStoredAndAnOpenStreamOnItRefusesToDeadlock(Persistence persistence) {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient client = client(emulator, emulator.apiKey())) {
      ChatSession session = client.createSession();
      try (ChatStream open = session.stream("first")) {
        assertThatThrownBy(() -> session.send("too early")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("close it");
        for (ChatEvent e : open) {
          if (e instanceof ChatEvent.Completed) break; // not closed yet, but the reply is stored
        }
        assertThat(session.send("second").text()).isEqualTo("Echo: second");
      }
      assertThat(session.history()).extracting(Message::text)
          .containsExactly("first", "Echo: first", "second", "Echo: second");
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void aStreamLeftOpenBlocksOtherSendsOnItsChatOnlyForTheCallTimeout(Persistence persistence) throws Exception {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient client = ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl(emulator.baseUrl())
            .apiKey(emulator.apiKey()).option("model", "llama3.2:latest").callTimeout(Duration.ofMillis(500))
            .build())) {
      ChatSession session = client.createSession();
      ChatSession other = client.createSession();
      ChatStream forgotten = session.stream("first"); // opened, never read: holds the chat
      try {
        java.util.concurrent.CompletableFuture<ChatReply> blocked = session.sendAsync("second");
        assertThatThrownBy(() -> blocked.get(20, java.util.concurrent.TimeUnit.SECONDS))
            .hasCauseInstanceOf(dev.chatbridge.ChatTimeoutException.class)
            .hasMessageContaining(session.id()).hasMessageContaining("call timeout");
        assertThat(other.send("elsewhere").text()).as("other chats are not blocked").isEqualTo("Echo: elsewhere");
      } finally {
        forgotten.close();
      }
      assertThat(session.send("third").text()).as("closing the stream frees the chat").isEqualTo("Echo: third");
      assertThat(emulator.requestCount("POST", "/api/chat/completions")).as("the timed-out send sent nothing")
          .isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void regenerateAsASiblingKeepsBothBranches(Persistence persistence) throws Exception {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient client = client(emulator, emulator.apiKey())) {
      ChatSession session = client.createSession();
      ChatReply first = session.send("first");
      session.send("second");
      ChatReply edited = session.send(MessageRequest.builder().text("second, edited").parentId(first.message().id())
          .build());
      List<Message> history = session.history();
      assertThat(history).extracting(Message::text)
          .containsExactly("first", "Echo: first", "second, edited", "Echo: second, edited");
      ChatHistory tree = client.unwrap(OpenWebUiClient.class).getChat(session.id()).history();
      assertThat(tree.messages()).hasSize(6);
      assertThat(tree.children(first.message().id())).extracting(HistoryMessage::text)
          .containsExactly("second", "second, edited");
      assertThat(tree.currentId()).contains(edited.message().id());
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void typedChatOperations(Persistence persistence) {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).pageSize(3).start();
        OpenWebUiClient owui = OpenWebUiClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey())
            .pageSize(3).build()) {
      List<String> created = new ArrayList<>();
      for (int i = 0; i < 7; i++) created.add(owui.createChat("chat " + i, null).id());
      assertThat(owui.listChats(1)).hasSize(3);
      assertThat(owui.listChats(3)).hasSize(1);

      String id = created.get(0);
      assertThat(owui.togglePin(id).pinned()).isTrue();
      assertThat(owui.listChats(1, false, false)).extracting(ChatListItem::id).doesNotContain(id);
      assertThat(owui.togglePin(id).pinned()).isFalse();
      assertThat(owui.archiveChat(id).archived()).isTrue();
      assertThat(owui.archiveChat(id).archived()).as("archiving twice keeps it archived").isTrue();
      assertThat(owui.unarchiveChat(id).archived()).isFalse();
      assertThat(owui.renameChat(id, "renamed").title()).isEqualTo("renamed");
      assertThat(owui.shareChat(id).shareId()).isPresent();
      ChatResponse clone = owui.cloneChat(id, null);
      assertThat(clone.id()).isNotEqualTo(id);
      assertThat(clone.title()).isEqualTo("Clone of renamed");
      assertThat(clone.chat()).containsEntry("originalChatId", id);
      assertThat(owui.deleteChat(id)).isTrue();
      assertThatThrownBy(() -> owui.getChat(id)).isInstanceOf(NotFoundException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void citationsFromASourcesFrameAreStoredOnTheReply(Persistence persistence) {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).sources(true).start();
        ChatClient client = client(emulator, emulator.apiKey())) {
      ChatSession session = client.createSession();
      ChatReply streamed;
      try (ChatStream s = session.stream("refunds?")) {
        streamed = s.reply();
      }
      ChatReply blocking = session.send("again?");
      assertThat(streamed.citations()).extracting(Citation::title).containsExactly(java.util.Optional.of("handbook.pdf"));
      assertThat(blocking.citations()).hasSize(1);
      List<Message> history = session.history();
      assertThat(history.get(1).citations()).extracting(Citation::documentId)
          .containsExactly("3c1f6a2e-7b4d-4e8f-9a0b-5d2c1e7f8a90");
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void foreignChatIsNotFound(Persistence persistence) {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient client = client(emulator, emulator.apiKey())) {
      String foreign = emulator.addForeignChat("someone else's");
      assertThatThrownBy(() -> client.getSession(foreign)).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("not owned by this user");
      assertThatThrownBy(() -> client.session(foreign).send("hi")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> client.session(foreign).end()).isInstanceOf(NotFoundException.class);
      assertThat(client.listSessions(PageRequest.first()).items()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void disabledApiKeysAndUnknownKeysAreAuthenticationErrors(Persistence persistence) {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient other = client(emulator, "sk-ffffffffffffffffffffffffffffffff")) {
      assertThatThrownBy(other::createSession).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("token is invalid");
      emulator.apiKeysEnabled(false);
      try (ChatClient client = client(emulator, emulator.apiKey())) {
        assertThatThrownBy(client::listSessions).isInstanceOf(AuthenticationException.class)
            .hasMessageContaining("Use of API key is not enabled");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void withoutAKeyTheServersRefusalIsAnAuthenticationError(Persistence persistence) {
    try (OpenWebUiEmulator emulator = (OpenWebUiEmulator) new OpenWebUiEmulator(persistence).start();
        ChatClient client = ChatClients.create(ChatConfig.builder().vendor("openwebui").baseUrl(emulator.baseUrl())
            .option("model", "llama3.2:latest").build())) {
      assertThatThrownBy(client::createSession).isInstanceOf(AuthenticationException.class);
      assertThat(emulator.requestCount("POST", "/api/v1/chats/new")).as("refused once, not retried").isEqualTo(1);
    }
  }
}
