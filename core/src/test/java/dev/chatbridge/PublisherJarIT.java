package dev.chatbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The multi-release core jar on the JDK running the build: run after packaging, against the jar (the
 * {@code packaged-jar} surefire execution), because only a jar applies {@code META-INF/versions}. On Java 21+ the
 * default publisher executor is a virtual thread per stream; on 17 to 20 it is the client's daemon pool.
 */
class PublisherJarIT {
  private static final int FEATURE = Runtime.version().feature();

  @Test
  void theDefaultStreamExecutorMatchesTheRunningJdk() throws Exception {
    File jar = new File(ChatPublisher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(jar.getName()).as("this test runs against the packaged jar").endsWith(".jar");
    try (JarFile file = new JarFile(jar)) {
      assertThat(file.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
      if (FEATURE >= 21) {
        assertThat(file.getEntry("META-INF/versions/21/dev/chatbridge/StreamThreads.class"))
            .as("a build on JDK %d compiles the Java 21 classes", FEATURE).isNotNull();
      }
    }

    ScriptedBackend backend = new ScriptedBackend().whole();
    AtomicReference<Boolean> listed = new AtomicReference<>();
    try (ChatClient client = backend.client()) {
      TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE) {
        @Override
        void onItem(ChatEvent item) {
          // Thread.getAllStackTraces() holds live platform threads only: not a virtual one (its Java 21 javadoc)
          listed.compareAndSet(null, Thread.getAllStackTraces().containsKey(Thread.currentThread()));
        }
      };
      client.session("s1").publisher("hi").subscribe(sub);
      sub.awaitTerminal();
      assertThat(sub.completed()).isTrue();
      assertThat(sub.events()).hasSize(4);
      Thread t = sub.threads().get(0);
      assertThat(sub.threads()).as("one task reads the whole stream").containsOnly(t);
      if (FEATURE >= 21) {
        assertThat(t.getName()).startsWith("chatbridge-stream-test-");
        assertThat(listed.get()).as("a virtual thread, not a platform one").isFalse();
      } else {
        assertThat(t.getName()).startsWith("chatbridge-async-test-");
        assertThat(t.isDaemon()).isTrue();
        assertThat(listed.get()).as("a platform thread").isTrue();
      }
    }
  }
}
