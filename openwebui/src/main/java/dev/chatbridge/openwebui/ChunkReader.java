package dev.chatbridge.openwebui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast read of the common stream frame, a plain {@code chat.completion.chunk} (id, object, created, model,
 * system_fingerprint, one choice with index 0, {@code delta{role?, content?}}, finish_reason, logprobs), with one
 * Jackson streaming parser straight over the event's bytes: no String, no tree. The chunks of one stream usually
 * repeat each other byte for byte except for the content string (same id, created, model, a null finish_reason), so
 * the last chunk read in full is kept as a template: a chunk that is that template with only another string in the
 * content's place is read by decoding just that string. It reads nothing else: any other field or shape
 * (reasoning, tool_calls, usage, sources, error, n &gt; 1, duplicate keys, malformed JSON, a leading NUL byte or
 * invalid UTF-8) makes {@link #read} answer false and leaves the frame to the tree path, so what is read here is
 * exactly what the tree path would have read. One per stream; not thread-safe.
 */
final class ChunkReader {
  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

  /** The chunk's {@code model}; null when absent or null. */
  String model;
  /** {@code choices[0].delta.content}; null when absent or null. */
  String content;
  /** {@code choices[0].finish_reason}; null when absent or null. */
  String finishReason;

  /** The last chunk read in full with a string content: its bytes before and after that string, and its values. */
  private byte[] head;
  private byte[] tail;
  private String headModel;
  private String headFinishReason;
  /** Where the content string of the chunk being read in full starts and ends, relative to its first byte. */
  private int contentStart;
  private int contentEnd;
  /** Chunks read through the template (tests check it is used). */
  int templateReads;

  /** Reads {@code bytes[offset, offset + length)}; false (and nothing to use) when it is not a plain chunk. */
  boolean read(byte[] bytes, int offset, int length) {
    if (head != null && readLikeTemplate(bytes, offset, length)) return true;
    model = null;
    content = null;
    finishReason = null;
    // Jackson guesses UTF-16/32 from NUL bytes and decodes invalid UTF-8 differently from new String(..): leave
    // such frames to the tree path, which reads the decoded text.
    if (length == 0 || bytes[offset] != '{' || !plainUtf8(bytes, offset, offset + length)) return false;
    try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return false;
      boolean sawModel = false;
      boolean sawChoices = false;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (name) {
          case "id":
          case "object":
          case "created":
          case "system_fingerprint":
            p.skipChildren(); // the tree path reads none of these
            break;
          case "model":
            if (sawModel) return false;
            sawModel = true;
            if (value == JsonToken.VALUE_STRING) model = p.getText();
            else if (value != JsonToken.VALUE_NULL) return false;
            break;
          case "choices":
            if (sawChoices || value != JsonToken.START_ARRAY) return false;
            sawChoices = true;
            if (p.nextToken() != JsonToken.START_OBJECT || !choice(p)) return false;
            if (p.nextToken() != JsonToken.END_ARRAY) return false; // n > 1
            break;
          default:
            return false;
        }
      }
      if (!sawChoices || p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return false;
      if (contentEnd > 0) {
        head = Arrays.copyOfRange(bytes, offset, offset + contentStart);
        tail = Arrays.copyOfRange(bytes, offset + contentEnd, offset + length);
        headModel = model;
        headFinishReason = finishReason;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // malformed: the tree path reports it
    } finally {
      contentStart = 0;
      contentEnd = 0;
    }
  }

  /**
   * Reads a chunk that is the template's bytes with another JSON string in the content's place: the rest of it was
   * checked when the template was read in full, so only that string is read: decoded directly when it has no
   * escapes, else by a parser over just the string.
   */
  private boolean readLikeTemplate(byte[] bytes, int offset, int length) {
    int h = head.length;
    int t = tail.length;
    int end = offset + length;
    if (length < h + t + 2 || !Arrays.equals(bytes, offset, offset + h, head, 0, h)
        || !Arrays.equals(bytes, end - t, end, tail, 0, t)) {
      return false;
    }
    int from = offset + h; // the opening quote
    int to = end - t; // after the closing quote
    if (bytes[from] != '"' || bytes[to - 1] != '"' || !plainUtf8(bytes, from, to)) return false;
    String text = null;
    for (int i = from + 1; i < to - 1; i++) {
      int b = bytes[i];
      if (b == '\\') {
        text = parseString(bytes, from, to - from);
        if (text == null) return false;
        break;
      }
      if (b == '"' || b >= 0 && b < 0x20) return false;
    }
    content = text != null ? text : new String(bytes, from + 1, to - from - 2, StandardCharsets.UTF_8);
    model = headModel;
    finishReason = headFinishReason;
    templateReads++;
    return true;
  }

  /** The JSON string that is exactly {@code bytes[offset, offset + length)}, or null when it is not one. */
  private static String parseString(byte[] bytes, int offset, int length) {
    try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
      if (p.nextToken() != JsonToken.VALUE_STRING) return null;
      String text = p.getText();
      return p.nextToken() == null ? text : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private boolean choice(JsonParser p) throws IOException {
    boolean sawIndex = false;
    boolean sawDelta = false;
    boolean sawFinish = false;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (name) {
        case "index":
          if (sawIndex) return false;
          sawIndex = true;
          if (value == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != 0) return false;
          } else if (value != JsonToken.VALUE_NULL) {
            return false;
          }
          break;
        case "delta":
          if (sawDelta || value != JsonToken.START_OBJECT || !delta(p)) return false;
          sawDelta = true;
          break;
        case "finish_reason":
          if (sawFinish) return false;
          sawFinish = true;
          if (value == JsonToken.VALUE_STRING) finishReason = p.getText();
          else if (value != JsonToken.VALUE_NULL) return false;
          break;
        case "logprobs":
          p.skipChildren(); // not read by the tree path
          break;
        default:
          return false; // "message" and anything unknown
      }
    }
    return sawDelta;
  }

  private boolean delta(JsonParser p) throws IOException {
    boolean sawContent = false;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (name) {
        case "role":
          p.skipChildren(); // not read by the tree path
          break;
        case "content":
          if (sawContent) return false;
          sawContent = true;
          if (value == JsonToken.VALUE_STRING) {
            contentStart = (int) p.currentTokenLocation().getByteOffset();
            content = p.getText();
            contentEnd = (int) p.currentLocation().getByteOffset();
          } else if (value != JsonToken.VALUE_NULL) {
            return false;
          }
          break;
        case "reasoning_content":
        case "reasoning":
        case "thinking":
        case "tool_calls":
          if (value != JsonToken.VALUE_NULL) return false; // null reads as absent on the tree path too
          break;
        default:
          return false;
      }
    }
    return true;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * True when {@code bytes[from, to)} has no NUL in its first four bytes (where Jackson guesses UTF-16/32 from
   * them; a NUL further on is refused by Jackson's parser itself, as by the text path) and is well-formed UTF-8
   * (shortest forms, no surrogates, nothing above U+10FFFF), which Jackson decodes exactly as {@code new String}
   * does. ASCII runs are checked eight bytes at a time.
   */
  static boolean plainUtf8(byte[] bytes, int from, int to) {
    for (int k = from, end = Math.min(from + 4, to); k < end; k++) if (bytes[k] == 0) return false;
    int i = from;
    while (i < to) {
      if (i + 8 <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += 8;
        continue;
      }
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      int more;
      if (b >= 0xC2 && b <= 0xDF) more = 1;
      else if (b >= 0xE0 && b <= 0xEF) more = 2;
      else if (b >= 0xF0 && b <= 0xF4) more = 3;
      else return false;
      if (i + more >= to) return false;
      int second = bytes[i + 1] & 0xFF;
      if (b == 0xE0 && second < 0xA0 || b == 0xED && second > 0x9F || b == 0xF0 && second < 0x90
          || b == 0xF4 && second > 0x8F) {
        return false;
      }
      for (int k = 1; k <= more; k++) if ((bytes[i + k] & 0xC0) != 0x80) return false;
      i += more + 1;
    }
    return true;
  }
}
