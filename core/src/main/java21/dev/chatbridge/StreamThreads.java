package dev.chatbridge;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The default executor of {@link ChatSession#publisher(MessageRequest)}, Java 21 and newer: a virtual thread per
 * stream, named {@code chatbridge-stream-<vendor>-<n>}. A stream's task blocks while it waits for the server or
 * for demand; a parked virtual thread holds only its stack on the heap, so ten thousand open streams need no
 * more platform threads than one. Compiled with release 21 into {@code META-INF/versions/21} of the multi-release
 * core jar; the Java 17 version uses the client's daemon pool.
 */
final class StreamThreads {
  private StreamThreads() {}

  /** Starts a new virtual thread per task; {@code pool} is not used. */
  static Executor executor(String vendor, Supplier<? extends Executor> pool) {
    ThreadFactory threads = Thread.ofVirtual().name("chatbridge-stream-" + vendor + "-", 1).factory();
    return task -> threads.newThread(task).start();
  }
}
