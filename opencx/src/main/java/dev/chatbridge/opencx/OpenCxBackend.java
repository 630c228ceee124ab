package dev.chatbridge.opencx;

import dev.chatbridge.ApiException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.ServerException;
import dev.chatbridge.UnsupportedCapabilityException;
import dev.chatbridge.internal.Extras;
import dev.chatbridge.internal.PositionalPages;
import dev.chatbridge.internal.SessionLocks;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ReplyRecovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The neutral API over {@link OpenCxClient}: send-and-wait, history as messages, end = close as resolved. */
final class OpenCxBackend implements ChatBackend {
  /** Send-response codes after which no reply will come: the send returns an empty reply at once. */
  static final Set<String> NO_REPLY_CODES =
      Set.of("response_cancelled", "skipping_unuseful_response", "duplicate_message_ignored");

  private final OpenCxClient client;
  private final OpenCxProvider.Options configured;
  private final SessionLocks sendLocks;
  private final PositionalPages pages;

  OpenCxBackend(OpenCxClient client, OpenCxProvider.Options options) {
    this.client = client;
    this.configured = options;
    this.sendLocks = new SessionLocks(OpenCxProvider.NAME, "session", client.replyTimeout());
    this.pages = new PositionalPages(OpenCxProvider.NAME, this::serverPage, SessionSummary::createdAt);
  }

  @Override
  public String vendor() {
    return OpenCxProvider.NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return OpenCxProvider.CAPABILITIES;
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    CreateSessionRequest.Builder b = CreateSessionRequest.builder()
        .contactId(options.contactId().orElse(null))
        .customData(options.metadata());
    String perSession = options.extras().get("channel");
    b.channel(perSession != null && !perSession.isBlank() ? ChannelType.of(perSession) : configured.channel());
    String verified = options.extras().get("verified");
    if (verified != null) b.verified(Extras.bool(vendor(), "session extra 'verified'", verified));
    String id = client.createSession(b.build());
    return new SessionDetails(SessionSummary.builder().id(id).build(), List.of());
  }

