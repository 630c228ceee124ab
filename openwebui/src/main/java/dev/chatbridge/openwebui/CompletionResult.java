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
  /** The reply text, kept up to {@code chatbridge.max-reply-chars}. */
  final ReplyAccumulator text;
  final StringBuilder reasoning = new StringBuilder();
  /** The raw {@code sources} items as received: written back into the assistant message, plain in vendorData. */
  final List<JsonNode> sources = new ArrayList<>();
  final List<Object> toolCalls = new ArrayList<>();
  /** True once the server sent any frame (or a readable JSON completion): the exchange then deserves saving. */
  boolean received;
  String finishReason;
  String model;
  /** The {@code usage} object as received; null when none came. */
  JsonNode usage;
  private int citationNumber;

  CompletionResult(int maxReplyChars) {
    this.text = new ReplyAccumulator(maxReplyChars);
  }

  /** Records a {@code sources} array and returns its citations, numbered in arrival order across frames. */
  List<Citation> addSources(JsonNode array) {
    List<Citation> out = new ArrayList<>();
    if (array == null || !array.isArray()) return out;
    for (JsonNode item : array) {
      sources.add(item);
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
    if (node != null && node.isObject()) usage = node;
  }

  /** True when a non-empty {@code usage} object came. */
  boolean hasUsage() {
    return usage != null && usage.size() > 0;
  }

  /** Vendor data for the reply message: model, usage, reasoning, raw sources, tool calls. */
  Map<String, Object> vendorData() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (model != null) out.put("model", model);
    if (hasUsage()) out.put("usage", Json.plainMap(usage));
    if (reasoning.length() > 0) out.put("reasoning", reasoning.toString());
    if (!sources.isEmpty()) out.put("sources", sources.stream().map(Json::toPlain).toList()); // a null item stays null
    if (!toolCalls.isEmpty()) out.put("tool_calls", List.copyOf(toolCalls));
    return out;
  }
}
