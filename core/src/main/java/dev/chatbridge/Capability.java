package dev.chatbridge;

/** What a vendor can do through ChatBridge. {@link ChatClient#capabilities()} lists the ones it has. */
public enum Capability {
  /** Replies arrive incrementally. Without it, {@code stream()} still works but yields the whole reply at once. */
  STREAMING,
  /** {@link ChatClient#getSession(String)}. */
  GET_SESSION,
  /** {@link ChatClient#listSessions(PageRequest)}. */
  LIST_SESSIONS,
  /** {@link ChatSession#history()}. */
  HISTORY,
  /** {@link ChatClient#deleteSession(String)}. */
  DELETE_SESSION,
  /** {@link ChatSession#end()}. */
  END_SESSION,
  /** Replies carry citations of source documents. */
  CITATIONS,
  /** {@link ChatStream#cancel()} also tells the server to stop generating. */
  STOP_GENERATION,
  /** Messages form a tree; {@link MessageRequest.Builder#parentId(String)} branches. */
  BRANCHING,
  /** A human agent can take a session over from the AI. */
  HUMAN_HANDOFF,
  /**
   * A reply whose connection broke after the message was accepted is rejoined on the server (Onyx
   * {@code resume-stream}) and continues in the same stream: every delta exactly once, the message sent once.
   */
  RESUMABLE_STREAMS
}
