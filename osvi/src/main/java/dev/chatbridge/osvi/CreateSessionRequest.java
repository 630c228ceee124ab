package dev.chatbridge.osvi;

import dev.chatbridge.internal.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/chat/session}. {@code agentUuid} and {@code customerId} are required;
 * {@code inputFields} are exposed to the agent at runtime; OSVI keeps only the last five non-empty
 * {@code context} entries.
 */
public final class CreateSessionRequest {
  private final String agentUuid;
  private final String customerId;
  private final Map<String, Object> inputFields;
  private final List<String> context;

  private CreateSessionRequest(Builder b) {
    this.agentUuid = b.agentUuid;
    this.customerId = b.customerId;
    this.inputFields = Values.immutableMap(b.inputFields);
    this.context = List.copyOf(b.context);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String agentUuid() {
    return agentUuid;
  }

  public String customerId() {
    return customerId;
  }

  public Map<String, Object> inputFields() {
    return inputFields;
  }

  public List<String> context() {
    return context;
  }

  @Override
  public String toString() {
    return "CreateSessionRequest{agentUuid=" + agentUuid + ", customerId=" + customerId + ", inputFields="
        + inputFields.keySet() + ", context=" + context.size() + " entries}";
  }

  /** Builds a {@link CreateSessionRequest}. */
  public static final class Builder {
    private String agentUuid;
    private String customerId;
    private final Map<String, Object> inputFields = new LinkedHashMap<>();
    private final List<String> context = new ArrayList<>();

    private Builder() {}

    /** The agent, e.g. {@code agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og}; it must be active and owned by your account. */
    public Builder agentUuid(String agentUuid) {
      this.agentUuid = agentUuid;
      return this;
    }

    /** Your stable key for the customer, e.g. an E.164 phone number. */
    public Builder customerId(String customerId) {
      this.customerId = customerId;
      return this;
    }

    /** One input field (a String, Number or Boolean, or a plain list or map of them). */
    public Builder inputField(String key, Object value) {
      inputFields.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    public Builder inputFields(Map<String, ?> values) {
      inputFields.putAll(values);
      return this;
    }

    /** Appends a context entry. */
    public Builder context(String entry) {
      context.add(Objects.requireNonNull(entry, "entry"));
      return this;
    }

    public Builder context(List<String> entries) {
      entries.forEach(this::context);
      return this;
    }

    public CreateSessionRequest build() {
      return new CreateSessionRequest(this);
    }
  }
}
