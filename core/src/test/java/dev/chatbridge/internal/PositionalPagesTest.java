package dev.chatbridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PositionalPagesTest {
  /** A server listing newest first in pages of its own size, its cursor an offset, like OpenCX's list. */
  private static final class Server {
    final List<SessionSummary> newestFirst = new ArrayList<>();
    final int pageSize;
    final boolean sameKeys;
    int requests;
    int created;

    Server(int pageSize, boolean sameKeys) {
      this.pageSize = pageSize;
      this.sameKeys = sameKeys;
    }

    Server create(int n) {
      for (int i = 0; i < n; i++) {
        created++;
        newestFirst.add(0, SessionSummary.builder().id("s" + created)
            .createdAt(Instant.ofEpochSecond(sameKeys ? 1_000 : 1_000 + created)).build());
      }
      return this;
    }

    PositionalPages.ServerPage page(String offset) {
      requests++;
      int from = Math.min(offset == null ? 0 : Integer.parseInt(offset), newestFirst.size());
      int to = Math.min(from + pageSize, newestFirst.size());
      return new PositionalPages.ServerPage(newestFirst.subList(from, to),
          to < newestFirst.size() ? String.valueOf(to) : null);
    }

    PositionalPages pages() {
      return new PositionalPages("tiny", this::page, SessionSummary::createdAt);
    }
  }

  private static Page<SessionSummary> list(PositionalPages pages, PageRequest request) {
    return pages.page(request, c -> list(pages, request.withCursor(c)));
  }

  private static List<String> ids(Page<SessionSummary> page) {
    return page.items().stream().map(SessionSummary::id).toList();
  }

  @Test
  void aPageNeverHoldsMoreThanTheLimitAndTheNextGoesOnRightAfterIt() {
    Server server = new Server(10, false).create(25);
    for (int limit : List.of(1, 3, 7, 10, 11, 100)) {
      List<String> walked = new ArrayList<>();
      Page<SessionSummary> page = list(server.pages(), PageRequest.of(limit, null));
      while (true) {
        assertThat(page.items().size()).as("limit %d", limit).isLessThanOrEqualTo(limit);
        walked.addAll(ids(page));
        if (!page.hasNext()) break;
        page = page.nextPage();
      }
      assertThat(walked).as("limit %d", limit)
          .isEqualTo(server.newestFirst.stream().map(SessionSummary::id).toList());
    }
  }

  @Test
  void eachPageCostsOneServerRequestWhenNothingChanges() {
    Server server = new Server(10, false).create(25);
    Page<SessionSummary> page = list(server.pages(), PageRequest.of(4, null));
    int pages = 1;
    while (page.hasNext()) {
      page = page.nextPage();
      pages++;
    }
    // 10 + 10 + 5 server items in pages of 4, 4, 2 | 4, 4, 2 | 4, 1
    assertThat(pages).isEqualTo(8);
    assertThat(server.requests).isEqualTo(pages);
  }

  @Test
  void sessionsCreatedWhileWalkingNeitherSkipNorRepeatAnOlderOne() {
    for (boolean sameKeys : List.of(false, true)) {
      for (int perFetch : List.of(1, 3, 9)) {
        Server server = new Server(10, sameKeys).create(60);
        List<String> before = server.newestFirst.stream().map(SessionSummary::id).toList();
        List<String> walked = new ArrayList<>();
        Page<SessionSummary> page = list(server.pages(), PageRequest.of(4, null));
        while (true) {
          walked.addAll(ids(page));
          if (!page.hasNext()) break;
          server.create(perFetch);
          page = page.nextPage();
        }
        String as = "same keys " + sameKeys + ", " + perFetch + " per fetch";
        assertThat(new HashSet<>(walked)).as(as).hasSameSizeAs(walked);
        assertThat(walked).as(as).containsAll(before);
        assertThat(walked.stream().filter(before::contains).toList()).as(as).isEqualTo(before);
      }
    }
  }

  @Test
  void aShiftPastAWholeServerPageIsFollowedWhenTheKeysShowIt() {
    Server server = new Server(5, false).create(20);
    Page<SessionSummary> first = list(server.pages(), PageRequest.of(5, null));
    assertThat(ids(first)).containsExactly("s20", "s19", "s18", "s17", "s16");
    server.create(12); // s16 is now at offset 16: two server pages further down
    Page<SessionSummary> second = first.nextPage();
    assertThat(ids(second)).as("the rest of the server page it was found in").containsExactly("s15", "s14", "s13");
    List<String> walked = new ArrayList<>(ids(first));
    first.nextPage().autoPaging().forEach(s -> walked.add(s.id()));
    assertThat(new HashSet<>(walked)).hasSameSizeAs(walked);
    assertThat(walked).containsSubsequence("s16", "s15", "s1");
  }

  @Test
  void aDeletedLastSessionContinuesWhereItStood() {
    Server server = new Server(10, false).create(10);
    Page<SessionSummary> first = list(server.pages(), PageRequest.of(3, null));
    server.newestFirst.removeIf(s -> s.id().equals("s8"));
    assertThat(ids(first.nextPage())).containsExactly("s7", "s6", "s5");
  }

  @Test
  void malformedAndForeignCursorsAreRefusedBeforeAnyRequest() {
    Server server = new Server(10, false).create(3);
    PositionalPages pages = server.pages();
    String foreign = new PageCursor("3", 0, "x", null).encode("other");
    String good = new PageCursor("3", 0, "s1", null).encode("tiny");
    String padded = good + "==";
    String trailing = "cb1." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"v\":\"tiny\",\"s\":\"3\",\"id\":\"s1\"} []").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (String bad : List.of("3", "", "cb1.", "cb1.!!!", "cb1.e30x", "cb1.WzFd", foreign, good + "x", padded,
        good.substring(0, good.length() - 3), trailing, " " + good)) {
      assertThatThrownBy(() -> list(pages, PageRequest.of(2, bad)), bad)
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("page cursor");
    }
    assertThat(server.requests).isZero();
    Set<String> listed = new HashSet<>(ids(list(pages, PageRequest.of(2, null))));
    assertThat(listed).containsExactlyInAnyOrder("s3", "s2");
  }

  @Test
  void cursorsRoundTrip() {
    PageCursor c = new PageCursor("p2", 4, "id-1", Instant.parse("2026-01-02T03:04:05.123456Z"));
    PageCursor back = PageCursor.decode("tiny", c.encode("tiny"));
    assertThat(back.server()).isEqualTo("p2");
    assertThat(back.index()).isEqualTo(4);
    assertThat(back.lastId()).isEqualTo("id-1");
    assertThat(back.lastKey()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
    assertThat(c.encode("tiny")).matches("cb1\\.[A-Za-z0-9_-]+");
  }
}
