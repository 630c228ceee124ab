package dev.chatbridge;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The default executor of {@link ChatSession#publisher(MessageRequest)}, Java 17 to 20: the client's daemon pool.
 * The core jar is multi-release: on Java 21 and newer {@code META-INF/versions/21} holds a version of this class that
 * starts a virtual thread per stream instead (same name, same method), compiled from {@code src/main/java21}.
 */
final class StreamThreads {
  private StreamThreads() {}

  /** Runs each stream's task on {@code pool} (the client's daemon pool, made on first use). */
  static Executor executor(String vendor, Supplier<? extends Executor> pool) {
    return task -> pool.get().execute(task);
  }
}
