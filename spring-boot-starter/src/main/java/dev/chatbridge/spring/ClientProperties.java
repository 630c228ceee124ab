package dev.chatbridge.spring;

/**
 * The keys of one client, as ChatBridge reads them everywhere ({@code chatbridge.*} in a properties file,
 * {@code CHATBRIDGE_*} in the environment): the default client's under {@code chatbridge.}, a named client's under
 * {@code chatbridge.clients.<name>.}. Each vendor's options ({@code chatbridge.<vendor>.<option>}) sit next to them.
 * Durations are strings so that ChatBridge's forms ({@code 30} = seconds, {@code 500ms}, {@code 2m}, {@code PT30S})
 * and Spring Boot's ({@code 10d}, {@code 100us}) both work; ChatBridge checks every value.
 */
public class ClientProperties {
  /** The vendor: onyx, opencx, openwebui or osvi (its module must be on the classpath). */
  private String vendor;
  /** The vendor's base URL; optional where the vendor has a cloud default. */
  private String baseUrl;
  /** The API key or token; never logged, never in health details or observations. */
  private String apiKey;
  /** Timeout of each blocking call: 30 (seconds), 500ms, 30s, 2m, 1h or PT30S. Default 60s. */
  private String timeout;
  /** Timeout to open a connection (same formats). Default 10s. */
  private String connectTimeout;
  /** Longest silence inside a stream before it fails (same formats). Default 60s. */
  private String streamIdleTimeout;
  /** Longest a whole stream may take (same formats). Default: none. */
  private String streamTotalTimeout;
  /** Retries of a request that failed before reaching the server or that may safely be repeated. Default 2. */
  private Integer maxRetries;
  /** Characters of a streamed reply kept in the reply text. Default 4194304. */
  private Integer maxReplyChars;
  /** Allow http:// base URLs to hosts other than localhost. Default false. */
  private Boolean allowInsecureHttp;

  /** {@code vendor}; see the field. */
  public String getVendor() {
    return vendor;
  }

  /** Sets {@code vendor}; see the field. */
  public void setVendor(String vendor) {
    this.vendor = vendor;
  }

  /** {@code base-url}; see the field. */
  public String getBaseUrl() {
    return baseUrl;
  }

  /** Sets {@code base-url}; see the field. */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** {@code api-key}; see the field. */
  public String getApiKey() {
    return apiKey;
  }

  /** Sets {@code api-key}; see the field. */
  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  /** {@code timeout}; see the field. */
  public String getTimeout() {
    return timeout;
  }

  /** Sets {@code timeout}; see the field. */
  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  /** {@code connect-timeout}; see the field. */
  public String getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets {@code connect-timeout}; see the field. */
  public void setConnectTimeout(String connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** {@code stream-idle-timeout}; see the field. */
  public String getStreamIdleTimeout() {
    return streamIdleTimeout;
  }

  /** Sets {@code stream-idle-timeout}; see the field. */
  public void setStreamIdleTimeout(String streamIdleTimeout) {
    this.streamIdleTimeout = streamIdleTimeout;
  }

  /** {@code stream-total-timeout}; see the field. */
  public String getStreamTotalTimeout() {
    return streamTotalTimeout;
  }

  /** Sets {@code stream-total-timeout}; see the field. */
  public void setStreamTotalTimeout(String streamTotalTimeout) {
    this.streamTotalTimeout = streamTotalTimeout;
  }

  /** {@code max-retries}; see the field. */
  public Integer getMaxRetries() {
    return maxRetries;
  }

  /** Sets {@code max-retries}; see the field. */
  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  /** {@code max-reply-chars}; see the field. */
  public Integer getMaxReplyChars() {
    return maxReplyChars;
  }

  /** Sets {@code max-reply-chars}; see the field. */
  public void setMaxReplyChars(Integer maxReplyChars) {
    this.maxReplyChars = maxReplyChars;
  }

  /** {@code allow-insecure-http}; see the field. */
  public Boolean getAllowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** Sets {@code allow-insecure-http}; see the field. */
  public void setAllowInsecureHttp(Boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }
}
