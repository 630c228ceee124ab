package dev.chatbridge.opencx;

import dev.chatbridge.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Contact details sent with a new session ({@code contact}) or a message (updated contact info, merged into the
 * contact). {@code custom_data} values are strings on the wire; {@code avatar_url} is only accepted on send.
 */
public final class ContactInput {
  private final String email;
  private final String name;
  private final String phoneNumber;
  private final String avatarUrl;
  private final Map<String, Object> customData;

  private ContactInput(Builder b) {
    this.email = b.email;
    this.name = b.name;
    this.phoneNumber = b.phoneNumber;
    this.avatarUrl = b.avatarUrl;
    this.customData = Values.immutableMap(b.customData);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String email() {
    return email;
  }

  public String name() {
    return name;
  }

  public String phoneNumber() {
    return phoneNumber;
  }

  public String avatarUrl() {
    return avatarUrl;
  }

  /** Contact-level custom data; each value must be a string (checked before sending). */
  public Map<String, Object> customData() {
    return customData;
  }

  Map<String, Object> toWire(boolean withAvatar) {
    OpenCxMapping.checkStrings("contact.custom_data", customData);
    Map<String, Object> body = new LinkedHashMap<>();
    if (email != null) body.put("email", email);
    if (name != null) body.put("name", name);
    if (phoneNumber != null) body.put("phone_number", phoneNumber);
    if (withAvatar && avatarUrl != null) body.put("avatar_url", avatarUrl);
    if (!customData.isEmpty()) body.put("custom_data", customData);
    return body;
  }

  @Override
  public String toString() {
    return "ContactInput{name=" + name + ", customData=" + customData.keySet() + "}";
  }

  /** Builds a {@link ContactInput}; every field is optional. */
  public static final class Builder {
    private String email;
    private String name;
    private String phoneNumber;
    private String avatarUrl;
    private final Map<String, Object> customData = new LinkedHashMap<>();

    private Builder() {}

    public Builder email(String email) {
      this.email = email;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder phoneNumber(String phoneNumber) {
      this.phoneNumber = phoneNumber;
      return this;
    }

    /** Sent with messages only; the create-session contact has no avatar. */
    public Builder avatarUrl(String avatarUrl) {
      this.avatarUrl = avatarUrl;
      return this;
    }

    public Builder customData(String key, String value) {
      customData.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Adds every entry; values must be strings, checked when the request is sent. */
    public Builder customData(Map<String, ?> values) {
      customData.putAll(values);
      return this;
    }

    public ContactInput build() {
      return new ContactInput(this);
    }
  }
}
