package dev.chatbridge.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed arguments: command words and operands in order, options by name. Options may stand anywhere (before,
 * between or after the command words); {@code --name value} and {@code --name=value} both work; {@code --} ends
 * the options, so a message may start with a dash.
 */
final class CommandLine {
  /** Options that take no value. */
  static final Set<String> FLAGS =
      Set.of("--json", "--debug", "--help", "--no-stream", "--allow-insecure-http", "--redact-text", "--write");
  /** Options that take a value. */
  static final Set<String> VALUED = Set.of("--vendor", "--base-url", "--api-key", "--option", "--config",
      "--session", "--title", "--limit", "--cursor", "--port", "--record");
  /** Options every command accepts. */
  static final Set<String> GLOBAL = Set.of("--vendor", "--base-url", "--api-key", "--option", "--config",
      "--allow-insecure-http", "--json", "--debug", "--help", "--record", "--redact-text");

  private final List<String> words;
  private final Map<String, List<String>> options;

  private CommandLine(List<String> words, Map<String, List<String>> options) {
    this.words = List.copyOf(words);
    this.options = options;
  }

  static CommandLine parse(String[] args) {
    List<String> words = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
    boolean onlyWords = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (onlyWords || arg.equals("-") || !arg.startsWith("-")) {
        words.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        onlyWords = true;
        continue;
      }
      if (arg.equals("-h")) arg = "--help";
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (FLAGS.contains(name)) {
        if (eq >= 0) throw new UsageException("option " + name + " takes no value");
        options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (VALUED.contains(name)) {
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new UsageException("option " + name + " needs a value");
        }
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option " + name); // never echo a value: it may be a key
      }
    }
    return new CommandLine(words, options);
  }

  /** Command words and operands, in order. */
  List<String> words() {
    return words;
  }

  String word(int index) {
    return index < words.size() ? words.get(index) : null;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  /** The last value given for {@code name}, or null. */
  String value(String name) {
    List<String> v = options.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  /** Every value given for a repeatable option, in order. */
  List<String> values(String name) {
    return options.getOrDefault(name, List.of());
  }

  /** Option names present. */
  Set<String> names() {
    return options.keySet();
  }

  /** Throws a usage error for any option that is neither global nor in {@code allowed}. */
  void allowOnly(String command, Set<String> allowed) {
    for (String name : options.keySet()) {
      if (!GLOBAL.contains(name) && !allowed.contains(name)) {
        throw new UsageException(command + " does not take " + name);
      }
    }
  }

  /** Thrown for a malformed command line; exit code 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
