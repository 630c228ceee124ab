package dev.chatbridge.bench;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.OnyxEmulator;
import dev.chatbridge.testkit.OpenCxEmulator;
import dev.chatbridge.testkit.OpenWebUiEmulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What paging costs, counted, not timed: for each vendor that lists, {@code --sessions} sessions are stored in its
 * emulator, then every page is walked for several limits and the list requests in the emulator's request log are
 * compared with the pages returned; a lazy walk that stops early ({@code sessions(..).stream().limit(k)}) and a walk
 * while sessions are created between pages are counted the same way. Prints a Markdown table (bench/RESULTS.md,
 * "Paging"). Fails (exit 1) when a walk skips or repeats a session or a page exceeds its limit.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.chatbridge.bench.PagingMain [--sessions 1000]}
 */
public final class PagingMain {
  private PagingMain() {}

  public static void main(String[] args) {
    int sessions = ConcurrencyMain.intArg(args, "--sessions", 1000);
    List<String[]> rows = new ArrayList<>();
    boolean ok = true;
    ok &= vendor("Onyx (page_size honoured, ≤ 100)", OnyxEmulator::new, sessions, rows);
    ok &= vendor("OpenCX (server pages of 25)", () -> new OpenCxEmulator().listPageSize(25), sessions, rows);
    ok &= vendor("Open WebUI (server pages of 60)", OpenWebUiEmulator::new, sessions, rows);
    System.out.println("| vendor | walk | limit | sessions returned | pages | list requests | requests per page |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
    if (!ok) {
      System.err.println("FAILED: a walk skipped or repeated a session, or a page exceeded its limit");
      System.exit(1);
    }
  }

  private static boolean vendor(String name, Supplier<Emulator> create, int sessions, List<String[]> rows) {
    boolean ok = true;
    try (Emulator emulator = create.get().start()) {
      ChatConfig.Builder b = ChatConfig.builder().vendor(emulator.vendor()).baseUrl(emulator.baseUrl())
          .apiKey(emulator.apiKey());
      emulator.clientOptions().forEach(b::option);
      try (ChatClient client = ChatClients.create(b.build())) {
        List<String> seeded = new ArrayList<>(emulator.seedSessions(sessions));
        java.util.Collections.reverse(seeded); // most recent first
        for (Integer limit : new Integer[] {null, 10, 25, 100}) {
          emulator.clearRequests();
          List<String> walked = new ArrayList<>();
          int pages = 0;
          Page<SessionSummary> page = client.listSessions(PageRequest.of(limit, null));
          while (true) {
            pages++;
            if (limit != null && page.items().size() > limit) ok = false;
            page.items().forEach(s -> walked.add(s.id()));
            if (!page.hasNext()) break;
            page = page.nextPage();
          }
          ok &= walked.equals(seeded);
          rows.add(row(name, "every page", limit, walked.size(), pages, emulator.requests().size()));
        }
        emulator.clearRequests();
        long first = client.sessions(PageRequest.of(25, null)).stream().limit(60).count();
        rows.add(new String[] {name, "`sessions().stream().limit(60)`", "25", String.valueOf(first), "–",
            String.valueOf(emulator.requests().size()), "–"});

        emulator.clearRequests();
        List<String> walked = new ArrayList<>();
        int pages = 0;
        Page<SessionSummary> page = client.listSessions(PageRequest.of(25, null));
        while (true) {
          pages++;
          page.items().forEach(s -> walked.add(s.id()));
          if (!page.hasNext()) break;
          client.createSession(); // between every two pages, through the API (a POST, not counted)
          page = page.nextPage();
        }
        int lists = (int) emulator.requests().stream().filter(r -> r.method().equals("GET")).count();
        ok &= walked.size() == new HashSet<>(walked).size() && walked.containsAll(seeded);
        rows.add(row(name, "one session created between pages", 25, walked.size(), pages, lists));
      }
    }
    return ok;
  }

  private static String[] row(String name, String walk, Integer limit, int returned, int pages, int requests) {
    return new String[] {name, walk, limit == null ? "default" : String.valueOf(limit), String.valueOf(returned),
        String.valueOf(pages), String.valueOf(requests), String.format(Locale.ROOT, "%.2f", requests / (double) pages)};
  }
}
