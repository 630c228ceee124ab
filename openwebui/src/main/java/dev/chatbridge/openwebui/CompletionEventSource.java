package dev.chatbridge.openwebui;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.Citation;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.StreamException;
import dev.chatbridge.internal.http.ErrorBody;
import dev.chatbridge.internal.http.Transport;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.internal.stream.SseEvent;
import dev.chatbridge.internal.stream.SseReader;
import dev.chatbridge.spi.EventSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import okio.BufferedSource;

/**
 * Reads an unbound completion's SSE body incrementally: Open WebUI event frames without {@code choices}
 * ({@code sources} → {@link ChatEvent.CitationAdded}, an empty {@code {}} → nothing, others →
 * {@link ChatEvent.Unknown}), then the provider's {@code chat.completion.chunk} frames (content →
 * {@link ChatEvent.TextDelta}, with text inside Open WebUI's reasoning tags such as {@code <think>…</think>} split
 * out as reasoning ({@link ReasoningTags}); {@code reasoning_content}, {@code reasoning} or {@code thinking} →
 * {@link ChatEvent.ReasoningDelta}; {@code tool_calls} fragments assembled by {@code index} and reported whole as
 * one {@link ChatEvent.ToolActivity} at the next {@code finish_reason}), then {@code [DONE]}. A frame with
 * {@code error} throws {@link StreamException}.
 *
 * <p>The end: {@code [DONE]} completes the reply. A body that ends cleanly without it completes the reply only when
 * the last chunk with a choice carried a {@code finish_reason} (a provider or pipe that finishes its reply but
 * omits {@code [DONE]}); otherwise it is a truncation ({@link StreamException}): a stream cut mid-way also ends
 * cleanly, and the two cannot be told apart, so Open WebUI's async-generator pipe functions, which send neither
 * a finish chunk nor {@code [DONE]}, are reported truncated too. A server that answers JSON although a stream was
 * asked for (a model's {@code stream_response} override) is read as one completion.
 */
final class CompletionEventSource implements EventSource {
  /** What the caller does at the end of the stream. */
  interface Listener {
    /** The assistant message id to announce in {@link ChatEvent.MessageStarted}; null when none. */
    default String messageId() {
      return null;
    }

    /** Called when {@code [DONE]} arrives; returns the reply for {@link ChatEvent.Completed}. */
    ChatReply completed(CompletionResult result);

    /** The reply as far as it got, after a cancel. */
    ChatReply partial(CompletionResult result);

    /** Called once when the stream is closed, however it ended; {@code failure} is null unless it failed. */
    default void closed(CompletionResult result, boolean completed, boolean cancelled, String failure) {}

    /**
     * Called when the connection broke while the body was read (not a timeout, not a cancel or close): returns the
     * exception to throw instead of {@code broke}, or null for {@code broke} itself. {@code result} holds what
     * arrived, whole.
     */
    default RuntimeException dropped(StreamException broke, CompletionResult result) {
      return null;
    }
  }

  /** Where wrong-typed chunk fields are reported. */
  private static final String CHUNK = OpenWebUiProvider.NAME + " completion chunk delta";

  private final Transport.StreamCall call;
  private final Listener listener;
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  final CompletionResult result;
  final Deque<ChatEvent> pending = new ArrayDeque<>();
  private final ChunkReader chunks = new ChunkReader();
  private final ReasoningTags tags = new ReasoningTags(this::piece);
  /** Tool-call fragments by {@code index}, assembled until the next finish reason reports them. */
  private final ToolCalls toolCalls = new ToolCalls();
  /** True while the last chunk with a choice carried a finish reason: a clean end then completes the reply. */
  boolean finishedLast;
  private SseReader reader;
  private boolean started;
  boolean finishNext;
  private boolean completed;
  private boolean ended;
  private String failure;
  private volatile boolean cancelled;
  /** Set as {@link #close()} begins: a read it breaks is no dropped connection. */
  private volatile boolean closing;
  private boolean closed;

  CompletionEventSource(Transport.StreamCall call, Listener listener, int maxReplyChars) {
    this.call = call;
    this.listener = listener;
    this.result = new CompletionResult(maxReplyChars);
  }

