package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One page of {@code POST /chat/sessions/filter}: {@code {data, page, limit, has_next, has_previous}}. */
public final class FilterSessionsResult {
  private static final Set<String> MAPPED = Set.of("data", "page", "limit", "has_next", "has_previous");

  private final List<OpenCxSession> sessions;
  private final Integer page;
  private final Integer limit;
  private final boolean hasNext;
  private final boolean hasPrevious;
  private final Map<String, Object> additionalProperties;

  private FilterSessionsResult(JsonNode n) {
    List<OpenCxSession> out = new ArrayList<>();
    for (JsonNode s : Json.list(n, "data")) if (s.isObject()) out.add(OpenCxSession.from(s));
    this.sessions = List.copyOf(out);
    this.page = Json.integer(n, "page");
    this.limit = Json.integer(n, "limit");
    this.hasNext = Boolean.TRUE.equals(Json.bool(n, "has_next"));
    this.hasPrevious = Boolean.TRUE.equals(Json.bool(n, "has_previous"));
    this.additionalProperties = Json.rest(n, MAPPED);
  }

  static FilterSessionsResult from(JsonNode n) {
    return new FilterSessionsResult(n);
  }

  /** The sessions of this page ({@code data}). */
  public List<OpenCxSession> sessions() {
    return sessions;
  }

  public Integer page() {
    return page;
  }

  public Integer limit() {
    return limit;
  }

  public boolean hasNext() {
    return hasNext;
  }

  public boolean hasPrevious() {
    return hasPrevious;
  }

  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "FilterSessionsResult{" + sessions.size() + " sessions, page=" + page + ", hasNext=" + hasNext + "}";
  }
}
