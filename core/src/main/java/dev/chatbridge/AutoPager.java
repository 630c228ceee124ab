package dev.chatbridge;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a listing, across pages, fetched lazily: a page is requested only when the consumer reaches it, and
 * nothing more is requested once the consumer stops (a {@code break}, {@link Stream#limit(long)},
 * {@link Stream#findFirst()}, …). Each {@link #iterator()} or {@link #stream()} walks from the start again.
 *
 * <pre>{@code
 * for (SessionSummary s : client.sessions()) System.out.println(s.id());
 * List<SessionSummary> first25 = client.sessions().stream().limit(25).toList();   // fetches only what 25 need
 * }</pre>
 *
 * <p>A fetch that fails throws from {@code hasNext()}/{@code next()} (or the stream's terminal operation) with the
 * same exception {@link ChatClient#listSessions(PageRequest)} would throw; the walk can be restarted from the
 * cursor of the last page read. Not thread-safe: one iterator per thread.
 */
public final class AutoPager<T> implements Iterable<T> {
  private final Supplier<Page<T>> firstPage;

  /** {@code firstPage} is called when an iteration starts; later pages come from {@link Page#nextPage()}. */
  AutoPager(Supplier<Page<T>> firstPage) {
    this.firstPage = Objects.requireNonNull(firstPage, "firstPage");
  }

  /** Walks every item; the first page is fetched on the first {@code hasNext()}. */
  @Override
  public Iterator<T> iterator() {
    return new Walk<>(firstPage);
  }

  /**
   * The same walk as a sequential stream. It never reads ahead: a short-circuiting operation stops the fetching.
   * A parallel stream gains nothing (pages are fetched one after another) and is not split.
   */
  public Stream<T> stream() {
    return StreamSupport.stream(new WalkSpliterator<>(new Walk<>(firstPage)), false);
  }

  @Override
  public String toString() {
    return "AutoPager";
  }

  /** The walk: the current page and the position in it. */
  private static final class Walk<T> implements Iterator<T> {
    private Supplier<Page<T>> first;
    private Page<T> page;
    private Iterator<T> items;

    Walk(Supplier<Page<T>> first) {
      this.first = first;
    }

    @Override
    public boolean hasNext() {
      if (page == null) {
        Page<T> p = Objects.requireNonNull(first.get(), "first page");
        first = null;
        page = p;
        items = p.items().iterator();
      }
      while (!items.hasNext()) {
        if (!page.hasNext()) return false;
        page = page.nextPage(); // empty pages in the middle do not end the walk
        items = page.items().iterator();
      }
      return true;
    }

    @Override
    public T next() {
      if (!hasNext()) throw new NoSuchElementException("no more items");
      return items.next();
    }
  }

  /** Advances one item at a time and never splits, so no page is fetched before the stream asks for its items. */
  private static final class WalkSpliterator<T> implements Spliterator<T> {
    private final Walk<T> walk;

    WalkSpliterator(Walk<T> walk) {
      this.walk = walk;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      if (!walk.hasNext()) return false;
      action.accept(walk.next());
      return true;
    }

    @Override
    public Spliterator<T> trySplit() {
      return null;
    }

    @Override
    public long estimateSize() {
      return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
      return ORDERED | NONNULL;
    }
  }
}
