package dev.chatbridge.onyx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Body of {@code POST /chat/create-chat-session} ({@code ChatSessionCreationRequest}). Every field is optional;
 * unset fields are left out so the server applies its own defaults ({@code persona_id} 0).
 */
public final class CreateChatSessionRequest {
  private final Integer personaId;
  private final String description;
  private final Integer projectId;
  private final Boolean incognito;
  private final Map<String, Object> additionalBodyProperties;

  private CreateChatSessionRequest(Builder b) {
    this.personaId = b.personaId;
    this.description = b.description;
    this.projectId = b.projectId;
    this.incognito = b.incognito;
    this.additionalBodyProperties = Map.copyOf(b.additional);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The agent (persona) id; null means the server default, 0. */
  public Integer personaId() {
    return personaId;
  }

  /** The initial title. */
  public String description() {
    return description;
  }

  public Integer projectId() {
    return projectId;
  }

  public Boolean incognito() {
    return incognito;
  }

  /** The JSON body, as plain Java values. */
  Map<String, Object> toBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (personaId != null) body.put("persona_id", personaId);
    if (description != null) body.put("description", description);
    if (projectId != null) body.put("project_id", projectId);
    if (incognito != null) body.put("incognito", incognito);
    body.putAll(additionalBodyProperties);
    return body;
  }

  @Override
  public String toString() {
    return "CreateChatSessionRequest" + toBody();
  }

  /** Builds a {@link CreateChatSessionRequest}. */
  public static final class Builder {
    private Integer personaId;
    private String description;
    private Integer projectId;
    private Boolean incognito;
    private final Map<String, Object> additional = new LinkedHashMap<>();

    private Builder() {}

    public Builder personaId(Integer personaId) {
      this.personaId = personaId;
      return this;
    }

    /** The session title ({@code description} on the wire). */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder projectId(Integer projectId) {
      this.projectId = projectId;
      return this;
    }

    /** Asks for an incognito session; the server refuses (never downgrades) when it cannot. */
    public Builder incognito(Boolean incognito) {
      this.incognito = incognito;
      return this;
    }

    /** A body field this class does not model (plain Java value), for newer servers. */
    public Builder putAdditionalBodyProperty(String name, Object value) {
      additional.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    public CreateChatSessionRequest build() {
      return new CreateChatSessionRequest(this);
    }
  }
}
