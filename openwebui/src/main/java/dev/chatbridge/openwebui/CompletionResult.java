package dev.chatbridge.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.Citation;
import dev.chatbridge.internal.json.Json;
import dev.chatbridge.spi.ReplyAccumulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a completion produced so far, streamed or not: text, reasoning, sources, usage, finish reason. */
final class CompletionResult {
  final ReplyAccumulator text = new ReplyAccumulator();
  final StringBuilder reasoning = new StringBuilder();
  /** The raw {@code sources} items, as plain Java values, for writing back into the assistant message. */
  final List<Object> sources = new ArrayList<>();
  /** The same {@code sources} items as received, for the write-back (no second conversion). */
  final List<JsonNode> sourceNodes = new ArrayList<>();
  final List<Object> toolCalls = new ArrayList<>();
  /** True once the server sent any frame (or a readable JSON completion): the exchange then deserves saving. */
  boolean received;
  String finishReason;
  String model;
  Map<String, Object> usage = Map.of();
  /** The {@code usage} object as received; set together with {@link #usage}. */
  JsonNode usageNode;
  private int citationNumber;

  /** Records a {@code sources} array and returns its citations, numbered in arrival order across frames. */
  List<Citation> addSources(JsonNode array) {
    List<Citation> out = new ArrayList<>();
    if (array == null || !array.isArray()) return out;
    for (JsonNode item : array) {
      sources.add(Json.toPlain(item));
      sourceNodes.add(item);
      for (Citation c : citations(item)) {
        out.add(Citation.builder().number(++citationNumber).documentId(c.documentId())
            .title(c.title().orElse(null)).url(c.url().orElse(null)).build());
      }
    }
    return out;
  }

  /**
   * The distinct documents of one Open WebUI source item {@code {source:{id,name,url}, document:[…],
   * metadata:[{source, name, file_id, …}]}}: one per metadata entry (chunks of one file collapse), or the source
   * itself when there is no metadata.
   */
  static List<Citation> citations(JsonNode item) {
    List<Citation> out = new ArrayList<>();
    JsonNode source = Json.obj(item, "source");
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode meta : Json.list(item, "metadata")) {
      String metaSource = Json.text(meta, "source");
      String id = first(Json.text(meta, "file_id"), metaSource, Json.text(source, "id"), Json.text(source, "name"),
          Json.text(source, "url"));
      if (id == null || !seen.add(id)) continue;
      String url = isUrl(metaSource) ? metaSource : Json.text(source, "url");
      out.add(Citation.builder().documentId(id)
          .title(first(Json.text(meta, "name"), Json.text(meta, "title"), Json.text(source, "name"), metaSource))
          .url(url).build());
    }
    if (out.isEmpty()) {
      String id = first(Json.text(source, "id"), Json.text(source, "name"), Json.text(source, "url"));
      if (id != null) {
        out.add(Citation.builder().documentId(id).title(Json.text(source, "name")).url(Json.text(source, "url"))
            .build());
      }
    }
    return out;
  }

  private static boolean isUrl(String s) {
    return s != null && (s.startsWith("http://") || s.startsWith("https://"));
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isEmpty()) return v;
    return null;
  }

  void usage(JsonNode node) {
    if (node != null && node.isObject()) {
      usage = Json.plainMap(node);
      usageNode = node;
    }
  }

  /** Vendor data for the reply message: model, usage, reasoning, raw sources, tool calls. */
  Map<String, Object> vendorData() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (model != null) out.put("model", model);
    if (!usage.isEmpty()) out.put("usage", usage);
    if (reasoning.length() > 0) out.put("reasoning", reasoning.toString());
    if (!sources.isEmpty()) out.put("sources", List.copyOf(sources));
    if (!toolCalls.isEmpty()) out.put("tool_calls", List.copyOf(toolCalls));
    return out;
  }
}
