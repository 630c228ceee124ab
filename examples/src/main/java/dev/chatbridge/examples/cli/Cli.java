package dev.chatbridge.examples.cli;

import dev.chatbridge.ApiException;
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
import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.Message;
import dev.chatbridge.MessageRequest;
import dev.chatbridge.Page;
import dev.chatbridge.PageRequest;
import dev.chatbridge.SessionDetails;
import dev.chatbridge.SessionOptions;
import dev.chatbridge.SessionSummary;
import dev.chatbridge.WireRecording;
import dev.chatbridge.examples.ExampleTarget;
import dev.chatbridge.examples.cli.CommandLine.UsageException;
import dev.chatbridge.spi.ChatProvider;
import dev.chatbridge.testkit.Emulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The CLI's commands over the vendor-neutral API. One instance runs one command line; it never calls
 * {@code System.exit} and reads configuration only from what it was given, so tests run it in-process.
 */
final class Cli {
  static final String DEFAULT_VENDOR = "onyx";
  private static final String PREFIX = "chatbridge.";

  private final InputStream in;
  private final Charset inputCharset;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final Properties systemProperties;
  private final Function<String, Emulator> emulators;
  private final boolean interactive;
  private final Scrubber scrubber = new Scrubber();
  private boolean debug;
  private String vendor;

  Cli(InputStream in, Charset inputCharset, PrintStream out, PrintStream err, Map<String, String> environment,
      Properties systemProperties, Function<String, Emulator> emulators, boolean interactive) {
    this.in = in;
    this.inputCharset = inputCharset;
    this.out = out;
    this.err = err;
    this.environment = Map.copyOf(environment);
    this.systemProperties = systemProperties;
    this.emulators = emulators;
    this.interactive = interactive;
  }

  /** Runs one command line and returns its exit code. */
  int run(String[] args) {
    addSecretsFrom(args);
    try (LibraryNotes notes = new LibraryNotes(err, scrubber)) {
      CommandLine cl = CommandLine.parse(args);
      debug = cl.flag("--debug");
      if (cl.flag("--help")) {
        out.print(helpFor(cl));
        out.flush();
        return ExitCodes.OK;
      }
      String command = cl.word(0);
      if (command == null) {
        err.print(Help.MAIN);
        err.flush();
        return ExitCodes.USAGE;
      }
      switch (command) {
        case "send":
          return send(cl);
        case "sessions":
          return sessions(cl);
        case "chat":
          return chat(cl);
        case "vendors":
          return vendors(cl);
        case "emulator":
          return emulator(cl);
        case "doctor":
          return new Doctor(this, out, err, scrubber).run(cl);
        case "help":
          out.print(Help.MAIN);
          out.flush();
          return ExitCodes.OK;
        default:
          throw new UsageException("unknown command '" + command + "'");
      }
    } catch (Throwable e) {
      return report(e);
    } finally {
      out.flush();
      err.flush();
    }
  }

  // ---------------------------------------------------------------- commands

  private int send(CommandLine cl) {
    cl.allowOnly("send", Set.of("--session", "--no-stream"));
    List<String> words = cl.words().subList(1, cl.words().size());
    if (words.isEmpty()) throw new UsageException("send needs a MESSAGE");
    String text = words.equals(List.of("-")) ? readMessageFromStdin() : String.join(" ", words);
    if (text.isBlank()) {
      // refused as ChatSession refuses it, but before a session is created for it
      throw InvalidRequestException.local(layered(cl).getProperty(PREFIX + "vendor"), MessageRequest.BLANK_TEXT);
    }
    boolean json = cl.flag("--json");
    try (Connection c = connect(cl)) {
      ChatSession session = session(c.client, cl.value("--session"));
      ChatReply reply;
      if (cl.flag("--no-stream")) {
        reply = session.send(text);
        if (!json) print(reply.text());
      } else {
        reply = streamReply(session, text, !json);
      }
      if (json) {
        // Some vendors (OSVI) may answer on another session than the one sent to; report the one they used.
        String used = reply.message().sessionId() != null ? reply.message().sessionId() : session.id();
        printJson(JsonOutput.write(JsonOutput.send(vendor, used, reply)));
      } else {
        out.println(); // human output is the reply text only, as the contract says; citations are in --json
      }
    }
    return ExitCodes.OK;
  }

