package dev.chatbridge.opencx;

import dev.chatbridge.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /chat/sessions}. Every field is optional; an empty request creates an {@code api}
 * channel session with no contact. {@code custom_data} is session-level and flat: a nested value is refused with
 * {@link dev.chatbridge.InvalidRequestException} before sending, as the server would answer 400.
 */
public final class CreateSessionRequest {
  private final String contactId;
  private final ChannelType channel;
  private final Boolean verified;
  private final Map<String, Object> customData;
  private final ContactInput contact;

  private CreateSessionRequest(Builder b) {
    this.contactId = b.contactId;
    this.channel = b.channel;
    this.verified = b.verified;
    this.customData = Values.immutableMap(b.customData);
    this.contact = b.contact;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An existing contact's UUID ({@code contact_id}), or null. */
  public String contactId() {
    return contactId;
  }

  /** The channel, or null for the server default ({@code api}). */
  public ChannelType channel() {
    return channel;
  }

  public Boolean verified() {
    return verified;
  }

  public Map<String, Object> customData() {
    return customData;
  }

  public ContactInput contact() {
    return contact;
  }

  Map<String, Object> toWire() {
    OpenCxMapping.checkFlat("custom_data", customData);
    Map<String, Object> body = new LinkedHashMap<>();
    if (contactId != null) body.put("contact_id", contactId);
    if (channel != null) body.put("channel", Map.of("type", channel.value()));
    if (verified != null) body.put("verified", verified);
    if (!customData.isEmpty()) body.put("custom_data", customData);
    if (contact != null) body.put("contact", contact.toWire(false));
    return body;
  }

  @Override
  public String toString() {
    return "CreateSessionRequest{contactId=" + contactId + ", channel=" + channel + ", verified=" + verified
        + ", customData=" + customData.keySet() + ", contact=" + contact + "}";
  }

  /** Builds a {@link CreateSessionRequest}. */
  public static final class Builder {
    private String contactId;
    private ChannelType channel;
    private Boolean verified;
    private final Map<String, Object> customData = new LinkedHashMap<>();
    private ContactInput contact;

    private Builder() {}

    /** Links an existing contact by its UUID. */
    public Builder contactId(String contactId) {
      this.contactId = contactId;
      return this;
    }

    public Builder channel(ChannelType channel) {
      this.channel = channel;
      return this;
    }

    /** Whether the contact data is trusted: verified data goes to {@code custom_data}, else to the non-verified set. */
    public Builder verified(Boolean verified) {
      this.verified = verified;
      return this;
    }

    /** One session-level entry; the value must be a String, Number or Boolean (checked when sent). */
    public Builder customData(String key, Object value) {
      customData.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    public Builder customData(Map<String, ?> values) {
      customData.putAll(values);
      return this;
    }

    /** A contact to create or update and link, used when no {@link #contactId} is given. */
    public Builder contact(ContactInput contact) {
      this.contact = contact;
      return this;
    }

    public CreateSessionRequest build() {
      return new CreateSessionRequest(this);
    }
  }
}
