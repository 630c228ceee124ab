package dev.chatbridge.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatReply;
import dev.chatbridge.Citation;
import dev.chatbridge.Message;
import dev.chatbridge.SessionSummary;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code --json} documents of the CLI contract (the README's "Example CLI"). Every key is always written, null
 * when the vendor has no value; roles are lower-case; times are ISO-8601 UTC. Non-ASCII is escaped, so the output
 * is valid whatever the terminal's encoding.
 */
final class JsonOutput {
  private static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonOutput() {}

  static String write(ObjectNode document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"vendor","sessionId","reply":{"id","role","text","citations":[...]}}}. */
  static ObjectNode send(String vendor, String sessionId, ChatReply reply) {
    ObjectNode doc = NODES.objectNode();
    doc.put("vendor", vendor);
    doc.put("sessionId", sessionId);
    ObjectNode r = doc.putObject("reply");
    Message m = reply.message();
    r.put("id", m.id());
    r.put("role", role(m));
    r.put("text", m.text());
    ArrayNode citations = r.putArray("citations");
    for (Citation c : reply.citations()) {
      ObjectNode cn = citations.addObject();
      Optional<Integer> number = c.number();
      if (number.isPresent()) cn.put("number", number.get());
      else cn.putNull("number");
      cn.put("documentId", c.documentId());
      cn.put("title", c.title().orElse(null));
      cn.put("url", c.url().orElse(null));
    }
    return doc;
  }

  /** {@code {"vendor","sessionId"}}. */
  static ObjectNode created(String vendor, String sessionId) {
    ObjectNode doc = NODES.objectNode();
    doc.put("vendor", vendor);
    doc.put("sessionId", sessionId);
    return doc;
  }

  /** {@code {"vendor","sessions":[{"id","title","createdAt","updatedAt"}],"next"}}. */
  static ObjectNode list(String vendor, List<SessionSummary> items, String next) {
    ObjectNode doc = NODES.objectNode();
    doc.put("vendor", vendor);
    ArrayNode sessions = doc.putArray("sessions");
    for (SessionSummary s : items) {
      ObjectNode sn = sessions.addObject();
      sn.put("id", s.id());
      sn.put("title", s.title().orElse(null));
      sn.put("createdAt", time(s.createdAt()));
      sn.put("updatedAt", time(s.updatedAt()));
    }
    doc.put("next", next);
    return doc;
  }

  /** {@code {"vendor","session":{"id","title","createdAt"},"messages":[{"id","role","text","createdAt","parentId"}]}}. */
  static ObjectNode show(String vendor, SessionSummary session, List<Message> messages) {
    ObjectNode doc = NODES.objectNode();
    doc.put("vendor", vendor);
    ObjectNode sn = doc.putObject("session");
    sn.put("id", session.id());
    sn.put("title", session.title().orElse(null));
    sn.put("createdAt", time(session.createdAt()));
    ArrayNode list = doc.putArray("messages");
    for (Message m : messages) {
      ObjectNode mn = list.addObject();
      mn.put("id", m.id());
      mn.put("role", role(m));
      mn.put("text", m.text());
      mn.put("createdAt", time(m.createdAt()));
      mn.put("parentId", m.parentId().orElse(null));
    }
    return doc;
  }

  /** {@code {"vendor","sessionId","deleted":true}} or {@code "ended":true}. */
  static ObjectNode done(String vendor, String sessionId, String what) {
    ObjectNode doc = NODES.objectNode();
    doc.put("vendor", vendor);
    doc.put("sessionId", sessionId);
    doc.put(what, true);
    return doc;
  }

  /** {@code {"vendors":[{"name","capabilities":[...]}]}}; capabilities by their constant names, in enum order. */
  static ObjectNode vendors(Map<String, Collection<Capability>> vendors) {
    ObjectNode doc = NODES.objectNode();
    ArrayNode list = doc.putArray("vendors");
    vendors.forEach((name, capabilities) -> {
      ObjectNode v = list.addObject();
      v.put("name", name);
      ArrayNode caps = v.putArray("capabilities");
      for (Capability c : new TreeSet<>(capabilities)) caps.add(c.name());
    });
    return doc;
  }

  /** {@code {"vendor","baseUrl","apiKey","options":{...}}} for the {@code emulator} command. */
  static ObjectNode emulator(String vendor, String baseUrl, String apiKey, Map<String, String> options) {
    ObjectNode doc = NODES.objectNode();
    doc.put("vendor", vendor);
    doc.put("baseUrl", baseUrl);
    doc.put("apiKey", apiKey);
    ObjectNode o = doc.putObject("options");
    options.forEach(o::put);
    return doc;
  }

  static String role(Message m) {
    return m.role().value().toLowerCase(Locale.ROOT);
  }

  static String time(Optional<Instant> instant) {
    return instant.map(Instant::toString).orElse(null);
  }
}
