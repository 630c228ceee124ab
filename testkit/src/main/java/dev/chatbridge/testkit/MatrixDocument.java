package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A matrix suite's generated table, kept in a document between {@code <!-- marker:name -->} and
 * {@code <!-- /marker:name -->}: the observed table is written to {@code target/marker-name.md}, then compared with
 * the committed one, or written into the document when the suite's update property is set. One mechanism for
 * {@link FaultMatrixTest}, {@link CallTimeoutMatrixTest} and {@link ConnectionDropMatrixTest}.
 */
final class MatrixDocument {
  private MatrixDocument() {}

  /** Writes the observed {@code table} to {@code target/<marker>-<name>.md}; returns that path. */
  static Path writeObserved(String marker, String name, String table) throws IOException {
    Path out = Path.of("target", marker + "-" + name + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table + "\n", StandardCharsets.UTF_8);
    return out;
  }

  /**
   * Fails unless {@code table} equals the committed one in {@code doc}; with the system property
   * {@code updateProperty} true, rewrites (or appends) it instead.
   *
   * @param what the table's name in the failure message, e.g. "fault matrix"
   * @param observed where {@link #writeObserved} put the table
   */
  static void check(Path doc, String marker, String name, String table, String updateProperty, String what,
      Path observed) throws IOException {
    String start = "<!-- " + marker + ":" + name + " -->";
    String end = "<!-- /" + marker + ":" + name + " -->";
    String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    String committed = s >= 0 && e > s ? text.substring(s, e + end.length()) : null;
    if (Boolean.getBoolean(updateProperty)) {
      String updated = committed == null ? text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + "\n" + table
          + "\n" : text.substring(0, s) + table + text.substring(e + end.length());
      Files.writeString(doc, updated, StandardCharsets.UTF_8);
      return;
    }
    if (!table.equals(committed)) {
      fail("the observed " + what + " differs from " + doc.normalize() + " (observed table in " + observed
          + "; rerun with -D" + updateProperty + "=true to accept it):\n" + diff(committed, table));
    }
  }

  /** The changed rows, keyed by their first cell. */
  static String diff(String committed, String observed) {
    if (committed == null) return "no committed table; observed:\n" + observed;
    Map<String, String> was = new LinkedHashMap<>();
    for (String line : committed.split("\n")) was.put(line.split("\\|", 3).length > 1 ? line.split("\\|")[1] : line, line);
    StringBuilder sb = new StringBuilder();
    for (String line : observed.split("\n")) {
      String k = line.split("\\|", 3).length > 1 ? line.split("\\|")[1] : line;
      String old = was.get(k);
      if (!line.equals(old)) sb.append("- ").append(old).append("\n+ ").append(line).append('\n');
    }
    return sb.toString();
  }
}
