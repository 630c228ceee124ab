package dev.chatbridge.opencx;

import dev.chatbridge.internal.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /chat/sessions/{id}/send}: a text message from the contact (the default) or from a human
 * agent. An agent message may take the session over from the AI ({@code should_take_over_session_from_ai}), after
 * which the AI stops replying.
 *
 * <pre>{@code
 * SendMessageRequest.fromContact("Where is my order?").build();
 * SendMessageRequest.fromAgent(Agent.of(42, "Dana"), "I'll take it from here").takeOverFromAi(true).build();
 * }</pre>
 */
public final class SendMessageRequest {
  /** Who the message is from ({@code sender}). */
  public enum Sender {
    CONTACT("contact"),
    AGENT("agent");

    private final String wire;

    Sender(String wire) {
      this.wire = wire;
    }

    /** The wire value. */
    public String value() {
      return wire;
    }
  }

  private final Sender sender;
  private final String text;
  private final List<FileInput> attachments;
  private final ContactInput contact;
  private final Map<String, Object> customData;
  private final Agent agent;
  private final Boolean takeOverFromAi;

  private SendMessageRequest(Builder b) {
    this.sender = b.sender;
    this.text = Objects.requireNonNull(b.text, "text");
    this.attachments = List.copyOf(b.attachments);
    this.contact = b.contact;
    this.customData = Values.immutableMap(b.customData);
    this.agent = b.agent;
    this.takeOverFromAi = b.takeOverFromAi;
  }

  /** A message from the session's contact. */
  public static Builder fromContact(String text) {
    return new Builder(Sender.CONTACT, text);
  }

  /** A message from a human agent. */
  public static Builder fromAgent(Agent agent, String text) {
    return new Builder(Sender.AGENT, text).agent(Objects.requireNonNull(agent, "agent"));
  }

  public Sender sender() {
    return sender;
  }

  public String text() {
    return text;
  }

  public List<FileInput> attachments() {
    return attachments;
  }

  public Agent agent() {
    return agent;
  }

  Map<String, Object> toWire() {
    OpenCxMapping.checkFlat("custom_data", customData);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "text");
    message.put("text", text);
    if (!attachments.isEmpty()) {
      List<Map<String, Object>> files = new ArrayList<>();
      for (FileInput f : attachments) files.add(f.toWire());
      message.put("attachments", files);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sender", sender.value());
    body.put("message", message);
    if (contact != null) body.put("contact", contact.toWire(true));
    if (!customData.isEmpty()) body.put("custom_data", customData);
    if (agent != null) body.put("agent", agent.toWire());
    if (takeOverFromAi != null) body.put("should_take_over_session_from_ai", takeOverFromAi);
    return body;
  }

  @Override
  public String toString() {
    return "SendMessageRequest{sender=" + sender + ", text=" + Values.abbreviate(text, 40) + ", attachments="
        + attachments.size() + ", agent=" + agent + ", takeOverFromAi=" + takeOverFromAi + "}";
  }

  /** Builds a {@link SendMessageRequest}. */
  public static final class Builder {
    private final Sender sender;
    private final String text;
    private final List<FileInput> attachments = new ArrayList<>();
    private ContactInput contact;
    private final Map<String, Object> customData = new LinkedHashMap<>();
    private Agent agent;
    private Boolean takeOverFromAi;

    private Builder(Sender sender, String text) {
      this.sender = sender;
      this.text = Objects.requireNonNull(text, "text");
    }

    public Builder attachment(FileInput file) {
      attachments.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** Updated contact info, merged into the contact. */
    public Builder contact(ContactInput contact) {
      this.contact = contact;
      return this;
    }

    /** A session-level entry to add or update (merged); String, Number or Boolean, checked when sent. */
    public Builder customData(String key, Object value) {
      customData.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    public Builder customData(Map<String, ?> values) {
      customData.putAll(values);
      return this;
    }

    public Builder agent(Agent agent) {
      this.agent = agent;
      return this;
    }

    /** With an agent sender: a human takes the session over and the AI stops replying. */
    public Builder takeOverFromAi(boolean takeOver) {
      this.takeOverFromAi = takeOver;
      return this;
    }

    public SendMessageRequest build() {
      return new SendMessageRequest(this);
    }
  }

  /** The human agent behind an agent message: {@code {id (number), name, avatar_url}}. */
  public static final class Agent {
    private final long id;
    private final String name;
    private final String avatarUrl;

    private Agent(long id, String name, String avatarUrl) {
      this.id = id;
      this.name = name;
      this.avatarUrl = avatarUrl;
    }

    public static Agent of(long id, String name) {
      return new Agent(id, name, null);
    }

    public static Agent of(long id, String name, String avatarUrl) {
      return new Agent(id, name, avatarUrl);
    }

    public long id() {
      return id;
    }

    public String name() {
      return name;
    }

    public String avatarUrl() {
      return avatarUrl;
    }

    Map<String, Object> toWire() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      if (name != null) body.put("name", name);
      if (avatarUrl != null) body.put("avatar_url", avatarUrl);
      return body;
    }

    @Override
    public String toString() {
      return "Agent{id=" + id + ", name=" + name + "}";
    }
  }

  /** A file sent with a message: {@code {name, url, base64, mime_type}}; give a URL or inline base64. */
  public static final class FileInput {
    private final String name;
    private final String url;
    private final String base64;
    private final String mimeType;

    private FileInput(String name, String url, String base64, String mimeType) {
      this.name = name;
      this.url = url;
      this.base64 = base64;
      this.mimeType = mimeType;
    }

    /** A file the server downloads from {@code url}. */
    public static FileInput ofUrl(String name, String url, String mimeType) {
      return new FileInput(name, Objects.requireNonNull(url, "url"), null, mimeType);
    }

    /** A file sent inline as base64. */
    public static FileInput ofBase64(String name, String base64, String mimeType) {
      return new FileInput(name, null, Objects.requireNonNull(base64, "base64"), mimeType);
    }

    public String name() {
      return name;
    }

    public String url() {
      return url;
    }

    public String mimeType() {
      return mimeType;
    }

    Map<String, Object> toWire() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (name != null) body.put("name", name);
      if (url != null) body.put("url", url);
      if (base64 != null) body.put("base64", base64);
      if (mimeType != null) body.put("mime_type", mimeType);
      return body;
    }

    @Override
    public String toString() {
      return "FileInput{name=" + name + ", url=" + url + ", mimeType=" + mimeType + "}";
    }
  }
}
