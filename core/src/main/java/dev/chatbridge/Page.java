package dev.chatbridge;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of results plus the cursor to the next. {@link #autoPaging()} walks every later page for you, fetching
 * lazily.
 *
 * <p>A page of sessions never holds more than the {@link PageRequest#limit() limit} asked for, but may hold fewer
 * even when more follow (a vendor's server page ended first): only an empty {@link #next()} means the last page.
 * Cursors are opaque: pass them back unchanged.
 */
public final class Page<T> {
  private final List<T> items;
  private final String next;
  private final Function<String, Page<T>> fetchNext;

  /**
   * @param next cursor for the following page, null on the last page
   * @param fetchNext fetches the page for a cursor (used by {@link #autoPaging()})
   */
  public Page(List<T> items, String next, Function<String, Page<T>> fetchNext) {
    this.items = List.copyOf(items);
    this.next = next;
    this.fetchNext = Objects.requireNonNull(fetchNext, "fetchNext");
  }

  /** This page's items. */
  public List<T> items() {
    return items;
  }

  /** The opaque cursor of the next page; empty on the last page. */
  public Optional<String> next() {
    return Optional.ofNullable(next);
  }

  /** True when a later page exists. */
  public boolean hasNext() {
    return next != null;
  }

  /** Fetches the next page. */
  public Page<T> nextPage() {
    if (next == null) throw new NoSuchElementException("last page");
    return fetchNext.apply(next);
  }

  /**
   * Every item of this page and all later ones, fetching each later page only when the walk reaches it (the same
   * lazy walk as {@link ChatClient#sessions()}). Each iteration starts again at this page's first item.
   */
  public AutoPager<T> autoPaging() {
    return new AutoPager<>(() -> this);
  }

  @Override
  public String toString() {
    return "Page{" + items.size() + " items, next=" + next + "}";
  }
}
