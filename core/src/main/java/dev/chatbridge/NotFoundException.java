package dev.chatbridge;

/**
 * The session, message or route does not exist or is not visible to this credential (404, and vendors that say 401
 * for a foreign chat).
 */
public class NotFoundException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 404 (or a vendor's way of saying it); see {@link ApiException}. */
  public NotFoundException(ApiError error) {
    super(error);
  }
}
