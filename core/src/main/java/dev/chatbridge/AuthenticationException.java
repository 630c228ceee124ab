package dev.chatbridge;

/** The credential was missing, wrong or expired (401, and vendors' 403-for-bad-key). */
public class AuthenticationException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 401 (or a vendor's 403 meaning "bad key"); see {@link ApiException}. */
  public AuthenticationException(ApiError error) {
    super(error);
  }
}
