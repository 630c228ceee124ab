package dev.chatbridge.opencx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatbridge.internal.json.Json;
import java.util.Map;
import java.util.Set;

/** The contact of a session as OpenCX returns it. Email, phone and name may be null; unknown fields are kept. */
public final class Contact {
  private static final Set<String> MAPPED = Set.of("id", "email", "phone_number", "name", "custom_data",
      "non_verified_name", "non_verified_email", "non_verified_custom_data");

  private final String id;
  private final String email;
  private final String phoneNumber;
  private final String name;
  private final Map<String, Object> customData;
  private final String nonVerifiedName;
  private final String nonVerifiedEmail;
  private final Map<String, Object> nonVerifiedCustomData;
  private final Map<String, Object> additionalProperties;

  private Contact(JsonNode n) {
    this.id = Json.id(n, "id");
    this.email = Json.text(n, "email");
    this.phoneNumber = Json.text(n, "phone_number");
    this.name = Json.text(n, "name");
    this.customData = Json.plainMap(n, "custom_data");
    this.nonVerifiedName = Json.text(n, "non_verified_name");
    this.nonVerifiedEmail = Json.text(n, "non_verified_email");
    this.nonVerifiedCustomData = Json.plainMap(n, "non_verified_custom_data");
    this.additionalProperties = Json.rest(n, MAPPED);
  }

  static Contact from(JsonNode n) {
    return n == null || !n.isObject() ? null : new Contact(n);
  }

  public String id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String phoneNumber() {
    return phoneNumber;
  }

  public String name() {
    return name;
  }

  public Map<String, Object> customData() {
    return customData;
  }

  public String nonVerifiedName() {
    return nonVerifiedName;
  }

  public String nonVerifiedEmail() {
    return nonVerifiedEmail;
  }

  public Map<String, Object> nonVerifiedCustomData() {
    return nonVerifiedCustomData;
  }

  /** Fields this class does not map, as plain Java values. */
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @Override
  public String toString() {
    return "Contact{id=" + id + ", name=" + name + "}";
  }
}
