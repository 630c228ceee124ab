package dev.chatbridge.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTP/1.1 server on loopback for the benchmarks: keep-alive, Content-Length request bodies, fixed or
 * chunked streamed responses, one thread per connection. It does as little as possible per request so that the
 * client side (SDK or baseline) dominates what is measured, and it records nothing that grows, so millions of JMH
 * calls do not fill the heap (the testkit emulator records every request, which suits tests, not benchmarks).
 */
public final class LoopbackServer implements AutoCloseable {
  /** Handles one request. */
  @FunctionalInterface
  public interface Handler {
    void handle(Request request, Response response) throws IOException;
  }

  private final Map<String, Handler> routes = new LinkedHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicInteger peakOpenStreams = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket socket;
  private ExecutorService threads;
  private volatile boolean closed;
  private volatile java.util.function.Consumer<Request> recorder;

  /** Routes {@code method} requests whose path starts with {@code pathPrefix}; first match wins. */
  public LoopbackServer route(String method, String pathPrefix, Handler handler) {
    routes.put(method + " " + pathPrefix, handler);
    return this;
  }

  /** Calls {@code recorder} with every request (tests use it; benchmarks leave it unset). */
  public LoopbackServer recordTo(java.util.function.Consumer<Request> recorder) {
    this.recorder = recorder;
    return this;
  }

  public LoopbackServer start() {
    try {
      socket = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicInteger n = new AtomicInteger();
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "loopback-server-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    threads.execute(this::acceptLoop);
    return this;
  }

  /** {@code http://127.0.0.1:port} plus {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  public long requests() {
    return requests.get();
  }

  /** Streamed responses open right now. */
  public int openStreams() {
    return openStreams.get();
  }

  /** The most streamed responses that were open at once. */
  public int peakOpenStreams() {
    return peakOpenStreams.get();
  }

  /** TCP connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      try {
        threads.execute(() -> serve(s));
      } catch (RuntimeException e) {
        closeQuietly(s);
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
      while (!closed) {
        Request req = Request.read(in);
        if (req == null) return;
        requests.incrementAndGet();
        java.util.function.Consumer<Request> r = recorder;
        if (r != null) r.accept(req);
        Response res = new Response(out);
        Handler h = find(req);
        if (h == null) {
          res.send(404, "application/json", "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        } else {
          h.handle(req, res);
        }
        if (!res.done) res.send(500, "application/json", "{\"detail\":\"handler sent nothing\"}".getBytes(StandardCharsets.UTF_8));
        out.flush();
        if ("close".equalsIgnoreCase(req.header("connection"))) return;
      }
    } catch (IOException | RuntimeException e) {
      // client went away (cancel, close): nothing to do
    }
  }

  private Handler find(Request req) {
    for (Map.Entry<String, Handler> e : routes.entrySet()) {
      String key = e.getKey();
      int sp = key.indexOf(' ');
      if (key.regionMatches(0, req.method, 0, sp) && sp == req.method.length()
          && req.path.startsWith(key.substring(sp + 1))) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (socket != null) socket.close();
    } catch (IOException ignored) {
      // closing
    }
    if (threads != null) threads.shutdownNow();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  /** One parsed request. Header names are lower-case. */
  public static final class Request {
    public final String method;
    public final String path;
    public final String query;
    public final Map<String, String> headers;
    public final byte[] body;

    private Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
      this.method = method;
      this.path = path;
      this.query = query;
      this.headers = headers;
      this.body = body;
    }

    public String header(String name) {
      return headers.get(name);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    static Request read(InputStream in) throws IOException {
      String requestLine = line(in);
      if (requestLine == null) return null;
      if (requestLine.isEmpty()) requestLine = line(in); // tolerate a stray CRLF between requests
      if (requestLine == null) return null;
      int a = requestLine.indexOf(' ');
      int b = requestLine.indexOf(' ', a + 1);
      String method = requestLine.substring(0, a);
      String target = requestLine.substring(a + 1, b);
      int q = target.indexOf('?');
      Map<String, String> headers = new LinkedHashMap<>();
      String h;
      while ((h = line(in)) != null && !h.isEmpty()) {
        int c = h.indexOf(':');
        headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
      }
      if (headers.containsKey("transfer-encoding")) throw new IOException("chunked request bodies are not supported");
      String cl = headers.get("content-length");
      byte[] body = cl == null ? new byte[0] : in.readNBytes(Integer.parseInt(cl));
      return new Request(method, q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
          headers, body);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          byte[] bytes = buf.toByteArray();
          int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        }
        buf.write(c);
      }
      return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** The response to one request: {@link #send} once, or {@link #stream} and write chunks. */
  public final class Response {
    private final OutputStream out;
    boolean done;

    Response(OutputStream out) {
      this.out = out;
    }

    /** A complete response with Content-Length. */
    public void send(int status, String contentType, byte[] body) throws IOException {
      done = true;
      out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
          + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    }

    /** Starts a chunked 200 response; each {@link Stream#write} is one chunk, flushed at once. */
    public Stream stream(String contentType) throws IOException {
      done = true;
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nCache-Control: no-cache\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      int open = openStreams.incrementAndGet();
      peakOpenStreams.accumulateAndGet(open, Math::max);
      return new Stream(out);
    }
  }

  /** A chunked response body being written. Always {@link #close()} it (ends the body). */
  public final class Stream implements AutoCloseable {
    private final OutputStream out;
    private boolean ended;

    Stream(OutputStream out) {
      this.out = out;
    }

    public void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one chunk and flushes it. */
    public void write(byte[] bytes) throws IOException {
      write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int off, int len) throws IOException {
      if (len == 0) return;
      out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes, off, len);
      out.write(CRLF);
      out.flush();
    }

    /** Ends the body (the zero-length chunk). */
    @Override
    public void close() throws IOException {
      if (ended) return;
      ended = true;
      openStreams.decrementAndGet();
      out.write(END);
      out.flush();
    }

    /** Leaves the body unfinished (connection must then be dropped by the caller); counts the stream closed. */
    public void abandon() {
      if (ended) return;
      ended = true;
      openStreams.decrementAndGet();
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] END = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 404:
        return "Not Found";
      default:
        return "Status";
    }
  }
}