  @Override
  public synchronized ChatEvent next() throws IOException {
    try {
      while (true) {
        if (!pending.isEmpty()) return pending.poll();
        if (finishNext) {
          if (flush()) continue; // held-back text and unreported tool calls come before Completed
          finishNext = false;
          ended = true;
          ChatReply reply = listener.completed(result);
          completed = true;
          return new ChatEvent.Completed(reply);
        }
        if (ended) return null;
        if (reader == null) {
          if (call.contentType().toLowerCase(Locale.ROOT).contains("json")) {
            readJsonBody();
            continue;
          }
          reader = new SseReader(call.source());
        }
        SseEvent event = reader.next();
        if (event == null) {
          if (finishedLast && result.received) {
            finishNext = true; // finished, only the [DONE] line is missing
            continue;
          }
          ended = true;
          throw new StreamException(OpenWebUiProvider.NAME + " stream ended before 'data: [DONE]' and without a "
              + "finish_reason (truncated after " + result.text.totalChars() + " characters; an async-generator pipe "
              + "function that sends neither ends this way too)");
        }
        byte[] bytes = event.dataBytes();
        if (bytes == null || !fastFrame(bytes, event.dataOffset(), event.dataLength())) treeFrame(event.data());
      }
    } catch (IOException | RuntimeException e) {
      if (failure == null) failure = cancelled ? null : String.valueOf(e.getMessage());
      // a broken connection; not a timeout, a cancel or close, nor Jackson's parse error (a malformed body)
      if (e instanceof IOException io && !(io instanceof JacksonException) && !cancelled && !closing
          && !Transport.isTimeout(io)) {
        StreamException broke = new StreamException(OpenWebUiProvider.NAME + " stream broke mid-reply: "
            + io.getMessage(), io);
        if (result.received) flush(); // what arrived, whole
        RuntimeException instead = listener.dropped(broke, result);
        if (instead != null) {
          ended = true;
          throw instead;
        }
      }
      throw e;
    }
  }

  /**
   * One event's data read from its bytes when it is blank, {@code [DONE]} or a plain text chunk (the bulk of any
   * stream: {@link ChunkReader}); false, with nothing done, when the frame needs {@link #treeFrame}.
   */
  boolean fastFrame(byte[] bytes, int offset, int length) {
    int start = offset;
    int end = offset + length;
    // String.trim() on the decoded text: in UTF-8 the characters up to U+0020 are exactly the bytes up to 0x20
    while (start < end && (bytes[start] & 0xFF) <= ' ') start++;
    while (end > start && (bytes[end - 1] & 0xFF) <= ' ') end--;
    if (start == end) return true;
    if (end - start == DONE.length && java.util.Arrays.equals(bytes, start, end, DONE, 0, DONE.length)) {
      finishNext = true;
      return true;
    }
    if (!chunks.read(bytes, start, end - start)) return false;
    result.received = true;
    if (result.model == null) result.model = chunks.model;
    start();
    String content = chunks.content;
    if (content != null && !content.isEmpty()) {
      tags.accept(content);
      finishedLast = false;
    }
    finish(chunks.finishReason);
    return true;
  }

  /** How many chunks the fast path read through its template (for tests). */
  int chunksReadFromTemplate() {
    return chunks.templateReads;
  }

  /** One event's data as text, parsed into a tree: every frame the fast path leaves alone. */
  void treeFrame(String text) throws IOException {
    String data = text.trim();
    if (data.isEmpty()) return;
    if (data.equals("[DONE]")) {
      finishNext = true;
      return;
    }
    dispatch(Json.parse(data));
  }

  private void dispatch(JsonNode frame) {
    if (frame.isObject() && frame.isEmpty()) return; // a pipe's empty dict: carries nothing
    result.received = true;
    if (!frame.isObject()) {
      pending.add(new ChatEvent.Unknown("", frame.toString()));
      return;
    }
    JsonNode error = frame.get("error");
    if (error != null && !error.isNull() && !(error.isBoolean() && !error.booleanValue())) {
      ErrorBody body = ErrorBody.parse(frame.toString());
      String message = body.message.isEmpty() ? error.toString() : body.message;
      throw new StreamException(OpenWebUiProvider.NAME + " reported an error in the stream: " + call.scrub(message),
          body.code, null, null);
    }
    boolean known = false;
    if (frame.has("choices")) {
      known = true;
      chunk(frame);
    }
    if (frame.has("sources")) {
      known = true;
      for (Citation c : result.addSources(frame.get("sources"))) pending.add(event(new ChatEvent.CitationAdded(c)));
    }
    if (frame.has("usage")) {
      known = true;
      result.usage(frame.get("usage"));
    }
    if (!known) {
      Iterator<String> names = frame.fieldNames();
      pending.add(new ChatEvent.Unknown(names.hasNext() ? names.next() : "", frame.toString()));
    }
  }

  private void chunk(JsonNode frame) {
    if (result.model == null) result.model = Json.text(frame, "model");
    for (JsonNode choice : Json.list(frame, "choices")) {
      Integer index = Json.integer(choice, "index");
      if (index != null && index != 0) continue; // one reply per call; n > 1 is never requested
      start();
      JsonNode delta = Json.obj(choice, "delta");
      if (delta == null) delta = Json.obj(choice, "message");
      // the three keys Open WebUI itself reads reasoning from
      String reasoning = Json.string(delta, "reasoning_content", CHUNK);
      if (reasoning == null) reasoning = Json.string(delta, "reasoning", CHUNK);
      if (reasoning == null) reasoning = Json.string(delta, "thinking", CHUNK);
      boolean carries = false;
      if (reasoning != null && !reasoning.isEmpty()) {
        piece(null, reasoning);
        carries = true;
      }
      String content = Json.string(delta, "content", CHUNK);
      if (content != null && !content.isEmpty()) {
        tags.accept(content);
        carries = true;
      }
      JsonNode tools = delta == null ? null : delta.get("tool_calls");
      if (tools != null && tools.isArray() && !tools.isEmpty()) {
        for (JsonNode fragment : tools) toolCalls.add(fragment);
        carries = true;
      }
      if (carries) finishedLast = false;
      finish(Json.text(choice, "finish_reason"));
    }
  }

