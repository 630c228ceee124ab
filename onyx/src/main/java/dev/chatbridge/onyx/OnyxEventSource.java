package dev.chatbridge.onyx;

import com.fasterxml.jackson.core.JacksonException;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.Citation;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.Message;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.Role;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import dev.chatbridge.spi.ReplyRecovery;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns Onyx stream lines into neutral events, and rejoins a reply whose connection broke.
 *
 * <p>Mapping:
 * <ul>
 *   <li>ids lines are captured (session id, user message id, reserved assistant id) and not surfaced;</li>
 *   <li>{@code message_start} → MessageStarted (the reserved assistant id), followed by a TextDelta of its
 *       {@code content} when it has one (servers before December 2025 and the web client's mocks put text there);
 *       {@code message_delta} → TextDelta, {@code reasoning_delta} → ReasoningDelta, {@code citation_info} →
 *       CitationAdded, {@code stop} → Completed; tool/search/research/agent packets and the non-fatal {@code error}
 *       packet → ToolActivity (the {@code obj} fields plus {@code turn_index}, {@code tab_index},
 *       {@code sub_turn_index}, {@code model_index});</li>
 *   <li>{@code chat_heartbeat} is dropped; any other packet type (known structural ones such as
 *       {@code section_end}, {@code reasoning_start}, and unknown ones) and any unknown line → Unknown with the raw
 *       line;</li>
 *   <li>in multi-model runs only model 0 (or a null model index) feeds the neutral reply; text, reasoning, citation
 *       and stop packets of other models arrive as Unknown, their tool packets as ToolActivity, and their errors
 *       (a StreamingError whose {@code details.model_index} is not 0) as Unknown {@code streaming_error}: another
 *       model failing does not end model 0's reply;</li>
 *   <li>Completed is always the last event: the stream ends at the primary model's {@code stop}, and lines after
 *       it (other models still generating, a mock's trailing line) are not read;</li>
 *   <li>a StreamingError or bare {@code {"error"}} line → {@link OnyxStreamException} with {@code error_code} and
 *       {@code retryable()} (false for the codes Onyx marks retryable although they are permanent).</li>
 * </ul>
 *
 * <p>Recovery (unless {@code resume-attempts} is 0): when the connection breaks, goes idle past the stream idle
 * timeout, or the body ends without the primary {@code stop} (also in the middle of a line) after the ids line
 * arrived, the reply is rejoined with {@code resume-stream?cursor=0}: Onyx replays the run's buffer, whose lines
 * are byte for byte the lines already read, then follows the run live. Heartbeats are dropped, the first
 * {@link #lines} lines are skipped (the replayed ids line must name the same messages) and reading goes on where
 * it stopped, so every event arrives once. No resumable run (404 {@code NOT_FOUND}: the run is over), a replay
 * that ends early, a server without the route, or attempts used up: the reply is read from
 * {@code get-chat-session} (the reserved message, child of the user message), waiting while the run is still
 * going, and only the part not yet streamed is delivered. Only when that fails too does the stream throw, saying
 * the message was sent.
 *
 * <p>Before the ids line (the send POST reset after its body was written or timed out before the response, or the
 * body broke before its first ids): the message's ids are unknown. With an explicit parent the exchange is looked
 * up in {@code get-chat-session} by its parent link ({@link ReplyRecovery}, until the deadline): our message is the
 * only user message whose {@code parent_message} is that parent and whose text is what was sent (a check on top of
 * the link), the reply its assistant child; then the recovery goes on as above (rejoined while running, else read
 * from the session). Not found → {@link SendOutcomeUnknownException} UNKNOWN (absence proves nothing: the run may
 * still be in its setup); found, reply unfinished at the deadline → STORED with the message id; two candidates, or
 * a parent that is a user message (a regeneration stores no new message) → UNKNOWN, not identified. Without an
 * explicit parent ChatBridge omits {@code parent_message_id} and Onyx places the message after the latest
 * mainline message ({@code SendMessageRequest.parent_message_id} defaults to -1,
 * {@code AUTO_PLACE_AFTER_LATEST_MESSAGE}, {@code backend/onyx/server/query_and_chat/models.py}; resolved in
 * {@code backend/onyx/chat/process_message.py}, onyx-dot-app/onyx at commit
 * a7d66a8b778c3f9026c4f89dae47d14a3f84816f), a place the client cannot know for sure once others write to the
 * session: UNKNOWN at once, without a history wait.
 */
final class OnyxEventSource implements EventSource {
  /** What Onyx stores in a reserved reply row until its run ends ({@code reserve_message_id}). */
  static final String PLACEHOLDER = "Response was terminated prior to completion, try regenerating.";
  private static final List<String> DOCUMENT_FIELDS = List.of("final_documents", "documents", "cited_docs");

  private final OnyxClient client;
  private final OnyxResume resume;
  private final String sessionId; // the request's; the stream's once it names one (a session created inline)
  private final Integer parentId;
  private final String sent; // the message text: a check on the exchange found by its parent link
  private final ReplyAccumulator text;
  private final StringBuilder reasoning = new StringBuilder();
  private final Map<String, Map<?, ?>> documents = new LinkedHashMap<>();
  private final ArrayDeque<ChatEvent> pending = new ArrayDeque<>(4);
  private final Object wakeup = new Object();
  private final long started = System.nanoTime();
  private volatile OnyxStream stream;
  private volatile boolean cancelled;
  private volatile Integer userMessageId;
  private volatile Integer assistantMessageId;
  private String idsKey; // the ids line as "user/assistant,…", to recognise it in a replay
  private long idsLine = -1; // its index among the counted lines
  private long lines; // complete lines taken from the reply so far, heartbeats not counted: what a replay skips
  private boolean done; // Completed was produced: nothing after it is surfaced
  private boolean endRead; // the read past the primary stop was made
  private boolean multiModel; // the ids line named several models: lines after model 0's stop are theirs

  // the recovery: touched only by the reading thread
  private boolean resumed; // the current stream is a resume-stream replay
  private long skip; // lines of the replay still to skip
  private long replayed; // lines of the replay skipped so far
  private long progress; // nanoTime of the replay's last line that was not a heartbeat
  private int attempts; // resume attempts since the reply last made progress
  private long deadline; // the running recovery's deadline (System.nanoTime); 0 while none runs
  private String recoveredFrom; // "resume-stream" or "session" once the reply was rejoined
  private String storedText; // the session's reply when it does not continue what was streamed
  private ChatException sendFailure; // the send POST failed after it may have reached the server: no stream
  private boolean foundByParent; // the ids came from the session (parent link), not from the stream's ids line

  /**
   * The reply read from {@code stream}; {@code stream} is null when the send POST failed with {@code sendFailure}
   * after it may have reached the server: the exchange is then looked up by {@code parentId} on the first read.
   */
  private OnyxEventSource(OnyxClient client, OnyxStream stream, ChatException sendFailure, OnyxResume resume,
      String sessionId, Integer parentId, String sent, int maxReplyChars) {
    this.client = client;
    this.stream = stream;
    this.sendFailure = sendFailure;
    this.resume = resume;
    this.sessionId = sessionId;
    this.parentId = parentId;
    this.sent = sent;
    this.text = new ReplyAccumulator(maxReplyChars);
  }

  /** The reply of a send whose response began: read from {@code stream}, rejoined if it breaks. */
  static OnyxEventSource of(OnyxClient client, OnyxStream stream, OnyxResume resume, String sessionId,
      Integer parentId, String sent, int maxReplyChars) {
    return new OnyxEventSource(client, Objects.requireNonNull(stream, "stream"), null, resume, sessionId, parentId,
        sent, maxReplyChars);
  }

  /**
   * The reply of a send whose POST failed with {@code failure} after it may have reached the server (a reset after
   * the body was written, a read timeout before the response): without a {@code parentId} it throws
   * {@link SendOutcomeUnknownException} UNKNOWN at once; with one, the exchange is looked up on the first read.
   */
  static OnyxEventSource afterFailedSend(OnyxClient client, ChatException failure, OnyxResume resume,
      String sessionId, Integer parentId, String sent, int maxReplyChars) {
    if (parentId == null) throw unidentified(sessionId, "the send request failed (" + failure.getMessage() + ")",
        failure);
    return new OnyxEventSource(client, null, Objects.requireNonNull(failure, "failure"), resume, sessionId,
        parentId, sent, maxReplyChars);
  }

  @Override
  public ChatEvent next() throws IOException {
    while (true) {
      ChatEvent queued = pending.poll();
      if (queued != null) return queued;
      if (done) {
        readEnd();
        return null;
      }
      if (!readLine()) {
        if (pending.isEmpty()) return null;
        continue; // the reply came from the session
      }
      long index = lines++;
      OnyxStream s = stream;
      OnyxStreamItem item = s.item();
      ChatEvent event = item != null ? map(item, index, s) : delta(s.deltas());
      if (event != null) return event;
    }
  }

  // ---- reading, across breaks

  /**
   * After the primary {@code stop} of a single-model reply read live, reads on to the end of the body, which Onyx
   * sends right after it: a body read to its end lets the parser's buffers go back to Jackson's pool and the
   * connection back to OkHttp's. A line found there instead (a web mock's trailing line) is not surfaced; any
   * failure is ignored (the reply is whole). Several models, or a reply rejoined: nothing more is read.
   */
  private void readEnd() {
    if (endRead) return;
    endRead = true;
    if (multiModel || resumed || recoveredFrom != null || stream == null) return;
    try {
      stream.readLine();
    } catch (IOException | RuntimeException ignored) {
      // the reply is already complete
    }
  }

  /**
   * Moves to the reply's next line that is not a heartbeat ({@code stream.item()}), rejoining the reply when its
   * connection breaks: false at its end, and when the rest of the reply came from the session (then it is in
   * {@link #pending}).
   */
  private boolean readLine() throws IOException {
    while (true) {
      if (sendFailure != null) { // the send POST failed: look the exchange up, then rejoin or read it
        ChatException failure = sendFailure;
        sendFailure = null;
        if (recover(failure, true)) continue;
        return false;
      }
      OnyxStream s = stream;
      boolean more;
      try {
        more = s.readLine();
        if (more && resumed) more = checkReplay(s);
      } catch (JacksonException e) {
        throw e; // a malformed line: the server sent garbage, not a broken connection
      } catch (IOException e) {
        if (!recoverable(e)) throw unrecovered(e);
        if (recover(e, true)) continue;
        return false;
      }
      if (!more) {
        if (cancelled || !resume.enabled()) return false; // the neutral stream reports the truncation
        // the original body ended without stop: rejoin; a replay that ended before stop lost part of its buffer
        if (recover(null, !resumed)) continue;
        return false;
      }
      OnyxStreamItem item = s.item();
      if (item instanceof Packet p && PacketTypes.CHAT_HEARTBEAT.equals(p.type())) continue;
      if (!resumed) return true;
      if (replayed++ == idsLine && !Objects.equals(idsKey, idsKey(item))) {
        // the buffer is another run's: ours is over, its reply is in the session
        s.release();
        if (recover(null, false)) continue;
        return false;
      }
      if (skip > 0) { // a line already delivered
        skip--;
        continue;
      }
      if (deadline != 0) { // the replay caught up: the recovery is over
        deadline = 0;
        attempts = 0;
      }
      return true;
    }
  }

  /**
   * The checks on every line of a replay, heartbeats included: the stream's total limit and the recovery's
   * deadline, and a replay that sends only heartbeats for longer than the idle timeout is taken as stalled (a run
   * whose writer died keeps its resume stream open with heartbeats for up to 30 minutes).
   */
  private boolean checkReplay(OnyxStream s) throws IOException {
    long now = System.nanoTime();
    if (resume.pastTotal(started, now)) {
      throw new ChatTimeoutException(OnyxProvider.NAME + " stream ran past its time limit "
          + "(chatbridge.stream-total-timeout)" + sentNote());
    }
    if (deadline != 0 && now - deadline >= 0) throw failure("rejoining the reply ran out of time", null);
    OnyxStreamItem item = s.item();
    if (item instanceof Packet p && PacketTypes.CHAT_HEARTBEAT.equals(p.type())) {
      if (now - progress > resume.idleTimeoutNanos) {
        throw new SocketTimeoutException("the resumed reply sent only heartbeats for longer than the stream idle "
            + "timeout");
      }
    } else {
      progress = now;
    }
    return true;
  }

  /** True when a failed read may be rejoined: not cancelled, recovery on, and not the call's own time limit. */
  private boolean recoverable(IOException e) {
    if (cancelled || stream == null || stream.isCancelled() || !resume.enabled()) return false;
    Cancellation operation = Cancellation.current();
    if (operation != null && operation.isCancelled()) return false;
    return e instanceof SocketTimeoutException || !(e instanceof InterruptedIOException);
  }

  /** A failed read that is not rejoined: as it was, unless a recovery was running out of its time. */
  private IOException unrecovered(IOException e) {
    if (!cancelled && deadline != 0 && e instanceof InterruptedIOException) {
      throw failure("rejoining the reply ran out of time", e);
    }
    return e;
  }

  /**
   * Rejoins the reply after {@code cause} broke it (null: its body ended early): true when a resume-stream replay
   * is in place, false when the rest of the reply came from the session and is in {@link #pending}. With
   * {@code resumeFirst} false the buffer is known to be incomplete, so the session is read straight away.
   */
  private boolean recover(Throwable cause, boolean resumeFirst) {
    release();
    if (deadline == 0) deadline = resume.deadline(started);
    if (assistantMessageId == null) identify(cause);
    Throwable why = cause;
    boolean tryResume = resumeFirst;
    while (true) {
      while (tryResume && attempts < resume.attempts && !resume.routeMissing()) {
        attempts++;
        pause(OnyxResume.backoffNanos(attempts), why, "rejoining the reply");
        try {
          OnyxStream next = client.resumeStream(sessionId(), false); // each attempt one request
          install(next);
          return true;
        } catch (NotFoundException e) {
          String code = e.errorCode().orElse(null);
          if ("SESSION_NOT_FOUND".equals(code)) throw failure("the session is gone (" + e.getMessage() + ")", e);
          if (code == null) resume.markRouteMissing(); // FastAPI's plain 404: a server from before durable runs
          why = e;
          break; // no resumable run: it is over (or not started): its reply is in the session
        } catch (ChatException e) {
          checkNotCancelled();
          why = e;
        }
      }
      if (!readSession(why)) return false;
      tryResume = true; // the run is still going and an attempt is left: rejoin it again
    }
  }

  /**
   * A break before the ids line, with an explicit parent: finds our exchange in the session by its parent link
   * ({@link #find}), reading it until the deadline, and takes its ids as if the ids line had arrived; the recovery
   * then goes on as after any break. Without a parent, or when it is not found (the run may still be in its setup),
   * found unfinished or not identifiable for sure: {@link SendOutcomeUnknownException}.
   */
  private void identify(Throwable cause) {
    if (parentId == null) throw unidentified(sessionId(), what(cause), cause);
    ChatException failure = cause instanceof ChatException c ? c
        : new ConnectionException(OnyxProvider.NAME + " " + what(cause), cause);
    int[] ids = ReplyRecovery.of(OnyxProvider.NAME, sessionId(), failure, deadline).await(() -> {
      checkNotCancelled();
      return client.getChatSession(sessionId());
    }, this::find);
    userMessageId = ids[0];
    assistantMessageId = ids[1];
    multiModel = ids.length > 2;
    StringBuilder key = new StringBuilder().append(ids[0]).append('/');
    for (int i = 1; i < ids.length; i++) key.append(ids[i]).append(multiModel ? "," : "");
    idsKey = key.toString();
    idsLine = lines; // a replay's next line after those already read must be this ids line
    foundByParent = true;
  }

  /**
   * Our exchange in one read of the session, by its parent link: the only user message whose parent is
   * {@link #parentId} and whose text is what we sent (the text only checks the link), and its assistant children
   * (several for a multi-model run, model 0's first): {@code [user, assistant…]} as the reply of the lookup.
   */
  private ReplyRecovery.Lookup<int[]> find(ChatSessionDetail detail) {
    ChatMessageDetail parent = detail.message(parentId);
    if (parent != null && ChatMessageDetail.TYPE_USER.equals(parent.messageType())) {
      return ReplyRecovery.Lookup.ambiguous("parent " + parentId + " is a user message, so Onyx regenerates its "
          + "reply and stores no new message to find");
    }
    List<ChatMessageDetail> users = new ArrayList<>();
    for (ChatMessageDetail m : detail.messages()) {
      if (ChatMessageDetail.TYPE_USER.equals(m.messageType()) && parentId.equals(m.parentMessage())
          && sent.equals(m.message())) {
        users.add(m);
      }
    }
    if (users.size() > 1) {
      return ReplyRecovery.Lookup.ambiguous(users.size() + " user messages with this text answer message "
          + parentId);
    }
    if (users.isEmpty()) return ReplyRecovery.Lookup.notFound();
    int user = users.get(0).messageId();
    List<Integer> replies = new ArrayList<>();
    for (ChatMessageDetail m : detail.messages()) {
      if (ChatMessageDetail.TYPE_ASSISTANT.equals(m.messageType()) && Objects.equals(user, m.parentMessage())) {
        replies.add(m.messageId());
      }
    }
    if (replies.isEmpty()) return ReplyRecovery.Lookup.stored(String.valueOf(user));
    replies.sort(null);
    int[] ids = new int[replies.size() + 1];
    ids[0] = user;
    for (int i = 0; i < replies.size(); i++) ids[i + 1] = replies.get(i);
    return ReplyRecovery.Lookup.reply(String.valueOf(user), ids);
  }

  /** Makes {@code next}, a replay from the run's start, the stream read from now on. */
  private void install(OnyxStream next) {
    stream = next;
    if (cancelled) { // cancel() ran while it was being opened: it stopped the old one
      next.release();
      checkNotCancelled();
    }
    resumed = true;
    skip = lines;
    replayed = 0;
    progress = System.nanoTime();
    recoveredFrom = "resume-stream";
  }

  /**
   * Reads the reply from {@code get-chat-session} until it is there (then queued in {@link #pending}: false), or
   * until the run shows as still going while a resume attempt is left (true); throws when the recovery's time runs
   * out or the session cannot hold our reply.
   */
  private boolean readSession(Throwable why) {
    String sessionId = sessionId();
    String reason = why == null ? "no resumable run" : describe(why);
    for (int poll = 1; ; poll++) {
      pause(OnyxResume.pollNanos(poll), why, "the session did not show the finished reply (" + reason + ")");
      ChatSessionDetail detail;
      try {
        detail = client.getChatSession(sessionId);
      } catch (NotFoundException e) {
        throw failure("the session is gone (" + e.getMessage() + ")", e);
      } catch (ChatException e) {
        checkNotCancelled();
        why = e;
        reason = describe(e);
        continue;
      }
      ChatMessageDetail reply = detail.message(assistantMessageId);
      if (reply != null && userMessageId != null && !userMessageId.equals(reply.parentMessage())) {
        throw failure("message " + assistantMessageId + " in the session is not the reply to message "
            + userMessageId, why);
      }
      if (running(detail)) {
        if (attempts < resume.attempts && !resume.routeMissing()) return true;
        reason = "the run is still going";
      } else if (reply == null) {
        reason = "the session does not show reply " + assistantMessageId + " yet";
      } else if (reply.error() != null) {
        throw new StreamException(OnyxProvider.NAME + " reported an error for the reply after its stream broke: "
            + scrub(reply.error()) + sentNote(), null, null, why);
      } else if (PLACEHOLDER.equals(reply.message())) {
        reason = "the session shows Onyx's placeholder for reply " + assistantMessageId + " and no run: its "
            + "generation ended without a reply, or the history lags";
      } else {
        deliver(detail, reply);
        return false;
      }
    }
  }

  /** True while the session shows our run in flight (its id is the reserved reply's, or for several models the user message's). */
  private boolean running(ChatSessionDetail detail) {
    Map<String, Object> run = detail.currentRun();
    if (run == null || !(run.get("run_id") instanceof Number n)) return false;
    int id = n.intValue();
    return Objects.equals(id, assistantMessageId) || Objects.equals(id, userMessageId);
  }

  /**
   * Queues the stored reply: only the text not streamed yet (the stored text is the streamed text, citation links
   * included), citations not delivered yet, and Completed.
   */
  private void deliver(ChatSessionDetail detail, ChatMessageDetail reply) {
    String stored = reply.message();
    long sent = text.totalChars();
    if (sent <= stored.length() && stored.startsWith(text.text())) {
      if (sent < stored.length()) pending.add(text.accept(new ChatEvent.TextDelta(stored.substring((int) sent))));
    } else {
      storedText = stored; // it does not continue what was streamed: the reply is the stored text
    }
    documents.putAll(OnyxMapping.documents(reply.contextDocs()));
    List<Citation> had = text.citations();
    for (Citation c : OnyxMapping.citations(reply.citations(), documents)) {
      boolean known = had.stream().anyMatch(h -> Objects.equals(h.number(), c.number())
          && h.documentId().equals(c.documentId()));
      if (!known) pending.add(text.accept(new ChatEvent.CitationAdded(c)));
    }
    recoveredFrom = "session";
    pending.add(new ChatEvent.Completed(reply(stopReason(detail, reply))));
    done = true;
  }

  /** The stop reason of the stored reply's replay packets ({@code user_cancelled} for a stopped run), or stop. */
  private static String stopReason(ChatSessionDetail detail, ChatMessageDetail reply) {
    int index = 0;
    for (ChatMessageDetail m : detail.messages()) {
      if (!ChatMessageDetail.TYPE_ASSISTANT.equals(m.messageType())) continue;
      if (m.messageId() == reply.messageId()) break;
      index++;
    }
    if (index < detail.packets().size()) {
      for (Packet p : detail.packets().get(index)) {
        if (PacketTypes.STOP.equals(p.type()) && p.stopReason() != null) return p.stopReason();
      }
    }
    return "stop";
  }

  /** Waits {@code nanos}, within the recovery's deadline; throws when it has passed or the reply was cancelled. */
  private void pause(long nanos, Throwable why, String what) {
    long left = deadline - System.nanoTime();
    if (left <= 0) throw failure(what + " and the time for recovering it ran out", why);
    long wait = Math.min(nanos, left);
    if (wait > 0) {
      try {
        if (Cancellation.current() != null) {
          Cancellation.pause(java.time.Duration.ofNanos(wait));
        } else {
          synchronized (wakeup) {
            long until = System.nanoTime() + wait;
            for (long w = wait; !cancelled && w > 0; w = until - System.nanoTime()) {
              wakeup.wait(w / 1_000_000, (int) (w % 1_000_000));
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChatException(OnyxProvider.NAME + " reply recovery was interrupted", e);
      }
    }
    checkNotCancelled();
    if (deadline - System.nanoTime() <= 0) throw failure(what + " and the time for recovering it ran out", why);
  }

  private void checkNotCancelled() {
    if (cancelled) throw new ChatException(OnyxProvider.NAME + " reply recovery was cancelled");
    Cancellation.checkNotCancelled(() -> OnyxProvider.NAME + " reply recovery");
  }

  /**
   * The final failure once the message is known stored: what arrived, why the rest could not be had. When the
   * exchange was found by its parent link (no ids line arrived), {@link SendOutcomeUnknownException} STORED.
   */
  private ChatException failure(String why, Throwable cause) {
    if (foundByParent) {
      return SendOutcomeUnknownException.builder(OnyxProvider.NAME, String.valueOf(sessionId()))
          .messageState(SendOutcomeUnknownException.MessageState.STORED)
          .messageId(id(userMessageId))
          .failure("the connection failed before " + OnyxProvider.NAME + " reported its id (it was found by its "
              + "parent " + parentId + ", reply " + assistantMessageId + ") and " + why + " ("
              + text.totalChars() + " characters of the reply had arrived; read the session for the reply)")
          .cause(cause)
          .build();
    }
    return new StreamException(OnyxProvider.NAME + " reply broke off after the message was sent: " + why
        + sentNote(), null, Boolean.FALSE, cause);
  }

  /** Where the exchange stands, for messages: the ids, how much of the reply arrived, not to send again. */
  private String sentNote() {
    return "; the message is stored (session " + sessionId() + ", message " + userMessageId + ", reply "
        + assistantMessageId + ") and " + text.totalChars() + " characters of the reply had arrived, so do not "
        + "send it again: read the session's history for the reply";
  }

  /** What broke before the ids line, in a few words: {@code cause} null means the body ended. */
  private String what(Throwable cause) {
    if (cause == null) return "the reply stream ended";
    if (cause instanceof ChatException) return "the send request failed (" + describe(cause) + ")";
    return "the reply stream broke (" + describe(cause) + ")";
  }

  /**
   * A send that failed before Onyx reported its ids, without an explicit parent: Onyx places such a message after
   * the session's latest message, which the client does not know for sure, so the exchange is not looked up.
   */
  static SendOutcomeUnknownException unidentified(String sessionId, String what, Throwable cause) {
    return SendOutcomeUnknownException.builder(OnyxProvider.NAME, String.valueOf(sessionId))
        .messageState(SendOutcomeUnknownException.MessageState.UNKNOWN)
        .failure(what + " before the server reported the message's id, and without a parentId its exchange cannot "
            + "be found by its parent link (send with a parentId to have the reply recovered)")
        .cause(cause)
        .build();
  }

  private String describe(Throwable t) {
    String m = t.getMessage();
    return scrub(m == null ? t.getClass().getSimpleName() : m);
  }

  /** The session: the stream's (a session created inline is named by its first line), else the request's. */
  private String sessionId() {
    OnyxStream s = stream;
    return s != null ? s.chatSessionId() : sessionId;
  }

  /** {@code s} with the API key masked; messages of exceptions the transport made are masked already. */
  private String scrub(String s) {
    OnyxStream current = stream;
    return current != null ? current.scrub(s) : s;
  }

  private void release() {
    OnyxStream s = stream;
    if (s != null) s.release();
  }

  // ---- mapping

  private ChatEvent map(OnyxStreamItem item, long index, OnyxStream s) {
    if (item instanceof OnyxStreamItem.SessionCreated) return null;
    if (item instanceof OnyxStreamItem.MessageIds ids) {
      userMessageId = ids.userMessageId();
      assistantMessageId = ids.reservedAssistantMessageId();
      idsKey = idsKey(item);
      idsLine = index;
      return null;
    }
    if (item instanceof OnyxStreamItem.MultiModelMessageIds ids) {
      multiModel = true;
      userMessageId = ids.userMessageId();
      assistantMessageId = ids.messageId(0);
      idsKey = idsKey(item);
      idsLine = index;
      return null;
    }
    if (item instanceof StreamingError error) {
      Object model = error.details().get("model_index");
      if (model instanceof Number n && n.intValue() != 0) { // another model failed: model 0 goes on
        return new ChatEvent.Unknown("streaming_error", item.raw());
      }
      throw streamError(error, s);
    }
    if (item instanceof OnyxStreamItem.UnknownLine) return new ChatEvent.Unknown("", item.raw());
    return packet((Packet) item);
  }

  /** The ids a replay's ids line must repeat; null for any other line. */
  private static String idsKey(OnyxStreamItem item) {
    if (item instanceof OnyxStreamItem.MessageIds ids) {
      return ids.userMessageId() + "/" + ids.reservedAssistantMessageId();
    }
    if (item instanceof OnyxStreamItem.MultiModelMessageIds ids) {
      StringBuilder sb = new StringBuilder().append(ids.userMessageId()).append('/');
      for (int i = 0; i < ids.responses().size(); i++) sb.append(ids.messageId(i)).append(',');
      return sb.toString();
    }
    return null;
  }

  /** A plain text delta, as {@link #packet} maps a {@code message_delta} Packet, without making the Packet. */
  private ChatEvent delta(ItemReader d) {
    Integer model = d.modelIndex();
    if (model != null && model != 0) return new ChatEvent.Unknown(PacketTypes.MESSAGE_DELTA, d.packet().raw());
    String content = d.content();
    return content.isEmpty() ? null : text.accept(new ChatEvent.TextDelta(content));
  }

  private ChatEvent packet(Packet p) {
    String type = p.type();
    if (PacketTypes.CHAT_HEARTBEAT.equals(type)) return null;
    rememberDocuments(p);
    if (PacketTypes.TOOL_ACTIVITY.contains(type)) return new ChatEvent.ToolActivity(type, toolData(p));
    Integer model = p.modelIndex();
    if (model != null && model != 0) return new ChatEvent.Unknown(type, p.raw());
    return switch (type) {
      case PacketTypes.MESSAGE_START -> {
        String content = p.content();
        if (content != null && !content.isEmpty()) pending.add(text.accept(new ChatEvent.TextDelta(content)));
        yield new ChatEvent.MessageStarted(id(assistantMessageId));
      }
      case PacketTypes.MESSAGE_DELTA -> {
        String content = p.content();
        yield content == null || content.isEmpty() ? null : text.accept(new ChatEvent.TextDelta(content));
      }
      case PacketTypes.REASONING_DELTA -> {
        String r = p.reasoning();
        if (r == null || r.isEmpty()) yield null;
        reasoning.append(r);
        yield new ChatEvent.ReasoningDelta(r);
      }
      case PacketTypes.CITATION_INFO -> {
        String doc = p.documentId();
        yield doc == null ? new ChatEvent.Unknown(type, p.raw())
            : text.accept(new ChatEvent.CitationAdded(OnyxMapping.citation(p.citationNumber(), doc, documents)));
      }
      case PacketTypes.STOP -> {
        done = true; // the primary model's reply is whole: what follows is not surfaced
        yield new ChatEvent.Completed(reply(p.stopReason() == null ? "stop" : p.stopReason()));
      }
      default -> new ChatEvent.Unknown(type, p.raw());
    };
  }

  /** Documents named in {@code final_documents}, {@code documents} and {@code cited_docs}, for citation titles. */
  private void rememberDocuments(Packet p) {
    for (String field : DOCUMENT_FIELDS) {
      Object docs = p.field(field);
      if (docs instanceof List<?> list) documents.putAll(OnyxMapping.documents(list));
    }
  }

  private static Map<String, Object> toolData(Packet p) {
    Map<String, Object> data = new LinkedHashMap<>(p.fields());
    Packet.Placement placement = p.placement();
    if (placement != null) {
      data.put("turn_index", placement.turnIndex());
      data.put("tab_index", placement.tabIndex());
      data.put("sub_turn_index", placement.subTurnIndex());
      data.put("model_index", placement.modelIndex());
    }
    return data;
  }

  private static OnyxStreamException streamError(StreamingError e, OnyxStream stream) {
    StringBuilder msg = new StringBuilder(OnyxProvider.NAME).append(" reported an error in the stream: ")
        .append(stream.scrub(e.error()));
    if (e.errorCode() != null) msg.append(" [").append(e.errorCode()).append(']');
    if (Boolean.TRUE.equals(OnyxStreamException.retryable(e))) msg.append(" (retryable)");
    return new OnyxStreamException(msg.toString(), e);
  }

  private ChatReply reply(String finishReason) {
    Map<String, Object> vendor = new LinkedHashMap<>();
    vendor.put("message_type", ChatMessageDetail.TYPE_ASSISTANT);
    if (reasoning.length() > 0) vendor.put("reasoning", reasoning.toString());
    if (text.truncated()) vendor.put("text_truncated_at_chars", text.text().length());
    if (recoveredFrom != null) vendor.put("recovered_from", recoveredFrom);
    Message message = Message.builder()
        .id(id(assistantMessageId))
        .sessionId(sessionId())
        .role(Role.ASSISTANT)
        .text(storedText != null ? storedText : text.text())
        .parentId(userMessageId != null ? id(userMessageId) : id(parentId))
        .citations(text.citations())
        .vendorData(vendor)
        .build();
    return ChatReply.builder()
        .message(message)
        .userMessageId(id(userMessageId))
        .finishReason(finishReason)
        .truncated(text.truncated())
        .build();
  }

  private static String id(Integer id) {
    return id == null ? null : id.toString();
  }

  /**
   * Stops at once: closes the connection being read (the original or a replay) and asks the server to stop
   * generating; a recovery waiting between attempts ends.
   */
  @Override
  public void cancel() {
    cancelled = true;
    OnyxStream s = stream;
    if (s != null) s.cancel();
    else client.stopInBackground(sessionId); // the send failed while its run may be going: stop it too
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
  }

  @Override
  public ChatReply partialReply() {
    if (!text.hasContent() && assistantMessageId == null) return null;
    return reply("user_cancelled");
  }

  /** Releases the connection only: the neutral stream has already cancelled it if it was unfinished. */
  @Override
  public void close() {
    release();
  }
}
