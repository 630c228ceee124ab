package dev.chatbridge;

import java.util.List;
import java.util.Objects;

/** A session with its messages: the current conversation, oldest first. */
public final class SessionDetails {
  private final SessionSummary summary;
  private final List<Message> messages;

  /** A session and its messages (copied). */
  public SessionDetails(SessionSummary summary, List<Message> messages) {
    this.summary = Objects.requireNonNull(summary, "summary");
    this.messages = List.copyOf(messages);
  }

  /** The session's id, title and times. */
  public SessionSummary summary() {
    return summary;
  }

  /** Shorthand for {@code summary().id()}. */
  public String id() {
    return summary.id();
  }

  /** The messages of the current branch, oldest first. */
  public List<Message> messages() {
    return messages;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionDetails && ((SessionDetails) o).summary.equals(summary)
        && ((SessionDetails) o).messages.equals(messages);
  }

  @Override
  public int hashCode() {
    return Objects.hash(summary, messages);
  }

  @Override
  public String toString() {
    return "SessionDetails{" + summary + ", " + messages.size() + " messages}";
  }
}
