package dev.chatbridge;

import dev.chatbridge.internal.http.Cancellation;
import java.util.List;

/**
 * A client's {@link ChatListener}s and how they are told: an operation is a {@link ChatOperation} only when there
 * is a listener (none: nothing is allocated), and a listener that throws is logged on {@code dev.chatbridge} and
 * skipped, never breaking the call or changing its result, the other listeners still told.
 */
final class Listeners {
  static final Listeners NONE = new Listeners(List.of());
  private static final System.Logger LOG = System.getLogger("dev.chatbridge");

  private final ChatListener[] listeners;

  private Listeners(List<ChatListener> listeners) {
    this.listeners = listeners.toArray(new ChatListener[0]);
  }

  static Listeners of(List<ChatListener> listeners) {
    return listeners.isEmpty() ? NONE : new Listeners(listeners);
  }

  /** The operation, after each listener's {@link ChatListener#onStart}; null when there are no listeners. */
  ChatOperation start(String vendor, ChatOperation.Kind kind, String sessionId) {
    if (listeners.length == 0) return null;
    ChatOperation operation = ChatOperation.start(vendor, kind, sessionId);
    for (ChatListener listener : listeners) {
      try {
        listener.onStart(operation);
      } catch (Throwable t) {
        report(listener, "onStart", operation, t);
      }
    }
    return operation;
  }

  /**
   * Takes the transport's counts from the operation's {@code context} (null: none) into {@code operation} (null: no
   * listeners); do it before the context ends, when a nested operation could reuse it.
   */
  static void count(ChatOperation operation, Cancellation context) {
    if (operation != null && context != null) operation.recordHttp(context.attempts(), context.lastStatus());
  }

  /**
   * Ends {@code operation} (null: nothing to do) with {@code failure} (null: success; a {@code cancelled} operation
   * is {@link ChatOperation.Outcome#CANCELLED} whatever it threw) and tells each listener, once.
   */
  void end(ChatOperation operation, Throwable failure, boolean cancelled) {
    if (operation == null) return;
    boolean ended = cancelled ? operation.recordEnd(ChatOperation.Outcome.CANCELLED, null)
        : failure != null ? operation.recordEnd(ChatOperation.Outcome.ERROR, failure)
        : operation.recordEnd(ChatOperation.Outcome.SUCCESS, null);
    if (!ended) return;
    for (ChatListener listener : listeners) {
      try {
        listener.onEnd(operation);
      } catch (Throwable t) {
        report(listener, "onEnd", operation, t);
      }
    }
  }

  private static void report(ChatListener listener, String method, ChatOperation operation, Throwable t) {
    if (t instanceof VirtualMachineError e) throw e;
    LOG.log(System.Logger.Level.WARNING, "ChatListener " + listener.getClass().getName() + "." + method
        + " threw for " + operation.vendor() + " " + operation.kind().value() + "; the call goes on", t);
  }
}
