package dev.chatbridge.testkit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.internal.http.PathSegments;
import dev.chatbridge.internal.http.Transport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Fuzzes the id check and the URL builder every vendor route uses: whatever the id, the outcome is
 * {@link InvalidRequestException} (refused before sending) or a URL with exactly one more path segment, which is
 * the id itself when the server decodes it, and which no further decoding (by a proxy, say) turns into a dot
 * segment or splits with a separator. The oracle decodes with {@link URLDecoder}, independently of the checker.
 *
 * <p>Plain {@code mvn verify} replays the seeds in {@code src/test/resources/.../PathSegmentFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 mvn test -pl testkit -am -Dtest=PathSegmentFuzzTest} fuzzes.
 */
class PathSegmentFuzzTest {
  private static final Transport TRANSPORT = Transport.builder("fuzz",
      ChatConfig.builder().vendor("fuzz").baseUrl("https://example.com/api").apiKey("k").build()).build();

  @FuzzTest(maxDuration = "20s")
  void idIsRefusedOrExactlyOneSegment(byte[] input) {
    String id = new String(input, StandardCharsets.UTF_8);
    HttpUrl url;
    try {
      PathSegments.requireId("fuzz", "session id", id);
      url = TRANSPORT.url("chat", "sessions", id, "history").build();
    } catch (InvalidRequestException refused) {
      if (refused.statusCode() != 0) throw new AssertionError("a local refusal has status 0", refused);
      return;
    }
    HttpUrl sent = HttpUrl.get(url.toString()); // what the server parses from the request line
    List<String> segments = sent.pathSegments();
    if (!segments.equals(List.of("api", "chat", "sessions", id, "history"))) {
      throw new AssertionError("id " + id + " did not stay one segment: " + segments);
    }
    String decoded = sent.encodedPathSegments().get(3);
    for (int round = 0; round < 10; round++) {
      String next;
      try {
        next = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notAnEscape) {
        break;
      }
      if (next.equals(".") || next.equals("..") || next.contains("/") || next.contains("\\")) {
        throw new AssertionError("id " + id + " decodes to a path step or separator: " + next);
      }
      if (next.equals(decoded)) break;
      decoded = next;
    }
  }
}
