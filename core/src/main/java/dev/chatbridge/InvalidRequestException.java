package dev.chatbridge;

import java.util.List;

/**
 * The request was refused as malformed (400/422), or ChatBridge refused it before sending because the server
 * would have. {@link #details()} lists field-level problems ({@code "loc: msg"}) when the server gave them.
 */
public class InvalidRequestException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 400/413/414/422 (or a local refusal, status 0) with the field-level problems the server listed. */
  public InvalidRequestException(ApiError error) {
    super(error);
  }

  /** Refused locally, before anything was sent; {@link #statusCode()} is 0. */
  public static InvalidRequestException local(String vendor, String message) {
    return new InvalidRequestException(ApiError.builder(vendor, 0).serverMessage(message).build());
  }

  @Override
  public String getMessage() {
    return statusCode() == 0 ? vendor() + ": invalid request: " + serverMessage() : super.getMessage();
  }

  /** Field-level validation problems, in the server's order; empty when it gave none. */
  public List<String> details() {
    return error().details();
  }
}
