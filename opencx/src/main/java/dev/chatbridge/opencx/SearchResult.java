package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code GET /chat/sessions/search?q=} found: matching contacts and message hits. */
public final class SearchResult {
  private final List<ContactHit> contacts;
  private final List<MessageHit> messages;
  private final Map<String, Object> additionalProperties;

  private SearchResult(JsonNode n) {
    List<ContactHit> c = new ArrayList<>();
    for (JsonNode x : Json.list(n, "contacts")) if (x.isObject()) c.add(new ContactHit(x));
    List<MessageHit> m = new ArrayList<>();
    for (JsonNode x : Json.list(n, "messages")) if (x.isObject()) m.add(new MessageHit(x));
    this.contacts = List.copyOf(c);
    this.messages = List.copyOf(m);
    this.additionalProperties = Json.rest(n, Set.of("contacts", "messages"));
  }

  static SearchResult from(JsonNode n) {
    return new SearchResult(n);
  }

  public List<ContactHit> contacts() {
    return contacts;
  }

  public List<MessageHit> messages() {
    return messages;
  }

  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "SearchResult{" + contacts.size() + " contacts, " + messages.size() + " messages}";
  }

  /** A contact that matched: {@code {id, name, email, phone}}. */
  public static final class ContactHit {
    private final String id;
    private final String name;
    private final String email;
    private final String phone;
    private final Map<String, Object> additionalProperties;

    ContactHit(JsonNode n) {
      this.id = Json.id(n, "id");
      this.name = Json.text(n, "name");
      this.email = Json.text(n, "email");
      this.phone = Json.text(n, "phone");
      this.additionalProperties = Json.rest(n, Set.of("id", "name", "email", "phone"));
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public String email() {
      return email;
    }

    public String phone() {
      return phone;
    }

    public Map<String, Object> additionalProperties() {
      return additionalProperties;
    }

    @Override
    public String toString() {
      return "ContactHit{id=" + id + ", name=" + name + "}";
    }
  }

  /** A message that matched: {@code {id, session_id, message, type}}. */
  public static final class MessageHit {
    private final String id;
    private final String sessionId;
    private final String message;
    private final String type;
    private final Map<String, Object> additionalProperties;

    MessageHit(JsonNode n) {
      this.id = Json.id(n, "id");
      this.sessionId = Json.id(n, "session_id");
      this.message = Json.text(n, "message");
      this.type = Json.text(n, "type");
      this.additionalProperties = Json.rest(n, Set.of("id", "session_id", "message", "type"));
    }

    public String id() {
      return id;
    }

    public String sessionId() {
      return sessionId;
    }

    /** The matching message text. */
    public String message() {
      return message;
    }

    /** The sender type, as the server reports it. */
    public String type() {
      return type;
    }

    public Map<String, Object> additionalProperties() {
      return additionalProperties;
    }

    @Override
    public String toString() {
      return "MessageHit{id=" + id + ", sessionId=" + sessionId + "}";
    }
  }
}
