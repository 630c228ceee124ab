package dev.chatbridge.openwebui;

import dev.chatbridge.ApiError;
import dev.chatbridge.ApiException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.PositionalPages;
import dev.chatbridge.internal.SessionLocks;
import dev.chatbridge.internal.http.Cancellation;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.spi.ChatBackend;
import dev.chatbridge.spi.ReplyRecovery;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Open WebUI behind the neutral API. A send manages the history client-side, as the web UI does: under the
 * chat's lock, read the chat, call an unbound completion with the current branch, then post the whole chat back
 * with the new user and assistant messages, before the reply is reported complete. Servers from v0.11 keep the
 * history themselves ({@link #startServerManaged}).
 *
 * <p>When a send's connection drops: on the client-managed path the completion is unbound and stores nothing (the
 * chat is written only afterwards, by this client), so a drop after the request was written and before any of the
 * reply arrived leaves the chat unchanged: {@code SendOutcomeUnknownException} {@code NOT_STORED} (sending again
 * cannot duplicate it in the chat, though the model may have run). A streamed reply that breaks off after part of
 * it arrived is written back at once with the error, then {@code STORED}. A refused connection stays a
 * {@code ConnectionException}, a timeout a {@code ChatTimeoutException}. On the server-managed path the completion
 * stores the turn, so a lost answer is recovered from the chat or ends in {@code SendOutcomeUnknownException}
 * (README, "When a connection drops").
 */
final class OpenWebUiBackend implements ChatBackend {
  private static final System.Logger LOG = System.getLogger(OpenWebUiBackend.class.getPackageName());

  private final OpenWebUiClient client;
  private final SessionLocks locks;
  private final PositionalPages pages;
  private volatile List<Model> models;

  OpenWebUiBackend(OpenWebUiClient client) {
    this.client = client;
    this.locks = new SessionLocks(OpenWebUiClient.VENDOR, "chat", client.callTimeout());
    this.pages = new PositionalPages(OpenWebUiProvider.NAME, this::serverPage, SessionSummary::updatedAt);
  }

  @Override
  public String vendor() {
    return OpenWebUiProvider.NAME;
  }

  /**
   * The provider's capabilities, plus {@link Capability#STOP_GENERATION} when option {@code history=server}: the
   * capabilities are fixed when the {@code ChatClient} is built, before the server's version is read, so
   * {@code auto} does not claim it, although {@code cancel()} then still stops the server's task once the server
   * was detected as server-managed (best effort, README "Open WebUI server generations").
   */
  @Override
  public Set<Capability> capabilities() {
    if (!client.historyServer()) return OpenWebUiProvider.CAPABILITIES;
    Set<Capability> out = EnumSet.copyOf(OpenWebUiProvider.CAPABILITIES);
    out.add(Capability.STOP_GENERATION);
    return Set.copyOf(out);
  }

  @Override
  public SessionDetails createSession(SessionOptions options) {
    String model = options.extras().getOrDefault("model", client.defaultModel().orElse(null));
    String folder = options.extras().get("folder-id");
    ChatResponse chat = client.createChat(OpenWebUiClient.newChat(options.title().orElse(null), model), folder);
    return new SessionDetails(OpenWebUiMapping.summary(chat), OpenWebUiMapping.currentBranch(chat.id(),
        chat.history()));
  }

  @Override
  public SessionDetails getSession(String sessionId) {
    ChatResponse chat = client.getChat(sessionId);
    return new SessionDetails(OpenWebUiMapping.summary(chat), OpenWebUiMapping.currentBranch(chat.id(),
        chat.history()));
  }

  @Override
  public List<Message> history(String sessionId) {
    ChatResponse chat = client.getChat(sessionId);
    return OpenWebUiMapping.currentBranch(chat.id(), chat.history());
  }

  /**
   * One page, at most the limit. Open WebUI numbers its pages from 1 and fixes their size (most recently updated
   * first), so its page is trimmed and the cursor resumes after the last session returned ({@link PositionalPages}),
   * keyed by update time.
   */
  @Override
  public Page<SessionSummary> listSessions(PageRequest request) {
    return pages.page(request, cursor -> listSessions(request.withCursor(cursor)));
  }

  private PositionalPages.ServerPage serverPage(String pageNumber) {
    int page = pageNumber == null ? 1 : pageNumber(pageNumber);
    List<ChatListItem> items = client.listChats(page);
    List<SessionSummary> summaries = new ArrayList<>(items.size());
    for (ChatListItem item : items) summaries.add(OpenWebUiMapping.summary(item));
    return new PositionalPages.ServerPage(summaries,
        items.size() >= client.pageSize() ? String.valueOf(page + 1) : null);
  }

  private static int pageNumber(String cursor) {
    try {
      int n = Integer.parseInt(cursor);
      if (n >= 1) return n;
    } catch (NumberFormatException ignored) {
      // fall through
    }
    throw InvalidRequestException.local(OpenWebUiProvider.NAME,
        "malformed page cursor: pass back the cursor of a page (Page.next()) unchanged, or none for the first page");
  }

  @Override
  public void deleteSession(String sessionId) {
    if (!client.deleteChat(sessionId)) {
      // typed (fuzzing found the bare ChatException): the server answered 2xx without confirming the delete
      throw new ApiException(ApiError.builder(OpenWebUiProvider.NAME, 200)
          .serverMessage("chat " + sessionId + " was not deleted (the server did not answer true)").build());
    }
  }

  /** Archives the chat (the web UI's "Archive"); a no-op on an archived chat, since the endpoint toggles. */
  @Override
  public void endSession(String sessionId) {
    client.archiveChat(sessionId);
  }

  // ---- sending -----------------------------------------------------------------------------------------------------

  /**
   * Sends with {@code stream:false} and waits for the whole reply; the exchange is written back before this
   * returns. The body is read by the same parser as a stream, so a model whose {@code stream_response} setting
   * forces streaming still works.
   */
  @Override
  public ChatReply send(String sessionId, MessageRequest request) {
    try (ChatStream stream = open(sessionId, request, false)) {
      return stream.reply();
    }
  }

  /**
   * Streams the reply. The chat stays locked until the stream ends; when {@code [DONE]} arrives the exchange is
   * written back before {@link ChatEvent.Completed} is delivered. A cancelled, failed or truncated stream writes
   * back what arrived when it is closed (with the error on the assistant message, except after a cancel), so
   * nothing the user saw is lost.
   */
  @Override
  public ChatStream stream(String sessionId, MessageRequest request) {
    return open(sessionId, request, true);
  }

  private ChatStream open(String sessionId, MessageRequest request, boolean streaming) {
    // an empty edit of a message (a parent named) has no meaning here: refused as a blank message always is
    if (request.text().isBlank()) throw InvalidRequestException.local(vendor(), MessageRequest.BLANK_TEXT);
    String model = model(request);
    // the send's deadline (its call timeout, or the options' timeout), fixed at its start: bounds a recovery
    long deadline = Cancellation.deadlineNanos(client.callTimeout());
    boolean serverManaged = client.serverManaged(); // detected once, before the chat is locked
    ChatTurn turn = begin(sessionId, request, model);
    if (serverManaged) return startServerManaged(turn, model, deadline);
    Transport.StreamCall call;
    try {
      // unbound: stores nothing on the server, so a connection that fails here leaves the chat unchanged (a
      // ChatTimeoutException says so too); one that may have reached the server is the typed NOT_STORED outcome
      call = client.openCompletionStream(turn.request(streaming), streaming);
    } catch (InvalidRequestException e) {
      turn.release();
      throw modelNotFound(e, model);
    } catch (ConnectionException e) {
      turn.release();
      throw ReplyRecovery.mayHaveBeenProcessed(e) ? notWritten(turn, e) : e; // a connect failure sent nothing
    } catch (RuntimeException e) {
      turn.release();
      throw e;
    }
    return ChatStream.of(vendor(), client.completionEvents(call, new CompletionEventSource.Listener() {
      @Override
      public String messageId() {
        return turn.assistantId;
      }

      @Override
      public ChatReply completed(CompletionResult result) {
        try {
          turn.writeBack(result, null);
        } finally {
          turn.release(); // stored: the next send on this chat may start, even before this stream is closed
        }
        return turn.reply(result);
      }

      @Override
      public ChatReply partial(CompletionResult result) {
        return turn.reply(result);
      }

      @Override
      public RuntimeException dropped(StreamException broke, CompletionResult result) {
        if (!result.received) return notWritten(turn, broke);
        // part of the reply arrived (and was shown): it is written back now, with the error, so the outcome is known
        turn.writeBack(result, broke.getMessage()); // its own typed outcome when the write fails
        return SendOutcomeUnknownException.builder(vendor(), turn.chatId())
            .messageState(SendOutcomeUnknownException.MessageState.STORED)
            .messageId(turn.userId)
            .failure("the completion's connection dropped after " + result.text.totalChars() + " characters of the "
                + "reply; ChatBridge wrote the part that arrived to the chat, marked with the error")
            .cause(broke)
            .build();
      }

      @Override
      public void closed(CompletionResult result, boolean completed, boolean cancelled, String failure) {
        try {
          if (!completed && (cancelled || result.received)) {
            turn.writeBack(result, cancelled ? null
                : failure != null ? failure : "the stream was closed before the reply was complete");
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, vendor() + " could not save the partial reply in chat " + sessionId
              + ": " + e.getMessage());
        } finally {
          turn.release();
        }
      }
    }));
  }

  /**
   * The outcome of an unbound completion whose connection dropped after it may have reached the server and before
   * any of the reply arrived: nothing is in the chat (ChatBridge writes the exchange only afterwards), so sending
   * again cannot duplicate it there, though the model may have run.
   */
  private SendOutcomeUnknownException notWritten(ChatTurn turn, ChatException failure) {
    return SendOutcomeUnknownException.builder(vendor(), turn.chatId())
        .messageState(SendOutcomeUnknownException.MessageState.NOT_STORED)
        .failure("the completion's connection dropped before ChatBridge wrote the exchange to the chat ("
            + failure.getMessage() + "); the model may have run")
        .cause(failure)
        .build();
  }

  /**
   * The server-managed path (servers from v0.11, or option {@code history=server}): one chat-bound completion,
   * after which the server stores the turn and generates the reply itself; the reply is read from the chat as it
   * grows ({@link ServerReplySource}). Nothing is written back by the client. The chat stays locked in this client
   * until the reply is done or the stream is closed.
   *
   * <p>When the connection fails after the completion may have reached the server (a reset after the request was
   * written, a read timeout: {@link ReplyRecovery#mayHaveBeenProcessed}), the completion is not sent again: the
   * server stores the turn before it answers, under the ids this client generated, so the chat is read until our
   * user message (its id, no text matching) appears, within the send's deadline ({@link #recoverTurn}); then the
   * reply is followed as on the normal path, up to that same deadline.
   */
  private ChatStream startServerManaged(ChatTurn turn, String model, long deadline) {
    try {
      client.startChatBound(turn.boundRequest());
    } catch (InvalidRequestException e) {
      turn.release();
      throw modelNotFound(e, model);
    } catch (ConnectionException | ChatTimeoutException e) {
      if (!ReplyRecovery.mayHaveBeenProcessed(e)) {
        turn.release();
        throw e;
      }
      try {
        recoverTurn(turn, e, deadline);
      } catch (RuntimeException r) {
        turn.release();
        throw r;
      }
      return ChatStream.of(vendor(), new ServerReplySource(client, turn, client.maxReplyChars(), e, deadline));
    } catch (RuntimeException e) {
      turn.release();
      throw e;
    }
    return ChatStream.of(vendor(), new ServerReplySource(client, turn, client.maxReplyChars()));
  }

  /**
   * Reads the chat until the turn of a chat-bound completion whose answer was lost is there: the user message with
   * our id ({@link ReplyRecovery}: at once, then backing off, until {@code deadline}). Returns when it is; else
   * {@link dev.chatbridge.SendOutcomeUnknownException} {@code UNKNOWN}. Its absence is never taken as proof that
   * it was not stored: a lost answer does not say whether the server's handler, which stores the turn before it
   * answers, has run yet (a proxy that cut the connection, a slow database), so it could still appear.
   */
  private void recoverTurn(ChatTurn turn, ChatException failure, long deadline) {
    ReplyRecovery.of(vendor(), turn.chatId(), failure, deadline).await(
        () -> client.getChat(turn.chatId()).history(),
        history -> history.message(turn.userId).isPresent()
            ? ReplyRecovery.Lookup.reply(turn.userId, Boolean.TRUE) // found: its reply is followed as it grows
            : ReplyRecovery.Lookup.notFound());
  }

  private ChatTurn begin(String sessionId, MessageRequest request, String model) {
    SessionLocks.Permit permit = locks.acquire(sessionId);
    try {
      ChatResponse chat = client.readChat(sessionId);
      ChatHistory history = chat.history();
      String parent;
      if (request.parentId().isPresent()) {
        parent = request.parentId().get();
        if (history.message(parent).isEmpty()) {
          throw InvalidRequestException.local(vendor(), "parentId '" + parent + "' is not a message of chat "
              + sessionId);
        }
      } else {
        parent = history.currentId().filter(id -> history.message(id).isPresent()).orElse(null);
      }
      return new ChatTurn(client, permit, chat, parent, request.text(), model, modelName(model));
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
  }

  // ---- models ------------------------------------------------------------------------------------------------------

  /** The model for this message: the request's {@code model} extra, else the configured option; checked against the list. */
  private String model(MessageRequest request) {
    String model = request.extras().get("model");
    if (model == null) model = client.defaultModel().orElse(null);
    if (model == null) {
      throw new ConfigurationException(vendor() + " needs option '" + OpenWebUiProvider.MODEL + "' to send messages: "
          + "set " + ChatConfig.optionKeys(vendor(), OpenWebUiProvider.MODEL) + "; " + describeModels());
    }
    List<Model> known = knownModels(false);
    if (known != null && !contains(known, model)) {
      known = knownModels(true); // the list may have changed since it was cached
      if (known != null && !contains(known, model)) {
        throw InvalidRequestException.local(vendor(), "unknown model '" + model + "'; " + describe(known));
      }
    }
    return model;
  }

  private InvalidRequestException modelNotFound(InvalidRequestException e, String model) {
    if (!e.serverMessage().contains("Model not found")) return e;
    models = null;
    return new InvalidRequestException(e.error().toBuilder()
        .serverMessage("Model not found: '" + model + "'; " + describeModels()).build());
  }

  private String modelName(String model) {
    List<Model> known = models;
    if (known != null) for (Model m : known) if (m.id().equals(model)) return m.name();
    return model;
  }

  /** The cached list, fetched on first use (never at construction); null when it cannot be fetched. */
  private List<Model> knownModels(boolean refresh) {
    List<Model> known = models;
    if (known != null && !refresh) return known;
    try {
      known = client.models();
      models = known;
      return known;
    } catch (ChatException e) {
      LOG.log(System.Logger.Level.DEBUG, vendor() + " could not list models: " + e.getMessage());
      return null;
    }
  }

  private String describeModels() {
    try {
      List<Model> known = client.models();
      models = known;
      return describe(known);
    } catch (ChatException e) {
      return "could not list the models (" + e.getMessage() + ")";
    }
  }

  private static String describe(List<Model> known) {
    if (known.isEmpty()) return "this key can use no models (GET /api/models is empty)";
    return "models available: " + known.stream().map(Model::id).collect(Collectors.joining(", "));
  }

  private static boolean contains(List<Model> known, String id) {
    for (Model m : known) if (m.id().equals(id)) return true;
    return false;
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