  private int sessions(CommandLine cl) {
    String sub = cl.word(1);
    if (sub == null) throw new UsageException("sessions needs one of: create, list, show, delete, end");
    boolean json = cl.flag("--json");
    switch (sub) {
      case "create": {
        cl.allowOnly("sessions create", Set.of("--title"));
        operands(cl, 2, "sessions create");
        try (Connection c = connect(cl)) {
          SessionOptions.Builder options = SessionOptions.builder();
          if (cl.value("--title") != null) options.title(cl.value("--title"));
          ChatSession session = c.client.createSession(options.build());
          if (json) printJson(JsonOutput.write(JsonOutput.created(vendor, session.id())));
          else println(session.id());
        }
        return ExitCodes.OK;
      }
      case "list": {
        cl.allowOnly("sessions list", Set.of("--limit", "--cursor", "--all"));
        operands(cl, 2, "sessions list");
        Integer limit = positiveInt(cl, "--limit");
        boolean all = cl.flag("--all");
        if (all && limit != null) throw new UsageException("sessions list takes --limit or --all, not both");
        try (Connection c = connect(cl)) {
          PageRequest request = PageRequest.of(limit, cl.value("--cursor"));
          List<SessionSummary> sessions;
          String next;
          if (all) {
            sessions = new ArrayList<>();
            c.client.sessions(request).forEach(sessions::add);
            next = null;
          } else {
            Page<SessionSummary> page = c.client.listSessions(request);
            sessions = page.items();
            next = page.next().orElse(null);
          }
          if (json) printJson(JsonOutput.write(JsonOutput.list(vendor, sessions, next)));
          else printTable(sessions, next);
        }
        return ExitCodes.OK;
      }
      case "show": {
        cl.allowOnly("sessions show", Set.of());
        String id = operands(cl, 3, "sessions show ID");
        try (Connection c = connect(cl)) {
          SessionSummary summary;
          List<Message> messages;
          Set<Capability> caps = c.client.capabilities();
          if (!caps.contains(Capability.GET_SESSION) && caps.contains(Capability.HISTORY)) {
            summary = SessionSummary.builder().id(id).build();
            messages = c.client.session(id).history();
          } else {
            SessionDetails details = c.client.getSession(id);
            summary = details.summary();
            messages = details.messages();
          }
          if (json) printJson(JsonOutput.write(JsonOutput.show(vendor, summary, messages)));
          else printTranscript(summary, messages);
        }
        return ExitCodes.OK;
      }
      case "delete":
      case "end": {
        cl.allowOnly("sessions " + sub, Set.of());
        String id = operands(cl, 3, "sessions " + sub + " ID");
        try (Connection c = connect(cl)) {
          if (sub.equals("delete")) c.client.deleteSession(id);
          else c.client.session(id).end();
          String what = sub.equals("delete") ? "deleted" : "ended";
          if (json) printJson(JsonOutput.write(JsonOutput.done(vendor, id, what)));
          else println(what + " " + vendor + " session " + id);
        }
        return ExitCodes.OK;
      }
      default:
        throw new UsageException("unknown sessions command '" + sub + "' (create, list, show, delete, end)");
    }
  }