  /** A finish reason (null: none): recorded, and the tool calls assembled so far are reported whole. */
  private void finish(String reason) {
    if (reason == null) return;
    result.finishReason = reason;
    finishedLast = true;
    reportToolCalls();
  }

  private void reportToolCalls() {
    java.util.List<Object> calls = toolCalls.drain();
    if (calls.isEmpty()) return;
    result.toolCalls.addAll(calls);
    pending.add(new ChatEvent.ToolActivity("tool_calls", Map.of("tool_calls", calls)));
  }

  /** Text and reasoning held back or assembled so far, reported now; true when that queued an event. */
  private boolean flush() {
    int before = pending.size();
    tags.finish();
    reportToolCalls();
    return pending.size() > before;
  }

  /** One piece of the reply from {@link ReasoningTags} or a reasoning field: answer text or reasoning. */
  private void piece(String text, String reasoning) {
    if (text != null) {
      pending.add(event(new ChatEvent.TextDelta(text)));
    } else {
      result.reasoning.append(reasoning);
      pending.add(new ChatEvent.ReasoningDelta(reasoning));
    }
  }

  private void start() {
    if (started) return;
    started = true;
    pending.add(new ChatEvent.MessageStarted(listener.messageId()));
  }

  private ChatEvent event(ChatEvent e) {
    return result.text.accept(e);
  }

  /** The whole body as one completion, when the server did not stream. */
  private void readJsonBody() throws IOException {
    BufferedSource source = call.source();
    if (source.request(Transport.MAX_BODY_BYTES + 1)) {
      throw new ResponseFormatException(OpenWebUiProvider.NAME + " completion body is larger than the limit", "");
    }
    // read whole, so scrubbed as the transport scrubs JSON bodies: a model's text may not echo the key either
    ChatCompletion completion = ChatCompletion.parse(parseBody(call.scrub(source.readByteArray())));
    result.received = true;
    JsonNode node = completion.node();
    start();
    result.model = completion.model().orElse(null);
    completion.reasoning().ifPresent(r -> piece(null, r));
    for (Citation c : result.addSources(node.get("sources"))) pending.add(event(new ChatEvent.CitationAdded(c)));
    if (!completion.text().isEmpty()) {
      tags.accept(completion.text());
      tags.finish();
    }
    if (!completion.toolCalls().isEmpty()) {
      result.toolCalls.addAll(completion.toolCalls());
      pending.add(new ChatEvent.ToolActivity("tool_calls", Map.of("tool_calls", completion.toolCalls())));
    }
    result.finishReason = completion.finishReason().orElse(null);
    result.usage(node.get("usage"));
    finishNext = true;
  }

  /**
   * The completion body as a tree, or null when blank: read from the bytes when they are plain UTF-8 starting with
   * an ASCII character, else (and whenever Jackson refuses them) from the decoded text, whose outcome and error
   * message are the reference.
   */
  static JsonNode parseBody(byte[] bytes) throws IOException {
    int first = 0;
    while (first < bytes.length && bytes[first] >= 0 && Character.isWhitespace(bytes[first])) first++;
    if (first < bytes.length && bytes[first] >= 0 && ChunkReader.plainUtf8(bytes, 0, bytes.length)) {
      try {
        return Json.MAPPER.readTree(bytes); // not blank: an ASCII non-space character is there
      } catch (JacksonException e) {
        // fall through: the text path gives the exception (its message counts characters, not bytes)
      }
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    return body.isBlank() ? null : Json.parse(body);
  }

  @Override
  public void cancel() {
    cancelled = true;
    call.cancel();
  }

  @Override
  public synchronized ChatReply partialReply() {
    flush();
    return result.text.hasContent() || result.reasoning.length() > 0 ? listener.partial(result) : null;
  }

  @Override
  public void close() {
    // Cancel first, outside the lock, so a read blocked in next() on another thread fails at once.
    closing = true;
    if (!completed && !ended) call.cancel();
    synchronized (this) {
      if (closed) return;
      closed = true;
      try {
        call.close();
      } finally {
        if (!completed) flush(); // what arrived, whole, for a partial write-back
        listener.closed(result, completed, cancelled, completed ? null : failure);
      }
    }
  }
}
