package dev.chatbridge;

import java.util.List;

/**
 * The request was refused as malformed (400/422), or ChatBridge refused it before sending because the server
 * would have. {@link #details()} lists field-level problems ({@code "loc: msg"}) when the server gave them.
 */
public class InvalidRequestException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final List<String> details;

  /** A 400/413/422 with the field-level problems the server listed. */
  public InvalidRequestException(
      String vendor,
      int statusCode,
      String serverMessage,
      String errorCode,
      String requestId,
      String rawBody,
      List<String> details) {
    super(vendor, statusCode, serverMessage, errorCode, requestId, rawBody);
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  /** Refused locally, before anything was sent; {@link #statusCode()} is 0. */
  public static InvalidRequestException local(String vendor, String message) {
    return new InvalidRequestException(vendor, 0, message, null, null, "", List.of());
  }

  @Override
  public String getMessage() {
    return statusCode() == 0 ? vendor() + ": invalid request: " + serverMessage() : super.getMessage();
  }

  /** Field-level validation problems, in the server's order; empty when it gave none. */
  public List<String> details() {
    return details;
  }
}
