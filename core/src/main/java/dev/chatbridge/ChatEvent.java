package dev.chatbridge;

import dev.chatbridge.internal.Values;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a {@link ChatStream}. Sealed, so a {@code switch} or {@code instanceof} chain can be exhaustive.
 * Events a vendor sends that ChatBridge does not model arrive as {@link Unknown}, never as an exception.
 */
public sealed interface ChatEvent
    permits ChatEvent.MessageStarted,
        ChatEvent.TextDelta,
        ChatEvent.ReasoningDelta,
        ChatEvent.ToolActivity,
        ChatEvent.CitationAdded,
        ChatEvent.Completed,
        ChatEvent.Unknown {

  /** The assistant started its answer. {@link #messageId()} is null when the vendor names it only later. */
  final class MessageStarted implements ChatEvent {
    private final String messageId;

    /** The reply message started; {@code messageId} may be null when the vendor gives none yet. */
    public MessageStarted(String messageId) {
      this.messageId = messageId;
    }

    /** The assistant message's id, or null. */
    public String messageId() {
      return messageId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MessageStarted && Objects.equals(((MessageStarted) o).messageId, messageId);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(messageId);
    }

    @Override
    public String toString() {
      return "MessageStarted{" + messageId + "}";
    }
  }

  /** A piece of the answer text. Concatenating every delta of a stream gives the reply's text. */
  final class TextDelta implements ChatEvent {
    private final String text;

    /** A piece of reply text. */
    public TextDelta(String text) {
      this.text = Objects.requireNonNull(text, "text");
    }

    /** The text piece; concatenating all of them gives the reply text. */
    public String text() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TextDelta && ((TextDelta) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }

    @Override
    public String toString() {
      return "TextDelta{" + Values.abbreviate(text, 60) + "}";
    }
  }

  /** A piece of the model's visible reasoning, separate from the answer text. */
  final class ReasoningDelta implements ChatEvent {
    private final String text;

    /** A piece of reasoning text. */
    public ReasoningDelta(String text) {
      this.text = Objects.requireNonNull(text, "text");
    }

    /** The reasoning text piece. */
    public String text() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ReasoningDelta && ((ReasoningDelta) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }

    @Override
    public String toString() {
      return "ReasoningDelta{" + Values.abbreviate(text, 60) + "}";
    }
  }

  /**
   * Tool or search work on the server: {@link #type()} is the vendor's event type (e.g. Onyx
   * {@code search_tool_start}), {@link #data()} its fields as plain Java values.
   */
  final class ToolActivity implements ChatEvent {
    private final String type;
    private final Map<String, Object> data;

    /** Tool activity of the given vendor type, with its payload as plain Java values. */
    public ToolActivity(String type, Map<String, Object> data) {
      this.type = Objects.requireNonNull(type, "type");
      this.data = Values.immutableMap(data);
    }

    /** The vendor's name for the activity. */
    public String type() {
      return type;
    }

    /** The payload as plain Java values. */
    public Map<String, Object> data() {
      return data;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ToolActivity && ((ToolActivity) o).type.equals(type) && ((ToolActivity) o).data.equals(data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, data);
    }

    @Override
    public String toString() {
      return "ToolActivity{" + type + "}";
    }
  }

  /** The answer cites a source document. */
  final class CitationAdded implements ChatEvent {
    private final Citation citation;

    /** A citation event. */
    public CitationAdded(Citation citation) {
      this.citation = Objects.requireNonNull(citation, "citation");
    }

    /** The cited document. */
    public Citation citation() {
      return citation;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CitationAdded && ((CitationAdded) o).citation.equals(citation);
    }

    @Override
    public int hashCode() {
      return citation.hashCode();
    }

    @Override
    public String toString() {
      return "CitationAdded{" + citation + "}";
    }
  }

  /** The answer is complete. Always the last event of a successful stream. */
  final class Completed implements ChatEvent {
    private final ChatReply reply;

    /** The terminal event with the whole reply. */
    public Completed(ChatReply reply) {
      this.reply = Objects.requireNonNull(reply, "reply");
    }

    /** The whole reply, with the text of every delta. */
    public ChatReply reply() {
      return reply;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Completed && ((Completed) o).reply.equals(reply);
    }

    @Override
    public int hashCode() {
      return reply.hashCode();
    }

    @Override
    public String toString() {
      return "Completed{" + reply + "}";
    }
  }

  /** An event ChatBridge does not model, kept with its vendor type and raw JSON text. */
  final class Unknown implements ChatEvent {
    private final String type;
    private final String raw;

    /** An event ChatBridge does not map, kept with its type and raw payload. */
    public Unknown(String type, String raw) {
      this.type = type == null ? "" : type;
      this.raw = raw == null ? "" : raw;
    }

    /** The vendor's event type, or empty when it had none. */
    public String type() {
      return type;
    }

    /** The event's payload as the vendor sent it (JSON text). */
    public String raw() {
      return raw;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown && ((Unknown) o).type.equals(type) && ((Unknown) o).raw.equals(raw);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, raw);
    }

    @Override
    public String toString() {
      return "Unknown{" + type + "}";
    }
  }
}
