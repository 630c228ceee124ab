package dev.chatbridge.openwebui;

import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PermissionDeniedException;
import dev.chatbridge.internal.http.ErrorMapper;
import java.util.Set;

/**
 * Open WebUI's status quirks. Most chat routes answer a chat that is missing or owned by someone else with
 * <b>401</b> and a detail of NOT_FOUND, ACCESS_PROHIBITED or DEFAULT; on a chat-scoped route
 * ({@code /api/v1/chats/{id}…}) that is a {@link NotFoundException}, not a bad credential. A 401 saying
 * "Not authenticated", "Invalid token" or INVALID_TOKEN stays an {@link AuthenticationException}. A 403 "Use of API
 * key is not enabled…" means the key can never work on this server (API keys are off, or the user lacks the
 * {@code features.api_keys} permission), so it is an {@link AuthenticationException} too: the fix is a different
 * credential (a JWT) or an admin setting, not a different request.
 */
final class OpenWebUiErrors implements ErrorMapper {
  static final OpenWebUiErrors INSTANCE = new OpenWebUiErrors();

  static final String NOT_FOUND = "We could not find what you're looking for :/";
  static final String ACCESS_PROHIBITED =
      "You do not have permission to access this resource. Please contact your administrator for assistance.";
  static final String DEFAULT = "Something went wrong :/";

  /** First path segments after {@code /api/v1/chats/} that are fixed routes, not chat ids. */
  private static final Set<String> FIXED = Set.of("", "new", "list", "search", "pinned", "archived", "all",
      "archive", "unarchive", "shared", "import", "tags", "folder", "stats", "read");

  private OpenWebUiErrors() {}

  @Override
  public ApiException map(ErrorContext c) {
    String detail = c.body().message;
    if (c.status() == 401 && "DELETE".equals(c.method()) && isChat(c.path()) && detail.equals(ACCESS_PROHIBITED)) {
      // DELETE /{id} answers a missing chat with 404; its 401 ACCESS_PROHIBITED is the missing chat.delete permission
      return new PermissionDeniedException(c.error().toBuilder()
          .serverMessage(detail + " (deleting chats needs the chat.delete permission)").build());
    }
    if (c.status() == 401 && isChatScoped(c.path()) && isNotFoundDetail(detail)) {
      return new NotFoundException(c.error().toBuilder()
          .serverMessage("chat not found or not owned by this user; Open WebUI answers 401 (" + detail + ")").build());
    }
    if (c.status() == 403 && detail.startsWith("Use of API key is not enabled")) {
      return new AuthenticationException(c.error().toBuilder().serverMessage(detail + " (API keys are disabled on "
          + "this server or for this user: ask an admin to enable them, or use a JWT from /api/v1/auths/signin)")
          .build());
    }
    return null;
  }

  static boolean isNotFoundDetail(String detail) {
    return detail.equals(NOT_FOUND) || detail.equals(ACCESS_PROHIBITED) || detail.equals(DEFAULT)
        || detail.startsWith("[ERROR:");
  }

  /** True for {@code …/api/v1/chats/{id}} itself (no sub-route). */
  static boolean isChat(String path) {
    if (!isChatScoped(path)) return false;
    String rest = path.substring(path.indexOf("/api/v1/chats/") + "/api/v1/chats/".length());
    return !rest.contains("/");
  }

  /** True for {@code …/api/v1/chats/{id}[/…]} and {@code …/api/v1/chats/share/{shareId}}. */
  static boolean isChatScoped(String path) {
    int at = path.indexOf("/api/v1/chats/");
    if (at < 0) return false;
    String[] rest = path.substring(at + "/api/v1/chats/".length()).split("/");
    if (rest.length == 0 || rest[0].isEmpty()) return false;
    if (rest[0].equals("share")) return rest.length > 1;
    return !FIXED.contains(rest[0]);
  }
}
