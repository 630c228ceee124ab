package dev.chatbridge.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatReply;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.Message;
import dev.chatbridge.SessionOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-cutting guarantees every vendor module proves against its {@link Emulator}: concurrent sends through one
 * client each get their own reply exactly once in the right session (and stored history loses nothing); closing
 * a client leaves no thread running and a caller's OkHttp client usable; the API key never appears in exceptions,
 * {@code toString()} or log output at the most verbose level, also when the server echoes it JSON-escaped; plain
 * {@code http://} to a remote host is refused; the credential is never sent to another origin on a redirect; a key
 * an HTTP header cannot carry and a base URL with user info are refused when the client is built.
 *
 * <p>A vendor module extends it and creates its emulator; the send path, client options and per-session options
 * come from the emulator unless a subclass overrides the hooks. Uses JUnit Jupiter; add {@code junit-jupiter} to
 * your test dependencies. The redirect test also needs {@code com.squareup.okhttp3:mockwebserver}.
 */
public abstract class ClientReliabilityTest {
  /** Threads and sessions of the concurrency test. */
  protected static final int THREADS = 200;
  protected static final int SESSIONS = 50;

  /** The running emulator for the current test. */
  protected Emulator emulator;

  /** A new emulator for the vendor, not yet started. */
  protected abstract Emulator createEmulator();

  /** The path the emulator sees for the message-sending POST of {@code sessionId}; the emulator's by default. */
  protected String sendPath(String sessionId) {
    return emulator.sendPath(sessionId);
  }

  /** Vendor options the client needs against the emulator; the emulator's by default. */
  protected Map<String, String> options() {
    return emulator.clientOptions();
  }

  /** Makes the client under test; {@link ChatClients#create} unless the vendor is not on the service path. */
  protected ChatClient createClient(ChatConfig config) {
    return ChatClients.create(config);
  }

  /**
   * Options for the concurrency test's session {@code i}; the emulator's {@link Emulator#sessionOptions(int)} by
   * default (a vendor whose sessions are keyed by contact gives each its own contact there).
   */
  protected SessionOptions sessionOptions(int i) {
    return emulator.sessionOptions(i);
  }

  /** A configuration against the emulator with {@code apiKey} and ChatBridge's own OkHttp client. */
  protected ChatConfig.Builder config(String apiKey) {
    ChatConfig.Builder b = ChatConfig.builder()
        .vendor(emulator.vendor())
        .baseUrl(emulator.baseUrl())
        .apiKey(apiKey)
        .callTimeout(Duration.ofSeconds(30))
        .streamIdleTimeout(Duration.ofSeconds(30));
    options().forEach(b::option);
    return b;
  }

  @BeforeEach
  void startEmulator() {
    emulator = createEmulator().start();
  }

  @AfterEach
  void stopEmulator() {
    emulator.close();
  }

  private boolean has(ChatClient client, Capability c) {
    return client.capabilities().contains(c);
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void concurrentSendsEachGetTheirOwnReplyOnceInTheirSession() throws Exception {
    try (ChatClient client = createClient(config(emulator.apiKey()).build())) {
      List<ChatSession> sessions = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) sessions.add(client.createSession(sessionOptions(i)));
      emulator.clearRequests();
      Map<String, Set<String>> sentTo = new ConcurrentHashMap<>();
      Map<String, Integer> replies = new ConcurrentHashMap<>();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      try {
        for (int t = 0; t < THREADS; t++) {
          ChatSession session = sessions.get(t % SESSIONS);
          String token = "tok" + t + "x" + UUID.randomUUID().toString().substring(0, 8);
          futures.add(pool.submit(() -> {
            try {
              go.await();
              ChatReply reply = session.send("concurrency " + token);
              assertTrue(reply.text().contains(token), "reply carries its own token: " + reply.text());
              assertEquals(1, count(reply.text(), "tok"), "reply carries no other token: " + reply.text());
              if (reply.message().sessionId() != null) {
                assertEquals(session.id(), reply.message().sessionId(), "reply is in the right session");
              }
              sentTo.computeIfAbsent(session.id(), k -> ConcurrentHashMap.newKeySet()).add(token);
              replies.merge(token, 1, Integer::sum);
            } catch (Throwable e) {
              failures.add(e);
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : futures) f.get(5, TimeUnit.MINUTES);
      } finally {
        pool.shutdownNow();
      }
      if (!failures.isEmpty()) {
        AssertionError e = new AssertionError(failures.size() + " of " + THREADS + " concurrent sends failed");
        failures.stream().limit(5).forEach(e::addSuppressed);
        throw e;
      }
      assertEquals(THREADS, replies.size(), "every thread got a reply");
      assertTrue(replies.values().stream().allMatch(n -> n == 1), "each reply arrived exactly once");
      Set<String> paths = new LinkedHashSet<>();
      for (ChatSession s : sessions) paths.add(sendPath(s.id()));
      int posts = 0;
      for (String p : paths) posts += emulator.requestCount("POST", p);
      assertEquals(THREADS, posts, "the server saw each send exactly once");

      if (has(client, Capability.HISTORY) || has(client, Capability.GET_SESSION)) {
        for (ChatSession s : sessions) {
          List<Message> history = has(client, Capability.HISTORY) ? s.history() : s.details().messages();
          Set<String> expected = sentTo.get(s.id());
          Set<String> seenUser = new HashSet<>();
          for (Message m : history) {
            for (String token : tokens(m.text())) {
              if (m.text().startsWith("concurrency ")) {
                assertTrue(seenUser.add(token), "user message stored once: " + token + " in " + s.id());
              }
            }
          }
          Set<String> all = new HashSet<>();
          history.forEach(m -> all.addAll(tokens(m.text())));
          assertEquals(expected, seenUser, "session " + s.id() + " stores exactly its own user messages");
          assertEquals(expected, all, "session " + s.id() + " holds no other session's tokens");
          for (String token : expected) {
            assertTrue(history.stream().anyMatch(m -> !m.text().startsWith("concurrency ") && m.text().contains(token)),
                "session " + s.id() + " stores the reply to " + token);
          }
        }
      }
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
    return n;
  }

  private static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String word : text.split("[^A-Za-z0-9]+")) if (word.matches("tok[0-9]+x[0-9a-f]{8}")) out.add(word);
    return out;
  }

  // ---------------------------------------------------------------- leaks

  @Test
  void closeLeavesNoNonDaemonThreadAndNoPoolThreadBehind() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ChatClient client = createClient(config(emulator.apiKey()).build())) {
      ChatSession s = client.createSession();
      s.send("before close");
      try (ChatStream stream = s.stream("streamed before close")) {
        for (ChatEvent ignored : stream) {
          // drain
        }
      }
      s.sendAsync("async before close").get(30, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> alive;
    do {
      alive = new ArrayList<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        String name = t.getName().toLowerCase(Locale.ROOT);
        boolean ours = name.contains("chatbridge") && !name.contains("emulator") || name.contains("okhttp");
        if (!before.contains(t) && t.isAlive() && ours && (!t.isDaemon() || name.startsWith("chatbridge-http"))) {
          alive.add(t.getName() + (t.isDaemon() ? " (daemon)" : ""));
        }
      }
      if (alive.isEmpty()) break;
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertTrue(alive.stream().noneMatch(n -> !n.endsWith("(daemon)")),
        "no ChatBridge/OkHttp non-daemon thread may outlive close(): " + alive);
    assertEquals(List.of(), alive, "close() shuts down the client's HTTP dispatcher threads");
  }

  @Test
  void closeLeavesACallersOkHttpClientUsable() throws IOException {
    OkHttpClient http = new OkHttpClient();
    try {
      try (ChatClient client = createClient(config(emulator.apiKey()).okHttpClient(http).build())) {
        client.createSession().send("through the caller's client");
      }
      assertFalse(http.dispatcher().executorService().isShutdown(), "the caller's dispatcher is not shut down");
      try (Response r = http.newCall(new Request.Builder().url(emulator.baseUrl() + "/").build()).execute()) {
        assertTrue(r.code() > 0, "the caller's client still makes calls");
      }
      assertEquals(http.connectionPool().idleConnectionCount(), http.connectionPool().connectionCount(),
          "no connection of the caller's pool is left leased");
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  // ---------------------------------------------------------------- secrets

  /** Collects every JUL record of ChatBridge and OkHttp at ALL. */
  static final class Capture extends Handler implements AutoCloseable {
    final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();

    Capture(String... names) {
      for (String n : names) {
        Logger l = Logger.getLogger(n);
        loggers.add(l);
        levels.add(l.getLevel());
        l.setLevel(Level.ALL);
        l.addHandler(this);
      }
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      for (int i = 0; i < loggers.size(); i++) {
        loggers.get(i).removeHandler(this);
        loggers.get(i).setLevel(levels.get(i));
      }
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      java.util.logging.SimpleFormatter f = new java.util.logging.SimpleFormatter();
      synchronized (records) {
        for (LogRecord r : records) {
          sb.append(f.format(r)).append(r.getMessage()).append('\n');
          if (r.getParameters() != null) for (Object p : r.getParameters()) sb.append(p).append('\n');
        }
      }
      return sb.toString();
    }
  }

  /** Everything a user could see of an exception: messages, toString and raw bodies along the cause chain. */
  static String visible(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n').append(c.getMessage()).append('\n');
      if (c instanceof dev.chatbridge.ApiException) sb.append(((dev.chatbridge.ApiException) c).rawBody()).append('\n');
      if (c instanceof dev.chatbridge.ResponseFormatException) {
        sb.append(((dev.chatbridge.ResponseFormatException) c).body()).append('\n');
      }
      java.io.StringWriter w = new java.io.StringWriter();
      c.printStackTrace(new java.io.PrintWriter(w));
      sb.append(w);
    }
    return sb.toString();
  }

  @Test
  void apiKeyNeverAppearsInExceptionsToStringOrLogs() {
    String key = emulator.apiKey();
    String wrongKey = "wrong-" + key.toUpperCase(Locale.ROOT) + "-9d2b";
    String tokenKey = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    StringBuilder seen = new StringBuilder();
    try (Capture log = new Capture("dev.chatbridge", "okhttp3")) {
      ChatConfig config = config(key).maxRetries(1).build();
      seen.append(config).append('\n');
      try (ChatClient client = createClient(config)) {
        seen.append(client).append('\n');
        ChatSession s = client.createSession();
        seen.append(s).append('\n');
        seen.append(s.send("hello")).append('\n');
        try (ChatStream stream = s.stream("stream hello")) {
          for (ChatEvent e : stream) seen.append(e).append('\n');
        }
        String path = sendPath(s.id());
        // Faults answer before the emulator checks the key, so a client with a key shaped like a real one
        // (one JSON-ish token: sk_live_…) is exercised on every error path while the server echoes it back.
        try (ChatClient echoed = createClient(config(tokenKey).maxRetries(1).build())) {
          ChatSession e2 = echoed.session(s.id());
          List<Fault> faults = List.of(
              Fault.status(400, emulator.errorBody(400, "bad request for key " + tokenKey)),
              Fault.status(401, emulator.errorBody(401, "invalid key " + tokenKey)),
              Fault.status(403, emulator.errorBody(403, "key " + tokenKey + " lacks access")),
              Fault.status(404, emulator.errorBody(404, "no such thing for " + tokenKey)),
              Fault.status(422, emulator.errorBody(422, "unprocessable " + tokenKey)),
              Fault.rateLimited("0", emulator.errorBody(429, "slow down " + tokenKey)).times(2),
              Fault.status(500, emulator.errorBody(500, "crash dump: Authorization: Bearer " + tokenKey)),
              Fault.status(200, "<html><body>Welcome " + tokenKey + "</body></html>").contentType("text/html"),
              Fault.status(200, tokenKey + "\n").contentType("application/x-ndjson"),
              Fault.status(200, "data: " + tokenKey + "\n\n").contentType("text/event-stream"),
              Fault.status(200, "{\"unexpected\": \"" + tokenKey + "\"}"));
          for (Fault f : faults) {
            for (boolean stream : new boolean[] {false, true}) {
              emulator.inject(f.on("POST", path));
              try {
                if (stream) {
                  try (ChatStream st = e2.stream("provoke")) {
                    for (ChatEvent e : st) seen.append(e).append('\n');
                    seen.append(st.reply()).append('\n');
                  }
                } else {
                  seen.append(e2.send("provoke")).append('\n');
                }
              } catch (ChatException e) {
                seen.append(visible(e));
              } catch (RuntimeException e) {
                fail("untyped exception for " + f + ": " + e, e);
              } finally {
                emulator.clearFaults();
              }
            }
          }
        }
        try {
          client.getSession("missing-session-" + key);
        } catch (ChatException e) {
          seen.append(visible(e));
        }
      }
      ChatConfig wrong = config(wrongKey).build();
      seen.append(wrong).append('\n');
      try (ChatClient bad = createClient(wrong)) {
        seen.append(bad).append('\n');
        bad.createSession().send("x");
        fail("a wrong key must be refused");
      } catch (ChatException e) {
        seen.append(visible(e));
      }
      try {
        ChatClient insecure = createClient(config(key).baseUrl("http://chat.example.com/").build());
        insecure.close();
      } catch (ChatException e) {
        seen.append(visible(e));
      }
      String logs = log.text();
      assertFalse(log.records.isEmpty(), "logging at ALL recorded something");
      for (String secret : List.of(key, wrongKey, tokenKey)) {
        assertFalse(seen.toString().contains(secret), "the key appeared in an exception or toString:\n"
            + excerpt(seen.toString(), secret));
        assertFalse(logs.contains(secret), "the key appeared in the log:\n" + excerpt(logs, secret));
      }
    }
  }

  /** {@code s} with every character written as a JSON backslash-u escape (what Jackson decodes back into it). */
  static String unicodeEscaped(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) sb.append(String.format("\\u%04x", (int) c));
    return sb.toString();
  }

  @Test
  void apiKeyEchoedWithJsonEscapesNeverAppearsEither() {
    // the emulator's own key, so every call before the faulted one (e.g. Open WebUI's chat read) goes through
    String key = emulator.apiKey();
    String first = String.format("\\u%04X", (int) key.charAt(0));
    List<String> forms = List.of(unicodeEscaped(key), first + key.substring(1).replace("-", "\\u002d"),
        key.replace("-", "\\u002D"));
    StringBuilder seen = new StringBuilder();
    // a short call timeout: a 200 without a reply makes a vendor that polls for it (OpenCX) wait that long
    try (Capture log = new Capture("dev.chatbridge", "okhttp3");
        ChatClient client = createClient(config(key).maxRetries(1).callTimeout(Duration.ofSeconds(2)).build())) {
      ChatSession s = client.createSession();
      String path = sendPath(s.id());
      ChatSession e2 = client.session(s.id());
      for (String form : forms) {
        // Faults answer before the emulator checks the key: every error path, the server echoing the key escaped
        List<Fault> faults = List.of(
            Fault.status(400, escapedErrorBody(400, form)),
            Fault.status(401, escapedErrorBody(401, form)),
            Fault.status(403, escapedErrorBody(403, form)),
            Fault.status(404, escapedErrorBody(404, form)),
            Fault.status(422, escapedErrorBody(422, form)),
            Fault.rateLimited("0", escapedErrorBody(429, form)).times(2),
            Fault.status(500, escapedErrorBody(500, form)),
            Fault.status(200, "<html><body>Welcome " + form + "</body></html>").contentType("text/html"),
            Fault.status(200, "{\"error\": \"bad key " + form + "\"}\n").contentType("application/x-ndjson"),
            Fault.status(200, "data: {\"error\": {\"message\": \"bad key " + form + "\"}}\n\n")
                .contentType("text/event-stream"),
            Fault.status(200, "{\"unexpected\": \"" + form + "\"}"));
        for (Fault f : faults) {
          for (boolean stream : new boolean[] {false, true}) {
            emulator.inject(f.on("POST", path));
            try {
              if (stream) {
                try (ChatStream st = e2.stream("provoke")) {
                  for (ChatEvent e : st) seen.append(e).append('\n');
                  seen.append(st.reply()).append('\n');
                }
              } else {
                seen.append(e2.send("provoke")).append('\n');
              }
            } catch (ChatException e) {
              seen.append(visible(e));
            } catch (RuntimeException e) {
              fail("untyped exception for " + f + ": " + e, e);
            } finally {
              emulator.clearFaults();
            }
          }
        }
      }
      String logs = log.text();
      for (String secret : concat(List.of(key), forms)) {
        assertFalse(seen.toString().contains(secret), "the key (" + secret + ") appeared in an exception, a reply "
            + "or a toString:\n" + excerpt(seen.toString(), secret));
        assertFalse(logs.contains(secret), "the key appeared in the log:\n" + excerpt(logs, secret));
      }
    }
  }

  /** The vendor's error body for {@code status} with {@code form} written into its JSON text as is. */
  private String escapedErrorBody(int status, String form) {
    return emulator.errorBody(status, "bad key ZZMARKZZ").replace("ZZMARKZZ", form);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String excerpt(String text, String secret) {
    int i = text.indexOf(secret);
    return text.substring(Math.max(0, i - 300), Math.min(text.length(), i + secret.length() + 100));
  }

  // ---------------------------------------------------------------- transport security

  @Test
  void aKeyAnHttpHeaderCannotCarryAndUserInfoInTheBaseUrlAreRefusedWhenTheClientIsBuilt() {
    for (String bad : List.of("sk-abc\r\nX-Injected: 1", "sk-\u00e9t\u00e9-abc", "sk\u0000abc", "sk\nabc")) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> createClient(config(bad).build()).close());
      assertTrue(e.getMessage().contains("chatbridge.api-key"), e.getMessage());
      assertFalse(visible(e).contains(bad) || visible(e).contains("abc"), "the key is not shown: " + e);
    }
    String withUserInfo = okhttp3.HttpUrl.get(emulator.baseUrl()).newBuilder().username("alice")
        .password("s3cret-pw").build().toString();
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> createClient(config(emulator.apiKey()).baseUrl(withUserInfo).build()).close());
    assertTrue(e.getMessage().contains("chatbridge.base-url"), e.getMessage());
    assertFalse(visible(e).contains("s3cret-pw"), "the password is not shown: " + e);
  }

  @Test
  void theCredentialIsNeverSentToAnotherOriginOnARedirect() throws Exception {
    List<okhttp3.mockwebserver.RecordedRequest> reachedForeign = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger statuses = new java.util.concurrent.atomic.AtomicInteger();
    int[] redirects = {301, 302, 303, 307, 308};
    try (okhttp3.mockwebserver.MockWebServer origin = new okhttp3.mockwebserver.MockWebServer();
        okhttp3.mockwebserver.MockWebServer foreign = new okhttp3.mockwebserver.MockWebServer()) {
      foreign.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
          reachedForeign.add(request);
          return new okhttp3.mockwebserver.MockResponse().setBody("{}");
        }
      });
      foreign.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
      // another origin for the same machine: another host name and port
      String elsewhere = "http://localhost:" + foreign.getPort();
      origin.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
          int status = redirects[statuses.getAndIncrement() % redirects.length];
          return new okhttp3.mockwebserver.MockResponse().setResponseCode(status)
              .setHeader("Location", elsewhere + request.getPath());
        }
      });
      origin.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
      String base = okhttp3.HttpUrl.get(emulator.baseUrl()).newBuilder().port(origin.getPort()).build().toString();
      OkHttpClient follows = new OkHttpClient.Builder().followRedirects(true).followSslRedirects(true).build();
      try {
        for (OkHttpClient http : java.util.Arrays.asList(null, follows)) {
          ChatConfig.Builder c = config(emulator.apiKey()).baseUrl(base);
          if (http != null) c.okHttpClient(http);
          try (ChatClient client = createClient(c.build())) {
            List<Runnable> operations = new ArrayList<>();
            operations.add(client::createSession);
            operations.add(() -> client.session("s-1").send("hello"));
            if (has(client, Capability.STREAMING)) {
              operations.add(() -> {
                try (ChatStream st = client.session("s-1").stream("hello")) {
                  st.reply();
                }
              });
            }
            if (has(client, Capability.HISTORY)) operations.add(() -> client.session("s-1").history());
            if (has(client, Capability.GET_SESSION)) operations.add(() -> client.getSession("s-1"));
            if (has(client, Capability.LIST_SESSIONS)) operations.add(client::listSessions);
            if (has(client, Capability.DELETE_SESSION)) operations.add(() -> client.deleteSession("s-1"));
            if (has(client, Capability.END_SESSION)) operations.add(() -> client.session("s-1").end());
            for (Runnable op : operations) {
              dev.chatbridge.ApiException e = assertThrows(dev.chatbridge.ApiException.class, op::run);
              assertTrue(e.statusCode() >= 300 && e.statusCode() < 400, "the redirect's status: " + e);
              assertTrue(e.getMessage().contains("localhost:" + foreign.getPort()), "names the target: " + e);
              assertFalse(visible(e).contains(emulator.apiKey()), "no key in " + e);
            }
          }
        }
        assertEquals(List.of(), reachedForeign, "no request, with or without the credential, reached the other "
            + "origin");
        assertTrue(origin.getRequestCount() > 0, "the operations did reach the configured origin");
        assertTrue(follows.followRedirects(), "the caller's client is left as it was");
      } finally {
        follows.dispatcher().executorService().shutdown();
        follows.connectionPool().evictAll();
      }
    }
  }

  @Test
  void plainHttpToARemoteHostIsRefusedUnlessAllowed() {
    Supplier<ChatConfig.Builder> remote = () -> config(emulator.apiKey()).baseUrl("http://chat.example.com/api");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> createClient(remote.get().build()).close());
    assertTrue(e.getMessage().contains("chat.example.com"), e.getMessage());
    assertDoesNotThrow(() -> createClient(remote.get().allowInsecureHttp(true).build()).close());
    assertDoesNotThrow(() -> createClient(config(emulator.apiKey()).baseUrl("https://chat.example.com/api").build()).close());
    for (String loopback : List.of("http://localhost:1/api", "http://127.0.0.1:1/api", "http://[::1]:1/api")) {
      assertDoesNotThrow(() -> createClient(config(emulator.apiKey()).baseUrl(loopback).build()).close(), loopback);
    }
    for (String sneaky : List.of("http://127.0.0.1.example.com/api", "http://localhost.example.com/api",
        "http://10.0.0.1/api")) {
      assertThrows(ConfigurationException.class, () -> createClient(config(emulator.apiKey()).baseUrl(sneaky).build()).close(),
          sneaky);
    }
  }
}
