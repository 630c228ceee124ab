package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.Citation;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SendOutcomeUnknownException.MessageState;
import dev.chatbridge.ServerException;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.spi.EventSource;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The reply of a server-managed send: the server generates it in the background and shows it, growing, on the
 * stored chat (the running assistant message with {@code done:false}; it sends no tokens over HTTP), so this reads
 * the chat every {@link OpenWebUiClient#pollInterval()} and reports the growth of the message's text as
 * {@link ChatEvent.TextDelta} until {@code done:true} ({@link ChatEvent.Completed}) or an {@code error} on the
 * message ({@link StreamException} with its text). No growth for the stream idle timeout is a
 * {@link ChatTimeoutException}. {@link #cancel()} stops the server's task ({@code POST /api/tasks/chat/{id}/stop});
 * the server then stores the part generated so far. The message's {@code sources} become citations; the
 * granularity of the text is one poll.
 */
final class ServerReplySource implements EventSource {
  private final OpenWebUiClient client;
  private final ChatTurn turn;
  private final CompletionResult result;
  private final Deque<ChatEvent> pending = new ArrayDeque<>();
  private int seen; // characters of the reply's text already reported
  private int reasoningSeen;
  private boolean ended;
  private volatile boolean cancelled;
  private boolean released;
  private boolean sourcesSeen;
  /** The lost answer of a recovered send, else null. */
  private final ChatException lost;
  /** A recovered send's deadline ({@link System#nanoTime()} terms). */
  private final long deadline;

  ServerReplySource(OpenWebUiClient client, ChatTurn turn, int maxReplyChars) {
    this(client, turn, maxReplyChars, null, 0);
  }

  /** The reply of a send whose chat-bound completion failed with {@code lost}, followed until {@code deadline}. */
  ServerReplySource(OpenWebUiClient client, ChatTurn turn, int maxReplyChars, ChatException lost, long deadline) {
    this.client = client;
    this.turn = turn;
    this.result = new CompletionResult(maxReplyChars);
    this.lost = lost;
    this.deadline = deadline;
    pending.add(new ChatEvent.MessageStarted(turn.assistantId));
  }

  @Override
  public synchronized ChatEvent next() throws InterruptedIOException {
    long idleSince = System.nanoTime();
    boolean first = true;
    while (true) {
      if (!pending.isEmpty()) return pending.poll();
      if (ended || cancelled) return null;
      if (lost != null && System.nanoTime() - deadline >= 0) {
        ended = true;
        throw stored("its reply was not complete before the timeout");
      }
      if (!first) sleep(lost == null ? client.pollInterval() : Duration.ofNanos(Math.max(0, Math.min(
          client.pollInterval().toNanos(), deadline - System.nanoTime()))));
      first = false;
      JsonNode chat;
      try {
        chat = client.readChat(turn.chatId()).chatNode();
      } catch (ChatException e) {
        if (lost == null || e.getClass() == ChatException.class) throw e; // not recovering, or cancelled
        boolean retry = e instanceof ChatTimeoutException || e instanceof ConnectionException
            || e instanceof ServerException;
        if (retry && deadline - System.nanoTime() > 0) continue; // read again, as the recovery did
        ended = true;
        SendOutcomeUnknownException s = stored("reading the chat for its reply failed (" + e.getMessage() + ")");
        s.addSuppressed(e);
        throw s;
      }
      JsonNode message = chat.path("history").path("messages").path(turn.assistantId);
      if (!message.isObject()) {
        ended = true;
        if (lost != null) throw stored("its reply " + turn.assistantId + " is not");
        throw new StreamException(OpenWebUiProvider.NAME + " chat " + turn.chatId() + " has no reply "
            + turn.assistantId + " although the server accepted the send");
      }
      HistoryMessage m = new HistoryMessage(turn.assistantId, message);
      JsonNode sources = message.get("sources");
      if (!sourcesSeen && sources != null && sources.isArray() && !sources.isEmpty()) {
        sourcesSeen = true;
        for (Citation c : result.addSources(sources)) {
          pending.add(result.text.accept(new ChatEvent.CitationAdded(c)));
        }
      }
      String text = m.text();
      String reasoning = Json.text(message, "reasoning_content");
      if (reasoning != null && reasoning.length() > reasoningSeen) {
        String piece = reasoning.substring(reasoningSeen);
        reasoningSeen = reasoning.length();
        result.reasoning.append(piece);
        pending.add(new ChatEvent.ReasoningDelta(piece));
      }
      if (text.length() > seen) {
        result.received = true;
        pending.add(result.text.accept(new ChatEvent.TextDelta(text.substring(seen))));
        seen = text.length();
        idleSince = System.nanoTime();
      }
      JsonNode error = message.get("error");
      if (error != null && error.isObject()) {
        ended = true;
        String detail = Json.text(error, "content");
        throw new StreamException(OpenWebUiProvider.NAME + " reported an error in the stream: "
            + (detail == null ? error.toString() : detail));
      }
      if (m.done().orElse(false)) {
        ended = true;
        JsonNode usage = message.get("usage");
        if (usage != null && usage.isObject()) result.usage(usage);
        result.model = m.model().orElse(null);
        ChatReply reply = turn.reply(result);
        release();
        pending.add(new ChatEvent.Completed(reply));
        continue;
      }
      if (pending.isEmpty() && Duration.ofNanos(System.nanoTime() - idleSince)
          .compareTo(client.streamIdleTimeout()) > 0) {
        ended = true;
        if (lost != null) throw stored("its reply did not grow for " + client.streamIdleTimeout().toMillis() + " ms");
        throw new ChatTimeoutException(OpenWebUiProvider.NAME + " reply " + turn.assistantId + " in chat "
            + turn.chatId() + " did not grow for " + client.streamIdleTimeout().toMillis() + " ms");
      }
    }
  }

  /** A recovered send's reply cannot be followed to its end ({@code why}): our message is stored. */
  private SendOutcomeUnknownException stored(String why) {
    return SendOutcomeUnknownException.builder(OpenWebUiProvider.NAME, turn.chatId())
        .messageState(MessageState.STORED)
        .messageId(turn.userId)
        .failure("the connection failed after the message was sent (" + lost.getMessage() + "); the message is in "
            + "the chat, but " + why)
        .cause(lost)
        .build();
  }

  private void sleep(Duration d) throws InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the reply");
    }
  }

  /** Stops the server's generation of this chat; the server stores what was generated. */
  @Override
  public void cancel() {
    cancelled = true;
    try {
      client.stopChatTasks(turn.chatId());
    } catch (ChatException e) {
      System.getLogger(ServerReplySource.class.getPackageName()).log(System.Logger.Level.WARNING,
          OpenWebUiProvider.NAME + " could not stop the reply in chat " + turn.chatId() + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized ChatReply partialReply() {
    return result.text.hasContent() ? turn.reply(result) : null;
  }

  @Override
  public synchronized void close() {
    release();
  }

  private void release() {
    if (released) return;
    released = true;
    turn.release();
  }
}
