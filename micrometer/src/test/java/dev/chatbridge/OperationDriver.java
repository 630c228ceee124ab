package dev.chatbridge;

/**
 * Test double: drives a {@link ChatListener} through an operation's documented life (start, attempts, statuses,
 * events, end) the way ChatBridge does, through {@link ChatOperation}'s package-private recorders. For testing
 * listeners without a client.
 */
public final class OperationDriver {
  private final ChatListener listener;
  private final ChatOperation operation;
  private int attempts;

  private OperationDriver(ChatListener listener, ChatOperation operation) {
    this.listener = listener;
    this.operation = operation;
  }

  /** Starts an operation and tells the listener. */
  public static OperationDriver start(ChatListener listener, String vendor, ChatOperation.Kind kind,
      String sessionId) {
    ChatOperation op = ChatOperation.start(vendor, kind, sessionId);
    listener.onStart(op);
    return new OperationDriver(listener, op);
  }

  /** One HTTP attempt answered with {@code status}. */
  public OperationDriver attempt(int status) {
    operation.recordHttp(++attempts, status);
    return this;
  }

  /** One HTTP attempt that got no response. */
  public OperationDriver attemptWithoutResponse() {
    operation.recordHttp(++attempts, operation.httpStatus().orElse(0));
    return this;
  }

  /** An event handed to the caller. */
  public OperationDriver event() {
    operation.recordEvent();
    return this;
  }

  /** The vendor's finish reason. */
  public OperationDriver finishReason(String reason) {
    operation.recordFinishReason(reason);
    return this;
  }

  /** Ends the operation and tells the listener; {@code error} null unless the outcome is ERROR. */
  public ChatOperation end(ChatOperation.Outcome outcome, Throwable error) {
    operation.recordEnd(outcome, error);
    listener.onEnd(operation);
    return operation;
  }

  /** The operation. */
  public ChatOperation operation() {
    return operation;
  }
}
