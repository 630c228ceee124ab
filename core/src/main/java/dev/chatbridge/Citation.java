package dev.chatbridge;

import java.util.Objects;
import java.util.Optional;

/** A source document a reply cites. Vendors fill what they have; {@link #documentId()} is always present. */
public final class Citation {
  private final Integer number;
  private final String documentId;
  private final String title;
  private final String url;

  private Citation(Builder b) {
    this.documentId = Objects.requireNonNull(b.documentId, "documentId");
    this.number = b.number;
    this.title = b.title;
    this.url = b.url;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The citation marker number in the text ({@code [1]}), when the vendor numbers them. */
  public Optional<Integer> number() {
    return Optional.ofNullable(number);
  }

  /** The vendor's document id (opaque). */
  public String documentId() {
    return documentId;
  }

  /** The document title, when known. */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** A link to the document, when known. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Citation)) return false;
    Citation c = (Citation) o;
    return Objects.equals(number, c.number) && documentId.equals(c.documentId) && Objects.equals(title, c.title)
        && Objects.equals(url, c.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, documentId, title, url);
  }

  @Override
  public String toString() {
    return "Citation{number=" + number + ", documentId=" + documentId + ", title=" + title + ", url=" + url + "}";
  }

  /** Builds a {@link Citation}. */
  public static final class Builder {
    private Integer number;
    private String documentId;
    private String title;
    private String url;

    private Builder() {}

    /** Sets the marker number used in the text. */
    public Builder number(Integer number) {
      this.number = number;
      return this;
    }

    /** Sets the vendor's document id (required). */
    public Builder documentId(String documentId) {
      this.documentId = documentId;
      return this;
    }

    /** Sets the document title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the document link. */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** The citation; {@code documentId} is required. */
    public Citation build() {
      return new Citation(this);
    }
  }
}
