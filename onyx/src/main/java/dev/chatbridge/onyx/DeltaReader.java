package dev.chatbridge.onyx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.chatbridge.internal.json.Json;
import java.io.IOException;

/**
 * Reads a stream's text-delta lines with one non-blocking Jackson parser fed line by line, instead of a parser
 * (about 600 bytes and a symbol table) per line: the hot path of a reply. A line that is not a plain delta, or
 * anything unexpected, returns null, drops the parser (a fresh one serves the next line) and is left to the tree
 * path. Not thread-safe: one per stream, used by its reading thread.
 */
final class DeltaReader {
  private JsonParser parser;

  /** The line as a text-delta Packet, or null. */
  Packet read(byte[] line) {
    try {
      if (parser == null) parser = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
      ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(line, 0, line.length);
      Packet packet = Packet.readDelta(parser, line);
      if (packet != null && parser.nextToken() == JsonToken.NOT_AVAILABLE) return packet;
    } catch (IOException | RuntimeException e) {
      // not a delta we can read without a tree: the tree path decides (and reports malformed JSON)
    }
    parser = null;
    return null;
  }
}
