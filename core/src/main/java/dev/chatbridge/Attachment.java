package dev.chatbridge;

import java.util.Objects;
import java.util.Optional;

/** A file attached to a message, as the vendor describes it. Content is not downloaded. */
public final class Attachment {
  private final String id;
  private final String name;
  private final String url;
  private final String mimeType;

  private Attachment(Builder b) {
    this.id = b.id;
    this.name = b.name;
    this.url = b.url;
    this.mimeType = b.mimeType;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The vendor's file id, when it has one. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The file name, when known. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** Where the file can be fetched, when the vendor gives a URL. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** The MIME type, when the vendor says. */
  public Optional<String> mimeType() {
    return Optional.ofNullable(mimeType);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attachment)) return false;
    Attachment a = (Attachment) o;
    return Objects.equals(id, a.id) && Objects.equals(name, a.name) && Objects.equals(url, a.url)
        && Objects.equals(mimeType, a.mimeType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, url, mimeType);
  }

  @Override
  public String toString() {
    return "Attachment{id=" + id + ", name=" + name + ", url=" + url + ", mimeType=" + mimeType + "}";
  }

  /** Builds an {@link Attachment}. */
  public static final class Builder {
    private String id;
    private String name;
    private String url;
    private String mimeType;

    private Builder() {}

    /** Sets the vendor's file id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the file name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the download URL. */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** Sets the MIME type. */
    public Builder mimeType(String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /** The attachment. */
    public Attachment build() {
      return new Attachment(this);
    }
  }
}
