package dev.chatbridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The state behind a session-list cursor, as an opaque string: where the vendor's own listing stands
 * ({@link #server()}: its cursor, page number or offset; null for its first page), the index in that server page
 * to continue at ({@link #index()}), and the id and sort key of the last session returned ({@link #lastId()},
 * {@link #lastKey()}), so a listing that shifted since (new sessions on top) is found again. The string is
 * base64url JSON tagged with the vendor, in one canonical form; anything else (an altered cursor too), or another
 * vendor's cursor, is refused with {@link InvalidRequestException} before a request is sent.
 */
public final class PageCursor {
  private static final String PREFIX = "cb1.";
  private static final int MAX_LENGTH = 8192;
  private static final Pattern VENDOR_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final String server;
  private final int index;
  private final String lastId;
  private final Instant lastKey;

  /**
   * @param server the vendor's own position (its cursor, page number, timestamp), null for its first page
   * @param index where to continue in the server page at {@code server}, 0 for its start
   * @param lastId the id of the last session returned, null when none was
   * @param lastKey the sort key (a time) of the last session returned, null when unknown
   */
  public PageCursor(String server, int index, String lastId, Instant lastKey) {
    if (index < 0) throw new IllegalArgumentException("index must not be negative: " + index);
    this.server = server;
    this.index = index;
    this.lastId = lastId;
    this.lastKey = lastKey;
  }

  /** The vendor's own position; null for its first page. */
  public String server() {
    return server;
  }

  /** Where to continue in the server page at {@link #server()}. */
  public int index() {
    return index;
  }

  /** The id of the last session returned, or null. */
  public String lastId() {
    return lastId;
  }

  /** The sort key of the last session returned, or null. */
  public Instant lastKey() {
    return lastKey;
  }

  /** The opaque string for {@code vendor}. */
  public String encode(String vendor) {
    ObjectNode node = Json.object().put("v", Objects.requireNonNull(vendor, "vendor"));
    if (server != null) node.put("s", server);
    if (index != 0) node.put("i", index);
    if (lastId != null) node.put("id", lastId);
    if (lastKey != null) node.put("k", lastKey.toString());
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.writeBytes(node));
  }

  /** The cursor {@code text} stands for; InvalidRequestException when it is not one {@code vendor} made. */
  public static PageCursor decode(String vendor, String text) {
    if (text == null || text.length() > MAX_LENGTH || !text.startsWith(PREFIX)) throw malformed(vendor);
    JsonNode node;
    try {
      byte[] json = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
      node = Json.parse(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | IOException e) {
      throw malformed(vendor);
    }
    if (node == null || !node.isObject()) throw malformed(vendor);
    String from = text(node, "v", vendor);
    if (from == null || !VENDOR_NAME.matcher(from).matches()) throw malformed(vendor);
    if (!from.equals(vendor)) {
      throw InvalidRequestException.local(vendor, "this page cursor was made by " + from + ", not " + vendor
          + ": a cursor is valid only for the vendor whose listing returned it");
    }
    JsonNode i = node.get("i");
    if (i != null && !(i.isIntegralNumber() && i.canConvertToInt() && i.intValue() >= 0)) throw malformed(vendor);
    String k = text(node, "k", vendor);
    Instant key = null;
    if (k != null) {
      try {
        key = Instant.parse(k);
      } catch (DateTimeParseException e) {
        throw malformed(vendor);
      }
    }
    PageCursor cursor =
        new PageCursor(text(node, "s", vendor), i == null ? 0 : i.intValue(), text(node, "id", vendor), key);
    if (!cursor.encode(vendor).equals(text)) throw malformed(vendor); // altered, or with something added
    return cursor;
  }

  private static String text(JsonNode node, String field, String vendor) {
    JsonNode v = node.get(field);
    if (v == null) return null;
    if (!v.isTextual()) throw malformed(vendor);
    return v.asText();
  }

  private static InvalidRequestException malformed(String vendor) {
    return InvalidRequestException.local(vendor,
        "malformed page cursor: pass back the cursor of a page (Page.next()) unchanged, or none for the first page");
  }

  @Override
  public String toString() {
    return "PageCursor{server=" + server + ", index=" + index + ", lastId=" + lastId + ", lastKey=" + lastKey + "}";
  }
}
