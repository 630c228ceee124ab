package dev.chatbridge;

/** The credential is valid but may not do this (403). */
public class PermissionDeniedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 403 that is not about the credential; see {@link ApiException}. */
  public PermissionDeniedException(ApiError error) {
    super(error);
  }
}
