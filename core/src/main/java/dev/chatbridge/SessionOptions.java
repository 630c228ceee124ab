package dev.chatbridge;

import dev.chatbridge.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create a session with. Every field is optional; vendors use what they support and ignore the rest
 * (documented per vendor).
 */
public final class SessionOptions {
  private static final SessionOptions DEFAULTS = builder().build();

  private final String title;
  private final String contactId;
  private final Map<String, Object> metadata;
  private final Map<String, String> extras;

  private SessionOptions(Builder b) {
    this.title = b.title;
    this.contactId = b.contactId;
    this.metadata = Values.immutableMap(b.metadata);
    this.extras = Values.immutableMap(b.extras);
  }

  /** No title, no contact, no metadata. */
  public static SessionOptions defaults() {
    return DEFAULTS;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The session title (Onyx {@code description}, Open WebUI {@code title}). */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** The end user's id at the vendor: OpenCX {@code contact_id}, OSVI v1 {@code customer_id}. */
  public Optional<String> contactId() {
    return Optional.ofNullable(contactId);
  }

  /**
   * Flat key → String/Number/Boolean data: OpenCX {@code custom_data}, OSVI {@code input_fields}/{@code metadata}.
   */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** Vendor-specific settings for this session, same keys as the vendor's options (e.g. {@code persona-id}). */
  public Map<String, String> extras() {
    return extras;
  }

  @Override
  public String toString() {
    return "SessionOptions{title=" + title + ", contactId=" + contactId + ", metadata=" + metadata.keySet()
        + ", extras=" + extras.keySet() + "}";
  }

  /** Builds {@link SessionOptions}. */
  public static final class Builder {
    private String title;
    private String contactId;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, String> extras = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the session title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the end user's id at the vendor. */
    public Builder contactId(String contactId) {
      this.contactId = contactId;
      return this;
    }

    /** Adds one metadata entry; {@code value} must be a String, Number or Boolean. */
    public Builder metadata(String key, Object value) {
      Objects.requireNonNull(key, "key");
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new IllegalArgumentException(
            "metadata '" + key + "' must be a String, Number or Boolean, not "
                + (value == null ? "null" : value.getClass().getSimpleName()));
      }
      metadata.put(key, value);
      return this;
    }

    /** Adds every entry of {@code values}, with the same rule as {@link #metadata(String, Object)}. */
    public Builder metadata(Map<String, ?> values) {
      values.forEach(this::metadata);
      return this;
    }

    /** Adds a vendor-specific setting. */
    public Builder extra(String key, String value) {
      extras.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The options. */
    public SessionOptions build() {
      return new SessionOptions(this);
    }
  }
}
