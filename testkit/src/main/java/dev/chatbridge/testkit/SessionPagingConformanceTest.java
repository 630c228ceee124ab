package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatbridge.AutoPager;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session listing at scale, run against a vendor's {@link Emulator} holding {@value #SESSIONS} sessions (most
 * stored with {@link Emulator#seedSessions(int)}, the newest ten created through the client): a page
 * never holds more than its limit, walking the pages ({@link Page#nextPage()} or {@link ChatClient#sessions()})
 * returns every session exactly once, also while new sessions are created between page fetches, and each page
 * costs one request (counted in the emulator's request log), fetched only when the walk reaches it. A vendor
 * without {@link Capability#LIST_SESSIONS} is checked to refuse listing before sending anything.
 *
 * <p>A vendor module extends this class and creates its emulator ({@link #createEmulator()}). Uses JUnit Jupiter.
 */
public abstract class SessionPagingConformanceTest {
  /** Sessions created before each test. */
  protected static final int SESSIONS = 260;

  /** The running emulator for the current test. */
  protected Emulator emulator;
  /** A client configured against {@link #emulator}. */
  protected ChatClient client;
  private OkHttpClient http;
  /** The ids of the sessions created before the test, most recent first. */
  private final List<String> seeded = new ArrayList<>();

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** Vendor options the client needs against the emulator; the emulator's by default. */
  protected Map<String, String> options() {
    return emulator.clientOptions();
  }

  @BeforeEach
  void startAndSeed() {
    http = new OkHttpClient();
    emulator = createEmulator().start();
    ChatConfig.Builder b = ChatConfig.builder().vendor(emulator.vendor()).baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).okHttpClient(http).callTimeout(Duration.ofSeconds(20));
    options().forEach(b::option);
    client = ChatClients.create(b.build());
    if (!lists()) return;
    List<String> oldestFirst = emulator.seedSessions(SESSIONS - 10);
    for (int i = 0; i < 10; i++) oldestFirst = append(oldestFirst, client.createSession().id());
    for (String id : oldestFirst) seeded.add(0, id);
    emulator.clearRequests();
  }

  private static List<String> append(List<String> list, String id) {
    List<String> out = new ArrayList<>(list);
    out.add(id);
    return out;
  }

  @AfterEach
  void stop() {
    try {
      client.close();
      ClientPools.assertNoneLeased(http);
    } finally {
      emulator.close();
      http.connectionPool().evictAll();
    }
  }

  private boolean lists() {
    return client.capabilities().contains(Capability.LIST_SESSIONS);
  }

  /** For a vendor that cannot list: every listing call throws before sending. */
  private void assertRefused() {
    emulator.clearRequests();
    assertThrows(UnsupportedCapabilityException.class, () -> client.listSessions(PageRequest.of(5, null)));
    assertThrows(UnsupportedCapabilityException.class, client::sessions);
    assertThrows(UnsupportedCapabilityException.class, () -> client.sessions(PageRequest.of(5, null)));
    assertEquals(List.of(), emulator.requests(), "nothing is sent");
  }

  @Test
  void aLimitIsAMaximumAndThePagesHoldEverySessionOnce() {
    if (!lists()) {
      assertRefused();
      return;
    }
    for (int limit : new int[] {1, 7, 25, 100, 1000}) {
      emulator.clearRequests();
      List<String> walked = new ArrayList<>();
      Page<SessionSummary> page = client.listSessions(PageRequest.of(limit, null));
      int pages = 1;
      int maxPages = limit == 1 ? 30 : Integer.MAX_VALUE; // one session a request: the first 30 show it
      while (true) {
        assertTrue(page.items().size() <= limit, "limit " + limit + ", page of " + page.items().size());
        page.items().forEach(s -> walked.add(s.id()));
        if (!page.hasNext() || pages == maxPages) break;
        page = page.nextPage();
        pages++;
      }
      List<String> expected = limit == 1 ? seeded.subList(0, maxPages) : seeded;
      assertEquals(expected, walked, "limit " + limit + ": every session once, most recent first");
      assertEquals(pages, emulator.requests().size(), "limit " + limit + ": one request per page");
    }
  }

  @Test
  void sessionsWalksEverySessionOnceFetchingOnlyThePagesReached() {
    if (!lists()) {
      assertRefused();
      return;
    }
    AutoPager<SessionSummary> all = client.sessions();
    Iterator<SessionSummary> it = all.iterator();
    assertEquals(0, emulator.requests().size(), "nothing is fetched before the walk reaches it");
    List<String> walked = new ArrayList<>();
    it.forEachRemaining(s -> walked.add(s.id()));
    assertEquals(seeded, walked);
    assertEquals(walked, all.stream().map(SessionSummary::id).toList(), "the stream walks the same");

    // how many pages of 10 the first 45 sessions take, page by page
    int needed = 0;
    int seen = 0;
    for (Page<SessionSummary> p = client.listSessions(PageRequest.of(10, null)); seen < 45; p = p.nextPage()) {
      needed++;
      seen += p.items().size();
    }
    emulator.clearRequests();
    List<String> first45 = client.sessions(PageRequest.of(10, null)).stream().limit(45)
        .map(SessionSummary::id).toList();
    assertEquals(seeded.subList(0, 45), first45);
    assertEquals(needed, emulator.requests().size(), "only the pages the first 45 sessions need are fetched");
  }

  @Test
  void walkingWhileSessionsAreCreatedNeitherSkipsNorRepeats() {
    if (!lists()) {
      assertRefused();
      return;
    }
    List<String> paged = new ArrayList<>();
    Page<SessionSummary> page = client.listSessions(PageRequest.of(9, null));
    while (true) {
      page.items().forEach(s -> paged.add(s.id()));
      if (!page.hasNext()) break;
      emulator.seedSessions(2); // as if another client created two
      page = page.nextPage();
    }
    assertWalked(paged);

    List<String> streamed = new ArrayList<>();
    for (SessionSummary s : client.sessions(PageRequest.of(13, null))) {
      streamed.add(s.id());
      if (streamed.size() % 25 == 0) client.createSession();
    }
    assertWalked(streamed);
  }

  private void assertWalked(List<String> walked) {
    assertEquals(walked.size(), new HashSet<>(walked).size(), "no session is repeated");
    Set<String> original = new HashSet<>(seeded);
    assertEquals(seeded, walked.stream().filter(original::contains).toList(),
        "every session there before the walk, once, in order");
  }

  @Test
  void aCursorIsOpaqueAndOnlyThisVendorsIsAccepted() {
    if (!lists()) {
      assertRefused();
      return;
    }
    Page<SessionSummary> first = client.listSessions(PageRequest.of(3, null));
    String next = first.next().orElseThrow();
    assertEquals(seeded.get(first.items().size()), client.listSessions(PageRequest.of(3, next)).items().get(0).id(),
        "a cursor given back goes on after the page that returned it");
    emulator.clearRequests();
    for (String bad : List.of("2", "offset:3", "not a cursor", next + "x", next.substring(0, next.length() - 3))) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> client.listSessions(PageRequest.of(3, bad)), bad);
      assertTrue(e.getMessage().contains("page cursor"), e.getMessage());
    }
    assertEquals(0, emulator.requests().size(), "a malformed cursor is refused before sending");
    assertFalse(client.sessions(PageRequest.of(3, null)).stream().limit(4).toList().isEmpty());
  }
}
