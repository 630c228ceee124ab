package dev.chatbridge.testkit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's HTTP server on a loopback port, one daemon thread per exchange (streams hold theirs for as long as they
 * run): what {@link Emulator} and {@link ReplayServer} serve from.
 */
final class LoopbackServer {
  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts {@code handler} on {@code port} (0: any free port) of 127.0.0.1; {@code name} names the threads and,
   * when the port cannot be bound, the server in the error.
   */
  static LoopbackServer start(String name, int port, int backlog, HttpHandler handler) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the " + name + " on port " + port, e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "chatbridge-" + name.replace(' ', '-') + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    return new LoopbackServer(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }
}
