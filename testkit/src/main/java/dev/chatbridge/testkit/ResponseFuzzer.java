package dev.chatbridge.testkit;

import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatException;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Drives a vendor's whole response handling (transport, error mapping, wire models, mapping, stream parsing) with
 * arbitrary bytes and no network: every HTTP call the client makes is answered, in memory, with a status, a
 * Content-Type and a body taken from the input, and one operation chosen by the input runs. Whatever the bytes,
 * the operation must end in a result or a typed ChatBridge exception; anything else is thrown as an
 * {@link AssertionError} naming it (a fuzzer finding). For Jazzer {@code @FuzzTest}s in vendor modules:
 *
 * <pre>{@code
 * static final ResponseFuzzer FUZZER = ResponseFuzzer.builder(new OnyxEmulator()).sessionId("7f0c…").build();
 * @FuzzTest void responses(byte[] input) { FUZZER.exercise(input); }
 * }</pre>
 *
 * <p>Input layout: byte 0 picks the {@link Operation}, byte 1 the status from {@link #STATUSES}, byte 2 the
 * Content-Type from {@link #CONTENT_TYPES}; the rest is the body. {@link #seed} builds such inputs.
 */
public final class ResponseFuzzer implements AutoCloseable {
  /** What the fuzzer calls. */
  public enum Operation {
    CREATE, SEND, STREAM, HISTORY, GET_SESSION, LIST_SESSIONS, DELETE_SESSION, END_SESSION
  }

  /** Statuses an input can choose (200 most often). */
  public static final List<Integer> STATUSES = List.of(200, 200, 200, 201, 204, 400, 401, 403, 404, 422, 429, 500, 503);
  /** Content types an input can choose. */
  public static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-ndjson",
      "text/event-stream", "text/html; charset=utf-8", "text/plain", "");

  private final ChatClient client;
  private final OkHttpClient http;
  private final String sessionId;
  private volatile Canned canned = new Canned(200, "application/json", new byte[0]);

  private static final class Canned {
    final int status;
    final String contentType;
    final byte[] body;

    Canned(int status, String contentType, byte[] body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }
  }

  private ResponseFuzzer(Builder b) {
    this.sessionId = b.sessionId;
    this.http = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          Canned c = canned;
          MediaType type = c.contentType.isEmpty() ? null : MediaType.parse(c.contentType);
          Response.Builder r = new Response.Builder()
              .request(chain.request())
              .protocol(Protocol.HTTP_1_1)
              .code(c.status)
              .message("fuzz")
              .body(ResponseBody.create(c.body, type));
          if (type != null) r.header("Content-Type", c.contentType);
          return r.build();
        })
        .build();
    ChatConfig.Builder config = ChatConfig.builder()
        .vendor(b.vendor)
        .baseUrl(b.baseUrl)
        .apiKey("sk_fuzz_0123456789abcdef")
        .okHttpClient(http)
        .maxRetries(0)
        // short: a vendor that waits for a reply (OpenCX polls its history) gives up within a second
        .callTimeout(Duration.ofSeconds(1))
        .streamIdleTimeout(Duration.ofSeconds(1));
    b.options.forEach(config::option);
    this.client = b.factory.apply(config.build());
  }

  /** A fuzzer for the provider named {@code vendor}. */
  public static Builder builder(String vendor) {
    return new Builder(vendor);
  }

  /**
   * A fuzzer for {@code emulator}'s vendor, configured with the emulator's client options and path prefix (a base
   * URL it never contacts); the emulator is neither started nor used otherwise.
   */
  public static Builder builder(Emulator emulator) {
    Builder b = new Builder(emulator.vendor()).baseUrl("http://127.0.0.1:9" + emulator.basePath());
    emulator.clientOptions().forEach(b::option);
    return b;
  }

  /** Answers every call with what {@code input} says and runs the operation it picks. */
  public void exercise(byte[] input) {
    if (input.length < 3) return;
    Operation op = Operation.values()[(input[0] & 0xFF) % Operation.values().length];
    int status = STATUSES.get((input[1] & 0xFF) % STATUSES.size());
    String contentType = CONTENT_TYPES.get((input[2] & 0xFF) % CONTENT_TYPES.size());
    canned = new Canned(status, contentType, Arrays.copyOfRange(input, 3, input.length));
    try {
      run(op);
    } catch (ChatException e) {
      if (e.getClass() == ChatException.class) {
        throw new AssertionError("untyped ChatException for " + op + " on HTTP " + status + ": " + e, e);
      }
    } catch (RuntimeException e) {
      throw new AssertionError(op + " on HTTP " + status + " " + contentType + " threw " + e, e);
    }
  }

  private void run(Operation op) {
    ChatSession s = client.session(sessionId);
    switch (op) {
      case CREATE:
        Objects.requireNonNull(client.createSession().id());
        break;
      case SEND:
        Objects.requireNonNull(s.send("fuzz").text());
        break;
      case STREAM:
        try (ChatStream stream = s.stream("fuzz")) {
          for (ChatEvent e : stream) Objects.requireNonNull(e);
          Objects.requireNonNull(stream.reply());
        }
        break;
      case HISTORY:
        s.history().forEach(Objects::requireNonNull);
        break;
      case GET_SESSION:
        Objects.requireNonNull(client.getSession(sessionId).id());
        break;
      case LIST_SESSIONS:
        client.listSessions(PageRequest.first()).items().forEach(Objects::requireNonNull);
        break;
      case DELETE_SESSION:
        client.deleteSession(sessionId);
        break;
      default:
        s.end();
    }
  }

  /** An input that answers {@code op} with {@code status}, {@code contentType} and {@code body}. */
  public static byte[] seed(Operation op, int status, String contentType, String body) {
    int si = STATUSES.indexOf(status);
    int ci = CONTENT_TYPES.indexOf(contentType);
    if (si < 0 || ci < 0) throw new IllegalArgumentException("status or content type not selectable");
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 3];
    out[0] = (byte) op.ordinal();
    out[1] = (byte) si;
    out[2] = (byte) ci;
    System.arraycopy(b, 0, out, 3, b.length);
    return out;
  }

  /**
   * Writes seed inputs for a vendor's fuzz test: runs each operation once against a live emulator through
   * {@code factory} and saves, per operation, the last response it received (status, Content-Type, body) in
   * {@code dir} as {@code <operation>}. Operations the vendor lacks are skipped. For regenerating seeds by hand.
   */
  public static void recordSeeds(Emulator emulator, Map<String, String> options,
      Function<ChatConfig, ChatClient> factory, java.nio.file.Path dir) throws java.io.IOException {
    Object[] last = new Object[3];
    OkHttpClient recording = new OkHttpClient.Builder()
        .addNetworkInterceptor(chain -> {
          Response r = chain.proceed(chain.request());
          String ct = r.header("Content-Type", "");
          last[0] = r.code();
          last[1] = CONTENT_TYPES.stream().filter(c -> !c.isEmpty() && ct.startsWith(c.split(";")[0])).findFirst()
              .orElse(ct.isEmpty() ? "" : "application/json");
          last[2] = r.peekBody(Long.MAX_VALUE).string();
          return r;
        })
        .build();
    ChatConfig.Builder config = ChatConfig.builder().vendor(emulator.vendor()).baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).okHttpClient(recording);
    options.forEach(config::option);
    java.nio.file.Files.createDirectories(dir);
    try (ChatClient c = factory.apply(config.build())) {
      ChatSession s = c.createSession();
      save(dir, Operation.CREATE, last);
      for (Operation op : Operation.values()) {
        if (op == Operation.CREATE) continue;
        last[0] = null;
        try {
          if (op == Operation.SEND) s.send("seed hello");
          else if (op == Operation.STREAM) s.stream("seed stream").reply();
          else if (op == Operation.HISTORY) s.history();
          else if (op == Operation.GET_SESSION) c.getSession(s.id());
          else if (op == Operation.LIST_SESSIONS) c.listSessions();
          else if (op == Operation.DELETE_SESSION) c.deleteSession(c.createSession().id());
          else c.createSession().end();
        } catch (ChatException e) {
          continue; // unsupported here
        }
        if (last[0] != null) save(dir, op, last);
      }
    } finally {
      recording.dispatcher().executorService().shutdown();
      recording.connectionPool().evictAll();
    }
  }

  private static void save(java.nio.file.Path dir, Operation op, Object[] last) throws java.io.IOException {
    int status = (Integer) last[0];
    if (!STATUSES.contains(status)) status = 200;
    java.nio.file.Files.write(dir.resolve(op.name().toLowerCase(java.util.Locale.ROOT)),
        seed(op, status, (String) last[1], (String) last[2]));
  }

  @Override
  public void close() {
    client.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Builds a {@link ResponseFuzzer}. */
  public static final class Builder {
    private final String vendor;
    private String baseUrl = "http://127.0.0.1:9/api";
    private String sessionId = "00000000-0000-4000-8000-000000000001";
    private final Map<String, String> options = new LinkedHashMap<>();
    private Function<ChatConfig, ChatClient> factory = ChatClients::create;

    private Builder(String vendor) {
      this.vendor = vendor;
    }

    /** The base URL the client believes it talks to (never contacted). */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The session id the session operations use; shaped as the vendor expects. */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** A vendor option ({@code chatbridge.<vendor>.<key>}) of the client under test. */
    public Builder option(String key, String value) {
      options.put(key, value);
      return this;
    }

    /** How to make the client from its configuration; {@link ChatClients#create} by default. */
    public Builder clientFactory(Function<ChatConfig, ChatClient> factory) {
      this.factory = factory;
      return this;
    }

    /** The fuzzer, with its client made. */
    public ResponseFuzzer build() {
      return new ResponseFuzzer(this);
    }
  }
}
