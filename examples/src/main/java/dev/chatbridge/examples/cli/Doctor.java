package dev.chatbridge.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatbridge.ApiException;
import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.ConfigurationException;
import dev.chatbridge.ConnectionException;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.examples.cli.CommandLine.UsageException;
import dev.chatbridge.opencx.ChannelType;
import dev.chatbridge.openwebui.Model;
import dev.chatbridge.openwebui.OpenWebUiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The {@code doctor} command: checks the configured server step by step (base URL and TLS, reachability, key,
 * version, vendor options, capabilities; with {@code --write} one full round trip with timings) and prints one row
 * per step, or one JSON document. A failed step is also one line on stderr naming the step, the vendor and the
 * status, with a hint; the first failed step's exception decides the exit code, as for the other commands. Steps
 * that need an earlier one (everything after an unreachable server or a refused key) are skipped.
 */
final class Doctor {
  static final String SESSION_TITLE = "chatbridge doctor";
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern AGENT = Pattern.compile("agent_[A-Za-z0-9_-]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli;
  private final PrintStream out;
  private final PrintStream err;
  private final Scrubber scrubber;
  private final List<Check> checks = new ArrayList<>();
  private final Timings timings = new Timings();
  private String vendor;
  private Throwable firstFailure;

  Doctor(Cli cli, PrintStream out, PrintStream err, Scrubber scrubber) {
    this.cli = cli;
    this.out = out;
    this.err = err;
    this.scrubber = scrubber;
  }

  /** One step's outcome: {@code ok}, {@code warn}, {@code fail}, {@code skip} or {@code info}. */
  record Check(String step, String result, String detail, Integer status, String hint) {}

  int run(CommandLine cl) {
    cl.allowOnly("doctor", Set.of("--write"));
    if (cl.words().size() > 1) throw new UsageException("unexpected argument '" + cl.word(1) + "': doctor");
    try (Cli.Target target = cli.target(cl)) {
      ChatConfig config = target.config;
      vendor = config.vendor();
      OkHttpClient http = new OkHttpClient.Builder()
          .eventListenerFactory(call -> timings.listener())
          .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .readTimeout(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .build();
      try {
        OkHttpClient raw = target.recording == null ? http : http.newBuilder()
            .addInterceptor(target.recording.interceptor(config.apiKey().orElse(null), config.baseUrl().orElse(null)))
            .build();
        ChatConfig withClient = config.toBuilder().okHttpClient(http).build();
        long started = System.nanoTime();
        try (ChatClient client = ChatClients.create(withClient)) {
          check(client, withClient, raw, cl.flag("--write"));
        }
        timings.totalMs = millisSince(started);
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
      print(cl.flag("--json"), config.baseUrl().orElse(""), cl.flag("--write"));
    }
    return firstFailure == null ? ExitCodes.OK : ExitCodes.of(firstFailure);
  }

  // ---------------------------------------------------------------- the steps

  private void check(ChatClient client, ChatConfig config, OkHttpClient raw, boolean write) {
    HttpUrl base = HttpUrl.get(config.baseUrl().orElseThrow());
    boolean tls = base.isHttps();
    add(new Check("base-url", "ok", base.scheme() + "://" + base.host() + ":" + base.port() + base.encodedPath()
        + (tls ? " (TLS)" : " (plain http: loopback or --allow-insecure-http)"), null, null));
    if (!reachable(raw, base, tls)) {
      skip("version", "key", "options", "capabilities");
      if (write) skip("write");
      return;
    }
    version(raw, base);
    boolean keyOk = key(client);
    if (keyOk) options(client, config);
    else skip("options");
    List<String> caps = new ArrayList<>();
    for (Capability c : new TreeSet<>(client.capabilities())) caps.add(c.name());
    add(new Check("capabilities", "info", String.join(", ", caps), null, null));
    if (!write) return;
    if (keyOk) roundTrip(client);
    else skip("write");
  }

  private boolean reachable(OkHttpClient raw, HttpUrl base, boolean tls) {
    try (Response r = raw.newCall(new Request.Builder().url(base).get().build()).execute()) {
      Handshake handshake = r.handshake();
      if (tls) {
        add(new Check("tls", "ok", "certificate accepted, " + (handshake == null ? "?" : handshake.tlsVersion()
            .javaName() + ", " + handshake.cipherSuite().javaName()), null, null));
      }
      add(new Check("connect", "ok", base.host() + ":" + base.port() + " answered HTTP " + r.code() + " ("
          + protocol(r.protocol()) + ")", null, null));
      return true;
    } catch (SSLException e) {
      fail("tls", new ConnectionException(vendor + ": TLS handshake with " + base.host() + " failed: " + e.getMessage(),
          e), null, "the certificate was not accepted: check the host name and the JVM trust store");
      return false;
    } catch (IOException e) {
      if (tls && timings.handshakeUnfinished()) { // connected, then the handshake stalled or broke off
        fail("tls", new ConnectionException(vendor + ": TLS handshake with " + base.host() + " did not complete: "
            + e, e), null, "the server did not complete a TLS handshake: check that the port serves https, not "
            + "plain http, and that nothing between intercepts it");
        return false;
      }
      fail("connect", new ConnectionException(vendor + ": cannot reach " + base.host() + ":" + base.port() + ": " + e,
          e), null, "check chatbridge.base-url, the host and port, and that the server is running");
      return false;
    }
  }

  /**
   * The server's version where the vendor has a public route for it, asked without credentials: Open WebUI's
   * {@code GET /api/version} answers {@code {"version", "deployment_id"}} (open-webui/open-webui,
   * backend/open_webui/main.py, {@code get_app_version}); Onyx's {@code GET /version} behind its {@code /api}
   * proxy answers {@code {"backend_version"}} (onyx-dot-app/onyx, backend/onyx/server/manage/get_state.py, commit
   * 08a515b68f571a726be1544ab748a3e2842b7c59). OpenCX and OSVI document none.
   */
  private void version(OkHttpClient raw, HttpUrl base) {
    String path;
    String field;
    switch (vendor) {
      case "openwebui" -> {
        path = "api/version";
        field = "version";
      }
      case "onyx" -> {
        path = "version";
        field = "backend_version";
      }
      default -> {
        add(new Check("version", "info", "not exposed by " + vendor, null, null));
        return;
      }
    }
    HttpUrl url = base.newBuilder().addPathSegments(path).build();
    try (Response r = raw.newCall(new Request.Builder().url(url).get().build()).execute()) {
      String body = r.body() == null ? "" : r.body().string();
      if (r.code() == 401 || r.code() == 403 || r.code() == 404) { // absent, or behind the login
        add(new Check("version", "info", "not exposed (GET " + url.encodedPath() + " answered " + r.code() + ")",
            r.code(), null));
        return;
      }
      if (r.code() >= 500) {
        fail("version", new ApiStatus(r.code(), "GET " + url.encodedPath()), r.code(), hint(r.code()));
        return;
      }
      if (!r.isSuccessful()) {
        add(new Check("version", "warn", "GET " + url.encodedPath() + " answered " + r.code(), r.code(), null));
        return;
      }
      JsonNode v = JSON.readTree(body).path(field);
      add(new Check("version", v.isTextual() ? "ok" : "info", v.isTextual() ? v.asText()
          : "GET " + url.encodedPath() + " has no \"" + field + "\"", r.code(), null));
    } catch (IOException e) {
      add(new Check("version", "warn", "GET " + url.encodedPath() + " failed: " + e.getMessage(), null, null));
    }
  }

  /** Whether the key is accepted, by the cheapest authenticated read the vendor has. */
  private boolean key(ChatClient client) {
    try {
      if (client.capabilities().contains(Capability.LIST_SESSIONS)) {
        int n = client.listSessions(PageRequest.of(1, null)).items().size();
        add(new Check("key", "ok", "accepted (listed " + n + " session" + (n == 1 ? "" : "s") + ")", null, null));
      } else {
        add(new Check("key", "skip", vendor + " has no read-only authenticated call; --write checks the key",
            null, null));
      }
      return true;
    } catch (RuntimeException e) {
      fail("key", e, status(e), hintFor(e));
      return false;
    }
  }

  private void options(ChatClient client, ChatConfig config) {
    try {
      switch (vendor) {
        case "openwebui" -> {
          OpenWebUiClient typed = client.unwrap(OpenWebUiClient.class);
          String model = typed.defaultModel().orElse(null);
          List<String> ids = new ArrayList<>();
          for (Model m : typed.models()) ids.add(m.id());
          if (model == null) {
            add(new Check("options", "warn", "no model configured (chatbridge.openwebui.model); the server lists "
                + ids, null, "set --option model=ID"));
          } else if (ids.contains(model)) {
            add(new Check("options", "ok", "model " + model + " is listed by GET /api/models", null, null));
          } else {
            fail("options", new ConfigurationException("model '" + model + "' is not listed by GET /api/models "
                + ids), null, "set --option model= to one of the listed ids");
          }
        }
        case "onyx" -> add(new Check("options", "info", "persona " + config.option("persona-id").orElse("0 (default)")
            + "; no read-only check, --write sends with it", null, null));
        case "osvi" -> {
          String agent = config.option("agent-uuid").orElse("");
          if (AGENT.matcher(agent).matches() || UUID.matcher(agent).matches()) {
            add(new Check("options", "ok", "agent-uuid has an agent id's shape (agent_<id>)", null, null));
          } else { // the shape is known from the docs' examples only: the server may still take it
            add(new Check("options", "warn", "agent-uuid does not look like an agent id (agent_<id>); "
                + "--write checks it", null, "set --option agent-uuid= to the id the OSVI dashboard shows"));
          }
        }
        case "opencx" -> {
          ChannelType channel = ChannelType.of(config.option("channel").orElse(ChannelType.API.value()));
          add(new Check("options", channel.isKnown() ? "ok" : "warn", "channel " + channel.value()
              + (channel.isKnown() ? " is a known channel" : " is not a channel the docs list (sent as given)"),
              null, null));
        }
        default -> add(new Check("options", "info", "no checks for vendor " + vendor, null, null));
      }
    } catch (RuntimeException e) {
      fail("options", e, status(e), hintFor(e));
    }
  }

  /** Create, send, read back, list and end or delete: each its own step; stops at the first failure. */
  private void roundTrip(ChatClient client) {
    Set<Capability> caps = client.capabilities();
    String step = "write.create";
    ChatSession session = null;
    try {
      session = client.createSession(SessionOptions.builder().title(SESSION_TITLE).build());
      add(new Check(step, "ok", "session " + session.id(), null, null));
      step = "write.send";
      int callsBefore = timings.calls();
      long sent = System.nanoTime();
      StringBuilder reply = new StringBuilder();
      try (ChatStream stream = session.stream("ping")) {
        for (ChatEvent event : stream) {
          if (timings.firstEventMs < 0) timings.firstEventMs = millisSince(sent);
          if (event instanceof ChatEvent.TextDelta d) reply.append(d.text());
        }
        if (reply.length() == 0) reply.append(stream.reply().text());
      }
      timings.sendMs = millisSince(sent);
      timings.firstByteMs = timings.firstByteOf(callsBefore);
      add(new Check(step, "ok", "replied " + reply.length() + " chars", null, null));
      if (caps.contains(Capability.HISTORY)) {
        step = "write.history";
        int n = session.history().size();
        add(new Check(step, "ok", n + " messages", null, null));
      }
      if (caps.contains(Capability.LIST_SESSIONS)) {
        step = "write.list";
        int n = client.listSessions(PageRequest.of(5, null)).items().size();
        add(new Check(step, "ok", n + " session(s) on the first page", null, null));
      }
      step = "write.cleanup";
      if (caps.contains(Capability.END_SESSION)) {
        session.end();
        add(new Check(step, "ok", "ended session " + session.id(), null, null));
      } else if (caps.contains(Capability.DELETE_SESSION)) {
        client.deleteSession(session.id());
        add(new Check(step, "ok", "deleted session " + session.id(), null, null));
      } else {
        add(new Check(step, "info", vendor + " can neither end nor delete: session " + session.id() + " stays",
            null, null));
      }
    } catch (RuntimeException e) {
      fail(step, e, status(e), hintFor(e));
    }
  }

  // ---------------------------------------------------------------- outcome

  private void add(Check check) {
    checks.add(check);
  }

  private void skip(String... steps) {
    for (String s : steps) add(new Check(s, "skip", "needs an earlier step", null, null));
  }

  private void fail(String step, Throwable e, Integer status, String hint) {
    if (firstFailure == null) firstFailure = e;
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof ApiException a && a.statusCode() > 0) {
      message = a.serverMessage().isBlank() ? "HTTP " + a.statusCode() : a.serverMessage();
    }
    if (message.startsWith(vendor + ": ")) message = message.substring(vendor.length() + 2);
    Check check = new Check(step, "fail", oneLine(message), status, hint);
    checks.add(check);
    err.println(scrubber.scrub(TerminalText.strip("chatbridge: doctor: " + step + " failed for " + vendor
        + (status == null ? "" : " (HTTP " + status + ")") + ": " + check.detail()
        + (hint == null ? "" : "; hint: " + hint))));
    err.flush();
  }

  private static Integer status(Throwable e) {
    return e instanceof ApiException a && a.statusCode() > 0 ? a.statusCode() : null;
  }

  private static String hintFor(Throwable e) {
    Integer status = status(e);
    if (status != null) return hint(status);
    if (e instanceof ConnectionException || e instanceof dev.chatbridge.ChatTimeoutException) {
      return "check chatbridge.base-url and that the server is running";
    }
    if (e instanceof ConfigurationException) return "check the chatbridge.* settings";
    return null;
  }

  static String hint(int status) {
    return switch (status) {
      case 401 -> "check chatbridge.api-key";
      case 403 -> "check chatbridge.api-key and its permissions (some vendors answer 403 for a wrong key)";
      case 404 -> "check chatbridge.base-url (its path prefix, e.g. /api for Onyx)";
      case 429 -> "rate limited: retry later";
      default -> status >= 500 ? "the server failed: retry later or read its logs" : null;
    };
  }

  private void print(boolean json, String baseUrl, boolean write) {
    if (json) {
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      ObjectNode doc = nodes.objectNode();
      doc.put("vendor", vendor);
      doc.put("baseUrl", baseUrl);
      doc.put("ok", firstFailure == null);
      ArrayNode list = doc.putArray("checks");
      for (Check c : checks) {
        ObjectNode o = list.addObject();
        o.put("step", c.step());
        o.put("result", c.result());
        o.put("detail", c.detail());
        if (c.status() == null) o.putNull("status");
        else o.put("status", c.status());
        o.put("hint", c.hint());
      }
      if (write) {
        ObjectNode t = doc.putObject("timings");
        putMs(t, "connectMs", timings.connectMs());
        putMs(t, "firstByteMs", timings.firstByteMs);
        putMs(t, "firstEventMs", timings.firstEventMs);
        putMs(t, "sendMs", timings.sendMs);
        putMs(t, "totalMs", timings.totalMs);
      } else {
        doc.putNull("timings");
      }
      out.println(scrubber.scrub(JsonOutput.write(doc)));
      out.flush();
      return;
    }
    int width = "STEP".length();
    for (Check c : checks) width = Math.max(width, c.step().length());
    out.println(scrubber.scrub(pad("STEP", width) + "  RESULT  DETAIL"));
    for (Check c : checks) {
      out.println(scrubber.scrub(TerminalText.strip(pad(c.step(), width) + "  " + pad(c.result(), 6) + "  "
          + c.detail() + (c.hint() == null ? "" : " (hint: " + c.hint() + ")"))));
    }
    if (write) {
      out.println(scrubber.scrub("timings: connect " + ms(timings.connectMs()) + ", first byte "
          + ms(timings.firstByteMs) + ", first event " + ms(timings.firstEventMs) + ", send " + ms(timings.sendMs)
          + ", total " + ms(timings.totalMs)));
    }
    out.println(firstFailure == null ? "doctor: all checks passed" : "doctor: " + failures() + " check(s) failed");
    out.flush();
  }

  private long failures() {
    return checks.stream().filter(c -> c.result().equals("fail")).count();
  }

  private static void putMs(ObjectNode node, String name, long ms) {
    if (ms < 0) node.putNull(name);
    else node.put(name, ms);
  }

  private static String ms(long ms) {
    return ms < 0 ? "-" : ms + " ms";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static String protocol(Protocol p) {
    return p.toString().toUpperCase(Locale.ROOT);
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /** A non-2xx answer on a route doctor calls itself (not through a vendor client). */
  private final class ApiStatus extends dev.chatbridge.ChatException {
    private static final long serialVersionUID = 1L;

    ApiStatus(int status, String what) {
      super(vendor + ": " + what + " answered HTTP " + status);
    }
  }

  /** Connect and first-byte times from an OkHttp {@link EventListener} on the client doctor passes in. */
  static final class Timings {
    private final List<CallTimes> calls = new ArrayList<>();
    volatile long firstByteMs = -1;
    volatile long firstEventMs = -1;
    volatile long sendMs = -1;
    volatile long totalMs = -1;

    synchronized EventListener listener() {
      CallTimes t = new CallTimes();
      calls.add(t);
      return t;
    }

    synchronized int calls() {
      return calls.size();
    }

    /** The first call started at or after index {@code from}: its time from start to the response head. */
    synchronized long firstByteOf(int from) {
      for (int i = from; i < calls.size(); i++) {
        CallTimes t = calls.get(i);
        if (t.headersAt > 0) return TimeUnit.NANOSECONDS.toMillis(t.headersAt - t.startAt);
      }
      return -1;
    }

    /** True when a call began a TLS handshake that never completed. */
    synchronized boolean handshakeUnfinished() {
      for (CallTimes t : calls) if (t.secureStartAt > 0 && t.secureEndAt == 0) return true;
      return false;
    }

    /** The first connection's set-up time (TCP and TLS), or -1 when every call reused one. */
    synchronized long connectMs() {
      for (CallTimes t : calls) {
        if (t.connectEndAt > 0) return TimeUnit.NANOSECONDS.toMillis(t.connectEndAt - t.connectStartAt);
      }
      return -1;
    }
  }

  private static final class CallTimes extends EventListener {
    volatile long startAt;
    volatile long connectStartAt;
    volatile long connectEndAt;
    volatile long secureStartAt;
    volatile long secureEndAt;
    volatile long headersAt;

    @Override
    public void callStart(Call call) {
      startAt = System.nanoTime();
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
      if (connectStartAt == 0) connectStartAt = System.nanoTime();
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
      if (connectEndAt == 0) connectEndAt = System.nanoTime();
    }

    @Override
    public void secureConnectStart(Call call) {
      if (secureStartAt == 0) secureStartAt = System.nanoTime();
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
      if (secureEndAt == 0) secureEndAt = System.nanoTime();
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {}

    @Override
    public void responseHeadersStart(Call call) {
      if (headersAt == 0) headersAt = System.nanoTime();
    }
  }
}
