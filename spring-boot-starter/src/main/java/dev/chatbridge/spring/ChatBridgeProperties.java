package dev.chatbridge.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code chatbridge.*}: the default client's keys (exactly those ChatBridge reads without Spring), the named
 * clients under {@code chatbridge.clients.<name>.*}, and the starter's own switches. The vendor options
 * ({@code chatbridge.<vendor>.<option>}) are read for the configured vendor by the auto-configuration.
 */
@ConfigurationProperties(prefix = "chatbridge")
public class ChatBridgeProperties extends ClientProperties {
  /** Named clients, one ChatClient bean each (qualifier = name), with the same keys as the default client. */
  private Map<String, ClientProperties> clients = new LinkedHashMap<>();
  /** Which named client is the primary bean; default: the first one declared. */
  private String primary;
  /** Build the clients on the application's own OkHttpClient bean (its pool, dispatcher and interceptors). */
  private boolean useApplicationOkhttpClient;
  /** Observations: add the session id as the high-cardinality key chatbridge.session.id (spans only). */
  private boolean observationsIncludeSessionId;

  /** {@code clients}; see the field. */
  public Map<String, ClientProperties> getClients() {
    return clients;
  }

  /** Sets {@code clients}; see the field. */
  public void setClients(Map<String, ClientProperties> clients) {
    this.clients = clients;
  }

  /** {@code primary}; see the field. */
  public String getPrimary() {
    return primary;
  }

  /** Sets {@code primary}; see the field. */
  public void setPrimary(String primary) {
    this.primary = primary;
  }

  /** {@code use-application-okhttp-client}; see the field. */
  public boolean isUseApplicationOkhttpClient() {
    return useApplicationOkhttpClient;
  }

  /** Sets {@code use-application-okhttp-client}; see the field. */
  public void setUseApplicationOkhttpClient(boolean useApplicationOkhttpClient) {
    this.useApplicationOkhttpClient = useApplicationOkhttpClient;
  }

  /** {@code observations-include-session-id}; see the field. */
  public boolean isObservationsIncludeSessionId() {
    return observationsIncludeSessionId;
  }

  /** Sets {@code observations-include-session-id}; see the field. */
  public void setObservationsIncludeSessionId(boolean observationsIncludeSessionId) {
    this.observationsIncludeSessionId = observationsIncludeSessionId;
  }
}
