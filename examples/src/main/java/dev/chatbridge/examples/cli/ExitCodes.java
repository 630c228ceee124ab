package dev.chatbridge.examples.cli;

import dev.chatbridge.ApiException;
import dev.chatbridge.AuthenticationException;
import dev.chatbridge.ChatException;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.NotFoundException;
import dev.chatbridge.PermissionDeniedException;
import dev.chatbridge.RateLimitException;
import dev.chatbridge.SendOutcomeUnknownException;
import dev.chatbridge.StreamException;
import dev.chatbridge.ChatTimeoutException;
import dev.chatbridge.UnsupportedCapabilityException;

/** The CLI's exit codes (a stable contract) and the mapping from ChatBridge's exceptions to them. */
final class ExitCodes {
  static final int OK = 0;
  /** A bug in the CLI itself; not part of the contract's categories. */
  static final int INTERNAL = 1;
  static final int USAGE = 2;
  static final int AUTH = 3;
  static final int NOT_FOUND = 4;
  static final int RATE_LIMITED = 5;
  static final int API = 6;
  static final int CONNECTION = 7;
  static final int UNSUPPORTED = 8;

  private ExitCodes() {}

  static int of(Throwable e) {
    if (e instanceof CommandLine.UsageException || e instanceof ConfigurationException) return USAGE;
    if (e instanceof AuthenticationException || e instanceof PermissionDeniedException) return AUTH;
    if (e instanceof NotFoundException) return NOT_FOUND;
    if (e instanceof RateLimitException) return RATE_LIMITED;
    // the message was (or may have been) stored before something failed: the connection/stream family
    if (e instanceof SendOutcomeUnknownException) return CONNECTION;
    // Refused before sending (statusCode 0): the input was bad, as with a usage error.
    if (e instanceof InvalidRequestException && ((InvalidRequestException) e).statusCode() == 0) return USAGE;
    if (e instanceof ApiException) return API;
    if (e instanceof ConnectionException || e instanceof ChatTimeoutException || e instanceof StreamException) {
      return CONNECTION;
    }
    if (e instanceof UnsupportedCapabilityException) return UNSUPPORTED;
    if (e instanceof ChatException) return API; // e.g. ResponseFormatException: the server's answer was unusable
    if (e instanceof IllegalArgumentException) return USAGE; // e.g. a blank session id
    return INTERNAL;
  }
}
