package dev.chatbridge;

/** The server failed (5xx). */
public class ServerException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A 5xx; see {@link ApiException}. */
  public ServerException(ApiError error) {
    super(error);
  }
}
