package dev.chatbridge.onyx;

import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import dev.chatbridge.Citation;
import dev.chatbridge.Message;
import dev.chatbridge.Role;
import dev.chatbridge.StreamException;
import dev.chatbridge.spi.EventSource;
import dev.chatbridge.spi.ReplyAccumulator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Onyx stream lines into neutral events:
 * <ul>
 *   <li>ids lines are captured (session id, user message id, reserved assistant id) and not surfaced;</li>
 *   <li>{@code message_start} → MessageStarted (the reserved assistant id), {@code message_delta} → TextDelta,
 *       {@code reasoning_delta} → ReasoningDelta, {@code citation_info} → CitationAdded, {@code stop} →
 *       Completed, tool/search/research/agent packets and the non-fatal {@code error} packet → ToolActivity
 *       (the {@code obj} fields plus {@code turn_index}, {@code tab_index}, {@code sub_turn_index},
 *       {@code model_index});</li>
 *   <li>{@code chat_heartbeat} is dropped; any other packet type (known structural ones such as
 *       {@code section_end}, {@code reasoning_start}, and unknown ones) and any unknown line → Unknown with the raw
 *       line;</li>
 *   <li>in multi-model runs only model 0 (or a null model index) feeds the neutral reply; text, reasoning, citation
 *       and stop packets of other models arrive as Unknown, their tool packets as ToolActivity;</li>
 *   <li>a StreamingError or bare {@code {"error"}} line → StreamException with {@code error_code} and
 *       {@code is_retryable}.</li>
 * </ul>
 */
final class OnyxEventSource implements EventSource {
  private static final List<String> DOCUMENT_FIELDS = List.of("final_documents", "documents", "cited_docs");
  private final OnyxStream stream;
  private final ReplyAccumulator text;
  private final StringBuilder reasoning = new StringBuilder();
  private final Map<String, Map<?, ?>> documents = new LinkedHashMap<>();
  private volatile Integer userMessageId;
  private volatile Integer assistantMessageId;
  private final Integer parentId;

  OnyxEventSource(OnyxStream stream, Integer parentId, int maxReplyChars) {
    this.stream = stream;
    this.text = new ReplyAccumulator(maxReplyChars);
    this.parentId = parentId;
  }

  @Override
  public ChatEvent next() throws IOException {
    while (true) {
      if (!stream.readLine()) return null;
      OnyxStreamItem item = stream.item();
      ChatEvent event = item != null ? map(item) : delta(stream.deltas());
      if (event != null) return event;
    }
  }

  private ChatEvent map(OnyxStreamItem item) {
    if (item instanceof OnyxStreamItem.SessionCreated) return null;
    if (item instanceof OnyxStreamItem.MessageIds ids) {
      userMessageId = ids.userMessageId();
      assistantMessageId = ids.reservedAssistantMessageId();
      return null;
    }
    if (item instanceof OnyxStreamItem.MultiModelMessageIds ids) {
      userMessageId = ids.userMessageId();
      assistantMessageId = ids.messageId(0);
      return null;
    }
    if (item instanceof StreamingError error) throw streamError(error, stream);
    if (item instanceof OnyxStreamItem.UnknownLine) return new ChatEvent.Unknown("", item.raw());
    return packet((Packet) item);
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
      case PacketTypes.MESSAGE_START -> new ChatEvent.MessageStarted(id(assistantMessageId));
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
      case PacketTypes.STOP -> new ChatEvent.Completed(reply(p.stopReason() == null ? "stop" : p.stopReason()));
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

  private static StreamException streamError(StreamingError e, OnyxStream stream) {
    StringBuilder msg = new StringBuilder(OnyxProvider.NAME).append(" reported an error in the stream: ")
        .append(stream.scrub(e.error()));
    if (e.errorCode() != null) msg.append(" [").append(e.errorCode()).append(']');
    if (Boolean.TRUE.equals(e.isRetryable())) msg.append(" (retryable)");
    return new StreamException(msg.toString(), e.errorCode(), e.isRetryable(), null);
  }

  private ChatReply reply(String finishReason) {
    Map<String, Object> vendor = new LinkedHashMap<>();
    vendor.put("message_type", ChatMessageDetail.TYPE_ASSISTANT);
    if (reasoning.length() > 0) vendor.put("reasoning", reasoning.toString());
    if (text.truncated()) vendor.put("text_truncated_at_chars", text.text().length());
    List<Citation> citations = text.citations();
    Message message = Message.builder()
        .id(id(assistantMessageId))
        .sessionId(stream.chatSessionId())
        .role(Role.ASSISTANT)
        .text(text.text())
        .parentId(userMessageId != null ? id(userMessageId) : id(parentId))
        .citations(citations)
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

  @Override
  public void cancel() {
    stream.cancel();
  }

  @Override
  public ChatReply partialReply() {
    if (!text.hasContent() && assistantMessageId == null) return null;
    return reply("user_cancelled");
  }

  /** Releases the connection only: the neutral stream has already cancelled it if it was unfinished. */
  @Override
  public void close() {
    stream.release();
  }
}
