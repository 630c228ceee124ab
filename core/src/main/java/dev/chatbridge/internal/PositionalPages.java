package dev.chatbridge.internal;

import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Session pages over a server that lists most recent first in pages of its own size (a page number, an offset or
 * an opaque cursor per page), ignoring any size asked for: OpenCX and Open WebUI. One server page is read per
 * {@link #page}, trimmed to the request's limit; the returned cursor ({@link PageCursor}) holds the server page,
 * the index to continue at and the id and sort key of the last session returned.
 *
 * <p>New sessions appear at the top and push the older ones down, so the server page read next may have shifted
 * since. The last session returned is looked up in it and the page continues right after it; when the shift
 * pushed it past the page (every item sorts before it), the following server pages are read until it is found.
 * When it is gone (deleted, or moved up by an update) the page continues where it would have stood, past any item
 * whose key says it came before. So a walk neither skips nor repeats a session while sessions are created; one
 * racing with deletions or updates may.
 */
public final class PositionalPages {
  /** Server pages read in one call looking for the last session returned before giving back an empty page. */
  static final int MAX_SERVER_PAGES = 16;

  /** One page as the server answered it: its sessions in its order and its own cursor to the next (null: last). */
  public record ServerPage(List<SessionSummary> items, String next) {
    public ServerPage {
      items = List.copyOf(items);
    }
  }

  private final String vendor;
  private final Function<String, ServerPage> fetch;
  private final Function<SessionSummary, Optional<Instant>> sortKey;

  /**
   * @param fetch reads the server page at a server position (null: the first page)
   * @param sortKey the time the server sorts by, newest first (e.g. {@link SessionSummary#updatedAt()})
   */
  public PositionalPages(String vendor, Function<String, ServerPage> fetch,
      Function<SessionSummary, Optional<Instant>> sortKey) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
    this.fetch = Objects.requireNonNull(fetch, "fetch");
    this.sortKey = Objects.requireNonNull(sortKey, "sortKey");
  }

  /**
   * The page for {@code request}: at most its limit, continuing after its cursor. {@code again} fetches the page
   * of a later cursor (the returned page's {@link Page#nextPage()}).
   */
  public Page<SessionSummary> page(PageRequest request, Function<String, Page<SessionSummary>> again) {
    PageCursor at = request.cursor().map(c -> PageCursor.decode(vendor, c)).orElse(null);
    String server = at == null ? null : at.server();
    int hint = at == null ? 0 : at.index();
    ServerPage chunk = fetch.apply(server);
    int start;
    int read = 1;
    while (true) {
      start = resumeAt(chunk.items(), at, hint);
      if (start < chunk.items().size() || chunk.next() == null) break;
      if (read == MAX_SERVER_PAGES) {
        // still looking: an empty page whose cursor goes on from the next server page
        String next = new PageCursor(chunk.next(), 0, at == null ? null : at.lastId(),
            at == null ? null : at.lastKey()).encode(vendor);
        return new Page<>(List.of(), next, again);
      }
      server = chunk.next();
      hint = 0;
      chunk = fetch.apply(server);
      read++;
    }
    List<SessionSummary> items = chunk.items();
    int end = (int) Math.min(items.size(), (long) start + request.limit().orElse(Integer.MAX_VALUE));
    List<SessionSummary> out = items.subList(start, end);
    String next = null;
    if (!out.isEmpty()) {
      SessionSummary last = out.get(out.size() - 1);
      Instant key = sortKey.apply(last).orElse(null);
      if (end < items.size()) next = new PageCursor(server, end, last.id(), key).encode(vendor);
      else if (chunk.next() != null) next = new PageCursor(chunk.next(), 0, last.id(), key).encode(vendor);
    }
    return new Page<>(out, next, again);
  }

  /**
   * Where in {@code items} (a server page) the sessions after the cursor's last one start: right after it when it
   * is there; {@code items.size()} when every item sorts before it (it was pushed further down); otherwise where
   * it would have stood.
   */
  int resumeAt(List<SessionSummary> items, PageCursor at, int hint) {
    if (at == null || at.lastId() == null) return Math.min(hint, items.size());
    for (int i = 0; i < items.size(); i++) if (items.get(i).id().equals(at.lastId())) return i + 1;
    Instant lastKey = at.lastKey();
    boolean anyOlder = false;
    boolean anyNewer = false;
    int leadingNewer = 0;
    boolean leading = true;
    for (SessionSummary s : items) {
      int c = compare(s, lastKey);
      anyOlder |= c < 0;
      anyNewer |= c > 0;
      if (leading && c > 0) leadingNewer++;
      else leading = false;
    }
    // Not here. With sessions only ever added on top, the last one can only have moved down: past this page when
    // nothing here is older than it. At the start of a server page (hint 0) "nothing older" is also what an
    // unshifted page of equal keys looks like, so there a newer item is needed as proof.
    if (!anyOlder && (hint > 0 || anyNewer)) return items.size();
    return Math.min(items.size(), Math.max(hint - 1, leadingNewer));
  }

  /** {@code s}'s key against {@code key}, newest greater; 0 when either is unknown. */
  private int compare(SessionSummary s, Instant key) {
    Instant k = sortKey.apply(s).orElse(null);
    return k == null || key == null ? 0 : k.compareTo(key);
  }
}
