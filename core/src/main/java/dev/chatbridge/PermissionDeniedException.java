package dev.chatbridge;

/** The credential is valid but may not do this (403). */
public class PermissionDeniedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 403; see {@link ApiException}. */
  public PermissionDeniedException(
      String vendor, int statusCode, String serverMessage, String errorCode, String requestId, String rawBody) {
    super(vendor, statusCode, serverMessage, errorCode, requestId, rawBody);
  }
}