  private int chat(CommandLine cl) {
    cl.allowOnly("chat", Set.of("--session"));
    operands(cl, 1, "chat");
    if (cl.flag("--json")) throw new UsageException("chat has no --json output");
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, inputCharset));
    int lastFailure = ExitCodes.OK;
    try (Connection c = connect(cl)) {
      ChatSession session = session(c.client, cl.value("--session"));
      err.println(scrubber.scrub(TerminalText.strip("chatbridge: chatting with " + vendor + " in session "
          + session.id() + "; /exit or end of input quits")));
      err.flush();
      while (true) {
        if (interactive) {
          out.print("> ");
          out.flush();
        }
        String line = reader.readLine();
        if (line == null) break;
        line = line.strip();
        if (line.isEmpty()) continue;
        if (line.equals("/exit")) break;
        try {
          streamReply(session, line, true);
          out.println();
        } catch (ChatException e) {
          lastFailure = report(e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin", e);
    }
    return lastFailure;
  }

  private int vendors(CommandLine cl) {
    cl.allowOnly("vendors", Set.of());
    operands(cl, 1, "vendors");
    Map<String, Collection<Capability>> found = new LinkedHashMap<>();
    for (Map.Entry<String, ChatProvider> p : ChatClients.providers().entrySet()) {
      found.put(p.getKey(), p.getValue().capabilities());
    }
    if (cl.flag("--json")) {
      printJson(JsonOutput.write(JsonOutput.vendors(found)));
      return ExitCodes.OK;
    }
    if (found.isEmpty()) println("no vendor modules found on the class path");
    int width = found.keySet().stream().mapToInt(String::length).max().orElse(0);
    found.forEach((name, caps) -> {
      List<String> names = new ArrayList<>();
      for (Capability c : new TreeSet<>(caps)) names.add(c.name());
      println(pad(name, width) + "  " + String.join(", ", names));
    });
    return ExitCodes.OK;
  }

  private int emulator(CommandLine cl) {
    cl.allowOnly("emulator", Set.of("--port"));
    operands(cl, 1, "emulator");
    Properties layered = layered(cl);
    vendor = layered.getProperty(PREFIX + "vendor");
    int port = 0;
    if (cl.value("--port") != null) {
      Integer p = parseInt(cl.value("--port"));
      if (p == null || p < 0 || p > 65535) throw new UsageException("--port must be a port number (0-65535)");
      port = p;
    }
    Emulator emulator = emulatorFor(vendor);
    try {
      emulator.start(port);
    } catch (UncheckedIOException e) {
      throw new ConfigurationException("cannot listen on 127.0.0.1:" + port + ": " + e.getCause().getMessage(), e);
    }
    try {
      Map<String, String> options = emulatorOptions(emulator);
      // The emulator's key is printed on purpose: it is a fixed test key, and the reason to run this command.
      if (cl.flag("--json")) {
        out.println(JsonOutput.write(JsonOutput.emulator(vendor, emulator.baseUrl(), emulator.apiKey(), options)));
      } else {
        StringBuilder optionFlags = new StringBuilder();
        options.forEach((k, v) -> optionFlags.append(" --option ").append(k).append('=').append(v));
        out.println(vendor + " emulator listening at " + emulator.baseUrl());
        out.println("api key: " + emulator.apiKey());
        if (!options.isEmpty()) out.println("options: " + options);
        out.println("try: java -jar chatbridge-cli.jar --vendor " + vendor + " --base-url " + emulator.baseUrl()
            + " --api-key " + emulator.apiKey() + optionFlags + " send \"Hello\"");
        out.println("(stop it with Ctrl+C)");
      }
      out.flush();
      try {
        new CountDownLatch(1).await(); // until the process is killed or this thread interrupted
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ExitCodes.OK;
    } finally {
      emulator.close();
    }
  }

  // ---------------------------------------------------------------- configuration and connection

  /** A client and the {@link Target} it was made for, closed together. */
  private static final class Connection implements AutoCloseable {
    final ChatClient client;
    final Target target;

    Connection(ChatClient client, Target target) {
      this.client = client;
      this.target = target;
    }

    @Override
    public void close() {
      try {
        client.close();
      } finally {
        target.close();
      }
    }
  }

  /**
   * The configuration layers as one set of {@code chatbridge.*} properties, highest precedence last applied:
   * system properties, then the --config file, then flags. The environment is read below them by
   * {@link ChatConfig#builderFromSources}. The vendor is always set (default onyx).
   */
  Properties layered(CommandLine cl) {
    Properties merged = new Properties();
    for (String name : systemProperties.stringPropertyNames()) {
      if (name.startsWith(PREFIX)) merged.setProperty(name, systemProperties.getProperty(name));
    }
    String file = cl.value("--config");
    if (file != null) {
      Properties fromFile = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        fromFile.load(r);
      } catch (IOException | InvalidPathException e) {
        throw new ConfigurationException("cannot read --config file " + file + ": " + e, e);
      }
      for (String name : fromFile.stringPropertyNames()) {
        if (name.startsWith(PREFIX)) merged.setProperty(name, fromFile.getProperty(name));
      }
      scrubber.add(fromFile.getProperty(PREFIX + "api-key"));
    }
    if (cl.value("--vendor") != null) merged.setProperty(PREFIX + "vendor", cl.value("--vendor"));
    if (cl.value("--base-url") != null) merged.setProperty(PREFIX + "base-url", cl.value("--base-url"));
    if (cl.value("--api-key") != null) merged.setProperty(PREFIX + "api-key", cl.value("--api-key"));
    if (cl.flag("--allow-insecure-http")) merged.setProperty(PREFIX + "allow-insecure-http", "true");
    String v = merged.getProperty(PREFIX + "vendor", environment.get("CHATBRIDGE_VENDOR"));
    v = v == null || v.isBlank() ? DEFAULT_VENDOR : v.trim().toLowerCase(Locale.ROOT);
    merged.setProperty(PREFIX + "vendor", v);
    for (String option : cl.values("--option")) {
      int eq = option.indexOf('=');
      if (eq <= 0) throw new UsageException("--option needs KEY=VALUE, e.g. --option model=llama3");
      String key = option.substring(0, eq).trim();
      merged.setProperty(key.startsWith(PREFIX) ? key : PREFIX + v + "." + key, option.substring(eq + 1));
    }
    return merged;
  }

  /** The client for the configured vendor; with no base URL, against the vendor's emulator started here. */
  private Connection connect(CommandLine cl) {
    Target target = target(cl);
    try {
      return new Connection(ChatClients.create(target.config), target);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /** The configuration to connect with, the embedded emulator it points at (or null) and the recording (or null). */
  static final class Target implements AutoCloseable {
    final ChatConfig config;
    final Emulator emulator;
    final WireRecording recording;

    Target(ChatConfig config, Emulator emulator, WireRecording recording) {
      this.config = config;
      this.emulator = emulator;
      this.recording = recording;
    }

    @Override
    public void close() {
      try {
        if (emulator != null) emulator.close();
      } finally {
        if (recording != null) recording.close();
      }
    }
  }

  /**
   * The configuration from the layers; with no base URL, an emulator is started here and configured; with
   * {@code --record FILE}, a wire recording is opened into the configuration.
   */
  Target target(CommandLine cl) {
    Properties layered = layered(cl);
    vendor = layered.getProperty(PREFIX + "vendor");
    ChatConfig config = ChatConfig.builderFromSources(layered, environment).build();
    config.apiKey().ifPresent(scrubber::add);
    Emulator emulator = null;
    if (config.baseUrl().isEmpty()) {
      ChatClients.provider(vendor); // an unknown vendor fails here, listing the ones found, before any start
      emulator = emulatorFor(vendor);
      emulator.start();
      ChatConfig.Builder b = config.toBuilder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey());
      for (Map.Entry<String, String> o : emulatorOptions(emulator).entrySet()) {
        if (config.option(o.getKey()).isEmpty()) b.option(o.getKey(), o.getValue());
      }
      config = b.build();
      scrubber.add(emulator.apiKey());
      err.println("note: no base URL configured; using the embedded " + vendor + " emulator at "
          + emulator.baseUrl());
      err.flush();
    }
    WireRecording recording = null;
    String file = cl.value("--record");
    if (file != null) {
      try {
        recording = WireRecording.builder(Path.of(file)).redactText(cl.flag("--redact-text")).build();
      } catch (UncheckedIOException | InvalidPathException e) {
        if (emulator != null) emulator.close();
        throw new ConfigurationException("cannot write --record file " + file + ": " + e.getMessage(), e);
      }
      config = config.toBuilder().recording(recording).build();
    } else if (cl.flag("--redact-text")) {
      if (emulator != null) emulator.close();
      throw new UsageException("--redact-text needs --record FILE");
    }
    return new Target(config, emulator, recording);
  }

  private Emulator emulatorFor(String vendor) {
    try {
      return emulators.apply(vendor);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("there is no emulator for vendor '" + vendor
          + "': set a base URL (--base-url or CHATBRIDGE_BASE_URL)", e);
    }
  }

  /** The vendor options a client needs against {@code emulator}; the user's own values win over these. */
  static Map<String, String> emulatorOptions(Emulator emulator) {
    return ExampleTarget.emulatorOptions(emulator);
  }

  private static ChatSession session(ChatClient client, String id) {
    return id != null ? client.session(id) : client.createSession();
  }

  /**
   * Streams a reply, printing each delta at once when {@code print} (control characters and escape sequences
   * stripped first, then secrets masked, so no stripped character can hide a secret); returns the whole reply.
   */
  private ChatReply streamReply(ChatSession session, String text, boolean print) {
    Scrubber.Stream scrub = scrubber.stream();
    TerminalText.Stream terminal = new TerminalText.Stream();
    boolean printed = false;
    try (ChatStream stream = session.stream(text)) {
      for (ChatEvent event : stream) {
        if (print && event instanceof ChatEvent.TextDelta) {
          out.print(scrub.feed(terminal.feed(((ChatEvent.TextDelta) event).text())));
          out.flush();
          printed = true;
        }
      }
      if (print) out.print(scrub.flush());
      return stream.reply();
    } catch (RuntimeException e) {
      if (printed) {
        out.println(scrub.flush()); // end the partial line before the error goes to stderr
        out.flush();
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- output

  private int report(Throwable e) {
    int code = ExitCodes.of(e);
    err.println(scrubber.scrub("chatbridge: " + oneLine(TerminalText.strip(describe(e)))));
    if (debug) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(scrubber.scrub(trace.toString()));
    }
    err.flush();
    return code;
  }

  /** The error line's text: vendor, HTTP status and the server's own message where there are ones. */
  private String describe(Throwable e) {
    if (e instanceof UsageException) return e.getMessage() + " (see --help)";
    if (e instanceof ConfigurationException) return e.getMessage();
    if (e instanceof ApiException && ((ApiException) e).statusCode() > 0) {
      ApiException a = (ApiException) e;
      StringBuilder sb = new StringBuilder(a.vendor()).append(" returned HTTP ").append(a.statusCode());
      if (!a.serverMessage().isBlank()) sb.append(": ").append(a.serverMessage());
      a.errorCode().filter(c -> !c.isBlank()).ifPresent(c -> sb.append(" [").append(c).append(']'));
      return sb.toString();
    }
    String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    if (!(e instanceof ChatException) && !(e instanceof IllegalArgumentException)) {
      message = "internal error: " + e;
    }
    if (vendor != null && !message.startsWith(vendor)) message = vendor + ": " + message;
    return message;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** Human output: what came from a server is stripped for the terminal ({@link TerminalText}), then scrubbed. */
  private void print(String text) {
    out.print(scrubber.scrub(TerminalText.strip(text)));
    out.flush();
  }

  private void println(String text) {
    out.println(scrubber.scrub(TerminalText.strip(text)));
    out.flush();
  }

  private void printJson(String json) {
    out.println(scrubber.scrub(json));
    out.flush();
  }

  private void printTable(List<SessionSummary> sessions, String next) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "TITLE", "CREATED", "UPDATED"});
    for (SessionSummary s : sessions) {
      rows.add(new String[] {TerminalText.strip(s.id()), TerminalText.strip(oneLine(s.title().orElse(""))),
          orDash(JsonOutput.time(s.createdAt())), orDash(JsonOutput.time(s.updatedAt()))});
    }
    int[] width = new int[4];
    for (String[] row : rows) for (int i = 0; i < 4; i++) width[i] = Math.max(width[i], row[i].length());
    for (String[] row : rows) {
      println((pad(row[0], width[0]) + "  " + pad(row[1], width[1]) + "  " + pad(row[2], width[2]) + "  " + row[3])
          .stripTrailing());
    }
    if (sessions.isEmpty()) println("(no sessions)");
    if (next != null) println("more: --cursor " + next);
  }

  private void printTranscript(SessionSummary summary, List<Message> messages) {
    StringBuilder head = new StringBuilder("session ").append(summary.id());
    summary.title().ifPresent(t -> head.append("  \"").append(oneLine(t)).append('"'));
    summary.createdAt().ifPresent(t -> head.append("  created ").append(t));
    println(head.toString());
    for (Message m : messages) println("[" + JsonOutput.role(m) + "] " + m.text());
  }

  private String helpFor(CommandLine cl) {
    String command = cl.word(0);
    if (command == null || command.equals("help")) return Help.MAIN;
    switch (command) {
      case "send":
        return Help.SEND;
      case "chat":
        return Help.CHAT;
      case "vendors":
        return Help.VENDORS;
      case "emulator":
        return Help.EMULATOR;
      case "doctor":
        return Help.DOCTOR;
      case "sessions": {
        String sub = cl.word(1);
        if (sub == null) return Help.SESSIONS;
        switch (sub) {
          case "create":
            return Help.SESSIONS_CREATE;
          case "list":
            return Help.SESSIONS_LIST;
          case "show":
            return Help.SESSIONS_SHOW;
          case "delete":
            return Help.SESSIONS_DELETE;
          case "end":
            return Help.SESSIONS_END;
          default:
            throw new UsageException("unknown sessions command '" + sub + "' (create, list, show, delete, end)");
        }
      }
      default:
        throw new UsageException("unknown command '" + command + "'");
    }
  }

  // ---------------------------------------------------------------- small helpers

  /** Checks the word count ({@code expected} words including the command words); returns the last word. */
  private static String operands(CommandLine cl, int expected, String usage) {
    int n = cl.words().size();
    if (n < expected) throw new UsageException("missing argument: " + usage);
    if (n > expected) throw new UsageException("unexpected argument '" + cl.word(expected) + "': " + usage);
    return cl.word(expected - 1);
  }

  private static Integer positiveInt(CommandLine cl, String name) {
    String raw = cl.value(name);
    if (raw == null) return null;
    Integer n = parseInt(raw);
    if (n == null || n < 1) throw new UsageException(name + " must be a positive whole number");
    return n;
  }

  private static Integer parseInt(String raw) {
    try {
      return Integer.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String readMessageFromStdin() {
    try {
      String text = new String(in.readAllBytes(), inputCharset).strip();
      if (text.isEmpty()) throw new UsageException("send -: stdin was empty");
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin", e);
    }
  }

  /** Secrets are known before parsing, so even a usage error cannot print one. */
  private void addSecretsFrom(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--api-key") && i + 1 < args.length) scrubber.add(args[i + 1]);
      if (args[i].startsWith("--api-key=")) scrubber.add(args[i].substring("--api-key=".length()));
    }
    scrubber.add(environment.get("CHATBRIDGE_API_KEY"));
    scrubber.add(systemProperties.getProperty(PREFIX + "api-key"));
  }

  private static String pad(String s, int width) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < width) sb.append(' ');
    return sb.toString();
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
