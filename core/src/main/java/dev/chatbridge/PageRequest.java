package dev.chatbridge;

import java.util.Optional;

/**
 * Which page of sessions to list: a size hint and the cursor from the previous {@link Page#next()}. Vendors that
 * fix their own page size ignore {@link #limit()}.
 */
public final class PageRequest {
  private static final PageRequest FIRST = new PageRequest(null, null);

  private final Integer limit;
  private final String cursor;

  private PageRequest(Integer limit, String cursor) {
    if (limit != null && limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
    this.limit = limit;
    this.cursor = cursor;
  }

  /** The first page, vendor's default size. */
  public static PageRequest first() {
    return FIRST;
  }

  /** A request for {@code limit} items (null = vendor default) after {@code cursor} (null = first page). */
  public static PageRequest of(Integer limit, String cursor) {
    return new PageRequest(limit, cursor);
  }

  /** The same size hint with another cursor. */
  public PageRequest withCursor(String cursor) {
    return new PageRequest(limit, cursor);
  }

  /** The page size hint. */
  public Optional<Integer> limit() {
    return Optional.ofNullable(limit);
  }

  /** Opaque cursor from a previous page; absent for the first page. */
  public Optional<String> cursor() {
    return Optional.ofNullable(cursor);
  }

  @Override
  public String toString() {
    return "PageRequest{limit=" + limit + ", cursor=" + cursor + "}";
  }
}
