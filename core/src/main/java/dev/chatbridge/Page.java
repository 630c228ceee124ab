package dev.chatbridge;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of results plus the cursor to the next. {@link #autoPaging()} walks every later page for you, fetching
 * lazily.
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

  /** Every item of this page and all later ones, fetching each page when the iterator reaches it. */
  public Iterable<T> autoPaging() {
    return () -> new Iterator<T>() {
      private Page<T> page = Page.this;
      private Iterator<T> it = page.items.iterator();

      @Override
      public boolean hasNext() {
        while (!it.hasNext()) {
          if (page.next == null) return false;
          page = page.nextPage();
          it = page.items.iterator();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        return it.next();
      }
    };
  }

  @Override
  public String toString() {
    return "Page{" + items.size() + " items, next=" + next + "}";
  }
}
