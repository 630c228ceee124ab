package dev.chatbridge;

import java.util.Optional;

/**
 * Which page of sessions to list: the most it may hold and the cursor from the previous {@link Page#next()}.
 *
 * <p>The limit is a maximum on every vendor: a page never holds more. Where the server fixes its own page size
 * (OpenCX, Open WebUI) ChatBridge trims the server's page, and the page's cursor continues exactly after the last
 * session returned, so walking the pages neither skips nor repeats a session, also while new sessions are being
 * created. A page may hold fewer than the limit while more follow; only an empty {@link Page#next()} ends the
 * listing. Cursors are opaque strings, valid for the vendor that made them; anything else given as a cursor is
 * refused with {@link InvalidRequestException} before a request is sent.
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

  /** The first page, at most the vendor's default page size. */
  public static PageRequest first() {
    return FIRST;
  }

  /**
   * A request for at most {@code limit} items (null = the vendor's default page size) after {@code cursor} (null =
   * the first page). A limit below 1 is an {@link IllegalArgumentException}.
   */
  public static PageRequest of(Integer limit, String cursor) {
    return new PageRequest(limit, cursor);
  }

  /** The same limit with another cursor. */
  public PageRequest withCursor(String cursor) {
    return new PageRequest(limit, cursor);
  }

  /** The most items a page may hold; empty for the vendor's default page size. */
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
