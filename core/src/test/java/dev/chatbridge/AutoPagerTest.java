package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class AutoPagerTest {
  /** Pages of three numbers, 0..(pages*3-1), counting the fetches. */
  private static final class Listing {
    final int pages;
    final List<String> fetched = new ArrayList<>();
    RuntimeException failOn;

    Listing(int pages) {
      this.pages = pages;
    }

    Page<Integer> page(String cursor) {
      fetched.add(cursor);
      if (failOn != null && String.valueOf(fetched.size()).equals(failOn.getMessage())) throw failOn;
      int p = cursor == null ? 0 : Integer.parseInt(cursor);
      return new Page<>(List.of(p * 3, p * 3 + 1, p * 3 + 2), p + 1 < pages ? String.valueOf(p + 1) : null,
          this::page);
    }

    AutoPager<Integer> all() {
      return new AutoPager<>(() -> page(null));
    }
  }

  @Test
  void nothingIsFetchedUntilTheWalkStartsAndEachPageOnlyWhenReached() {
    Listing listing = new Listing(4);
    AutoPager<Integer> all = listing.all();
    Iterator<Integer> it = all.iterator();
    assertThat(listing.fetched).isEmpty();
    assertThat(it.next()).isZero();
    assertThat(listing.fetched).hasSize(1);
    it.next();
    it.next();
    assertThat(listing.fetched).as("the third item is the page's last: the next page is not read ahead").hasSize(1);
    assertThat(it.next()).isEqualTo(3);
    assertThat(listing.fetched).hasSize(2);
  }

  @Test
  void aShortCircuitingStreamStopsFetching() {
    Listing listing = new Listing(100);
    assertThat(listing.all().stream().limit(7).toList()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(listing.fetched).as("7 items need 3 pages of 3").hasSize(3);
    listing.fetched.clear();
    assertThat(listing.all().stream().filter(i -> i == 4).findFirst()).contains(4);
    assertThat(listing.fetched).hasSize(2);
    listing.fetched.clear();
    assertThat(listing.all().stream().anyMatch(i -> i > 1000)).isFalse();
    assertThat(listing.fetched).as("a full walk reads every page once").hasSize(100);
  }

  @Test
  void everyItemOnceInOrderAndEachIterationStartsAgain() {
    Listing listing = new Listing(3);
    AutoPager<Integer> all = listing.all();
    List<Integer> first = new ArrayList<>();
    all.forEach(first::add);
    assertThat(first).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(all.stream().toList()).isEqualTo(first);
    assertThat(listing.fetched).containsExactly(null, "1", "2", null, "1", "2");
    Iterator<Integer> it = all.iterator();
    it.forEachRemaining(i -> { });
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aFailedFetchThrowsFromTheWalk() {
    Listing listing = new Listing(5);
    listing.failOn = new ChatException("2") { };
    Iterator<Integer> it = listing.all().iterator();
    for (int i = 0; i < 3; i++) it.next();
    assertThatThrownBy(it::hasNext).isSameAs(listing.failOn);
    Listing again = new Listing(5);
    again.failOn = listing.failOn;
    assertThatThrownBy(() -> again.all().stream().toList()).isSameAs(listing.failOn);
  }
}
