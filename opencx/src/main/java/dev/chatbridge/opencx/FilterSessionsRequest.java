package dev.chatbridge.opencx;

import dev.chatbridge.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /chat/sessions/filter}: free-form {@code filters} (the keys are not documented in detail:
 * date range, channels, status, sentiment, tags, assignees, teams, contacts, language, custom data…), sorting and
 * 1-based page/limit paging. Unset fields are left to the server's defaults ({@code last_message_at}, {@code desc},
 * page 1, limit 25).
 */
public final class FilterSessionsRequest {
  private final Map<String, Object> filters;
  private final String sortBy;
  private final String sortOrder;
  private final Integer page;
  private final Integer limit;

  private FilterSessionsRequest(Builder b) {
    this.filters = Values.immutableMap(b.filters);
    this.sortBy = b.sortBy;
    this.sortOrder = b.sortOrder;
    this.page = b.page;
    this.limit = b.limit;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, Object> filters() {
    return filters;
  }

  public Integer page() {
    return page;
  }

  public Integer limit() {
    return limit;
  }

  /** This request for another page. */
  public FilterSessionsRequest withPage(int page) {
    Builder b = builder().filters(filters).sortBy(sortBy).sortOrder(sortOrder).page(page);
    if (limit != null) b.limit(limit);
    return b.build();
  }

  Map<String, Object> toWire() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("filters", filters);
    if (sortBy != null) body.put("sort_by", sortBy);
    if (sortOrder != null) body.put("sort_order", sortOrder);
    if (page != null) body.put("page", page);
    if (limit != null) body.put("limit", limit);
    return body;
  }

  @Override
  public String toString() {
    return "FilterSessionsRequest{filters=" + filters.keySet() + ", sortBy=" + sortBy + ", sortOrder=" + sortOrder
        + ", page=" + page + ", limit=" + limit + "}";
  }

  /** Builds a {@link FilterSessionsRequest}. */
  public static final class Builder {
    private final Map<String, Object> filters = new LinkedHashMap<>();
    private String sortBy;
    private String sortOrder;
    private Integer page;
    private Integer limit;

    private Builder() {}

    /** One filter, as plain Java (String, Number, Boolean, List, Map), sent as given. */
    public Builder filter(String key, Object value) {
      filters.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    public Builder filters(Map<String, ?> values) {
      filters.putAll(values);
      return this;
    }

    /** {@code last_message_at} (server default) or {@code created_at}. */
    public Builder sortBy(String sortBy) {
      this.sortBy = sortBy;
      return this;
    }

    /** {@code asc} or {@code desc} (server default). */
    public Builder sortOrder(String sortOrder) {
      this.sortOrder = sortOrder;
      return this;
    }

    /** 1-based page number. */
    public Builder page(int page) {
      if (page < 1) throw new IllegalArgumentException("page is 1-based: " + page);
      this.page = page;
      return this;
    }

    /** Page size, 1 to 100. */
    public Builder limit(int limit) {
      if (limit < 1 || limit > 100) throw new IllegalArgumentException("limit must be 1 to 100: " + limit);
      this.limit = limit;
      return this;
    }

    public FilterSessionsRequest build() {
      return new FilterSessionsRequest(this);
    }
  }
}
