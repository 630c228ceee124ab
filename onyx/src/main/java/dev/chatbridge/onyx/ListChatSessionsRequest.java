package dev.chatbridge.onyx;

/** Query of {@code GET /chat/get-user-chat-sessions}; unset parameters are left to the server's defaults. */
public final class ListChatSessionsRequest {
  private final Integer pageSize;
  private final String before;
  private final Integer projectId;
  private final Boolean onlyNonProjectChats;
  private final Boolean includeFailedChats;

  private ListChatSessionsRequest(Builder b) {
    if (b.pageSize != null && (b.pageSize < 1 || b.pageSize > 100)) {
      throw new IllegalArgumentException(OnyxProvider.NAME + " page_size must be 1..100: " + b.pageSize);
    }
    this.pageSize = b.pageSize;
    this.before = b.before;
    this.projectId = b.projectId;
    this.onlyNonProjectChats = b.onlyNonProjectChats;
    this.includeFailedChats = b.includeFailedChats;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** 1..100; the server default is 50. */
  public Integer pageSize() {
    return pageSize;
  }

  /** The previous page's last {@code time_updated}, verbatim (it is URL-encoded when sent). */
  public String before() {
    return before;
  }

  public Integer projectId() {
    return projectId;
  }

  public Boolean onlyNonProjectChats() {
    return onlyNonProjectChats;
  }

  public Boolean includeFailedChats() {
    return includeFailedChats;
  }

  /** The same query for the page after {@code page}; null when {@code page} was the last. */
  public ListChatSessionsRequest next(ChatSessionPage page) {
    String cursor = page.nextBefore();
    return cursor == null ? null : toBuilder().before(cursor).build();
  }

  public Builder toBuilder() {
    return new Builder().pageSize(pageSize).before(before).projectId(projectId)
        .onlyNonProjectChats(onlyNonProjectChats).includeFailedChats(includeFailedChats);
  }

  /** Builds a {@link ListChatSessionsRequest}. */
  public static final class Builder {
    private Integer pageSize;
    private String before;
    private Integer projectId;
    private Boolean onlyNonProjectChats;
    private Boolean includeFailedChats;

    private Builder() {}

    public Builder pageSize(Integer pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    public Builder before(String before) {
      this.before = before;
      return this;
    }

    public Builder projectId(Integer projectId) {
      this.projectId = projectId;
      return this;
    }

    public Builder onlyNonProjectChats(Boolean onlyNonProjectChats) {
      this.onlyNonProjectChats = onlyNonProjectChats;
      return this;
    }

    public Builder includeFailedChats(Boolean includeFailedChats) {
      this.includeFailedChats = includeFailedChats;
      return this;
    }

    public ListChatSessionsRequest build() {
      return new ListChatSessionsRequest(this);
    }
  }
}