  /**
   * Sends as the contact, then: an inline reply is returned; an AI error is thrown as {@link ApiException} (status
   * 200, code {@code ai_error}, the vendor's text); a no-reply code returns an empty reply whose finish reason is
   * the code; anything else (message id only, handed to a human) waits for the whole reply (every ai/human_agent
   * message after ours until the turn is over, {@link OpenCxTurn}) by polling the history, bounded by the call
   * timeout.
   */
  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    // The history links no reply to its message: the reply is "the first AI message after ours". Two sends on one
    // session at once would each take the first reply, so this client sends on a session one at a time (found by
    // the 200-thread concurrency test); a send waiting behind another ends at its deadline or on a cancel.
    SessionLocks.Permit permit = sendLocks.acquire(sessionId);
    try {
      return sendLocked(sessionId, request);
    } finally {
      permit.release();
    }
  }

  private ChatReply sendLocked(String sessionId, MessageRequest request) {
    // one deadline for the POST and every poll: the operation's (ChatSession.send), fixed at its start
    long deadline = Cancellation.deadlineNanos(client.replyTimeout());
    OpenCxExchange.Snapshot before = snapshot(sessionId, deadline);
    SendMessageResponse r;
    try {
      r = client.send(sessionId, SendMessageRequest.fromContact(request.text()).build());
    } catch (ConnectionException | ChatTimeoutException e) {
      if (!ReplyRecovery.mayHaveBeenProcessed(e)) throw e;
      return recover(sessionId, request.text(), before, e, deadline);
    } catch (ResponseFormatException e) {
      return recover(sessionId, request.text(), before, e, deadline); // a 2xx: OpenCX took the message in
    }
    if (r.isReplyError()) throw OpenCxErrors.aiError(r);
    if (r.hasInlineReply()) return OpenCxMapping.inlineReply(sessionId, r);
    if (r.code().isPresent() && NO_REPLY_CODES.contains(r.code().get()) && !r.isSessionHandedOff()) {
      return OpenCxMapping.noReply(sessionId, r);
    }
    try {
      return awaitTurn(sessionId, r.messageId().orElse(null), request.text(), before, deadline);
    } catch (ChatTimeoutException e) {
      throw e; // its message already says the message was sent and is not re-sent
    } catch (ChatException e) {
      if (e.getClass() == ChatException.class) throw e; // cancelled by the caller (sendAsync)
      // the message is stored: a failure now must say so, or a caller that retries duplicates it
      throw SendOutcomeUnknownException.builder(vendor(), sessionId)
          .messageState(SendOutcomeUnknownException.MessageState.STORED)
          .messageId(r.messageId().orElse(null))
          .failure("waiting for the reply failed (" + e.getMessage() + ")")
          .cause(e)
          .build();
    }
  }

  /**
   * The whole reply to our message ({@code messageId}, else the latest contact message with {@code text}), polled
   * from the history until its turn is over ({@link OpenCxTurn}): first at once, then after 250 ms, doubling to 2 s
   * (never longer than the quiet period). Each poll reads only from the snapshot's last page on (the events that
   * can have changed), not the whole history. A poll that fails with a timeout, a connection error or a 5xx is
   * polled again. At the deadline the reply messages that arrived are returned; with none, a
   * {@link ChatTimeoutException}. The message is never re-sent.
   */
  private ChatReply awaitTurn(String sessionId, String messageId, String text, OpenCxExchange.Snapshot before,
      long deadline) {
    String what = vendor() + " wait for the reply in session " + sessionId;
    long quietMs = configured.replyQuietMillis();
    OpenCxTurn.Quiet quiet = new OpenCxTurn.Quiet(quietMs);
    long interval = ReplyPoller.FIRST_POLL_INTERVAL.toMillis();
    int polls = 0;
    ChatException lastFailure = null;
    OpenCxTurn turn = null;
    while (true) {
      Cancellation.checkNotCancelled(what);
      if (deadline - System.nanoTime() < ReplyPoller.MIN_POLL_BUDGET.toNanos()) break;
      try {
        List<HistoryItem> items = readSince(sessionId, before, deadline);
        polls++;
        int at = OpenCxTurn.anchor(items, messageId, text);
        if (at >= 0) {
          turn = OpenCxTurn.after(items, at);
          if (turn.hasReply() && turn.nextTurnBegan) return turn.reply(sessionId, "next_contact_message");
          if (quiet.over(turn)) return turn.reply(sessionId, "quiet_period");
        }
      } catch (ChatTimeoutException | ConnectionException | ServerException e) {
        // a failed poll is polled again, within the deadline
        Cancellation.checkNotCancelled(what);
        lastFailure = e;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) break;
      long pause = Math.min(interval, left);
      if (quietMs > 0) pause = Math.min(pause, quietMs);
      try {
        Cancellation.pause(Duration.ofMillis(pause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChatException(what + " was interrupted", e);
      }
      interval = Math.min(interval * 2, ReplyPoller.MAX_POLL_INTERVAL.toMillis());
    }
    if (turn != null && turn.hasReply()) return turn.reply(sessionId, "deadline");
    throw ReplyPoller.noReply(sessionId, messageId, polls, lastFailure);
  }

  /** The events after the snapshot, oldest first, read from its last page on (all of them without a snapshot). */
  private List<HistoryItem> readSince(String sessionId, OpenCxExchange.Snapshot before, long deadline) {
    if (before == null) return OpenCxClient.chronological(client.historyFrom(sessionId, null, deadline).items());
    return OpenCxExchange.since(before, client.historyFrom(sessionId, before.lastPageCursor(), deadline).items());
  }

  /**
   * The history before the send, so that a send whose answer is lost can find its message among the events after
   * it; null when it cannot be read within a quarter of the send's time (the send goes ahead: only a recovery
   * would need it, and says so).
   */
  private OpenCxExchange.Snapshot snapshot(String sessionId, long deadline) {
    long now = System.nanoTime();
    try {
      return OpenCxExchange.Snapshot.of(client.historyFrom(sessionId, null, now + (deadline - now) / 4));
    } catch (ChatException e) {
      if (e.getClass() == ChatException.class) throw e; // cancelled by the caller (sendAsync)
      return null;
    }
  }

  /**
   * The send's connection failed after the message may have reached OpenCX, or its 2xx answer could not be read
   * (OpenCX took the message in): reads the history from the snapshot's
   * last page for our message and its reply until the deadline ({@link ReplyRecovery}); never sends again.
   */
  private ChatReply recover(String sessionId, String text, OpenCxExchange.Snapshot before, ChatException failure,
      long deadline) {
    OpenCxTurn.Quiet quiet = new OpenCxTurn.Quiet(configured.replyQuietMillis());
    return ReplyRecovery.of(vendor(), sessionId, failure, deadline).await(
        () -> readSince(sessionId, before, deadline),
        fresh -> OpenCxExchange.find(sessionId, fresh, text, before != null, quiet));
  }

  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    return ChatStream.ofReply(vendor(), send(sessionId, request));
  }

  @Override
  public SessionDetails getSession(String sessionId) {
    OpenCxSession s = client.getSession(sessionId);
    return new SessionDetails(OpenCxMapping.summary(s), history(sessionId));
  }

  /**
   * One page, at most the limit. OpenCX's list has a page size of its own (not settable) and lists the newest
   * session first, so its page is trimmed and the cursor resumes after the last session returned
   * ({@link PositionalPages}), keyed by creation time.
   */
  @Override
  public Page<SessionSummary> listSessions(PageRequest request) {
    return pages.page(request, c -> listSessions(request.withCursor(c)));
  }

  private PositionalPages.ServerPage serverPage(String cursor) {
    Page<OpenCxSession> page = client.listSessions(ListSessionsParams.none(), cursor);
    List<SessionSummary> items = new ArrayList<>();
    for (OpenCxSession s : page.items()) items.add(OpenCxMapping.summary(s));
    return new PositionalPages.ServerPage(items, page.next().orElse(null));
  }

  @Override
  public List<Message> history(String sessionId) {
    return OpenCxMapping.messages(sessionId, client.fullHistory(sessionId));
  }

  @Override
  public void endSession(String sessionId) {
    client.closeSession(sessionId);
  }

  @Override
  public UnsupportedCapabilityException unsupported(Capability capability) {
    if (capability == Capability.DELETE_SESSION) {
      return new UnsupportedCapabilityException(vendor(), capability,
          vendor() + " has no delete endpoint for chat sessions; close one with ChatSession.end() (status "
              + "closed_resolved) instead, or redact it with OpenCxClient.redactSession");
    }
    return ChatBackend.super.unsupported(capability);
  }

  @Override
  public Object typedClient() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
