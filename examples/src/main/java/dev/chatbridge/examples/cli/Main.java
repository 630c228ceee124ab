package dev.chatbridge.examples.cli;

import dev.chatbridge.testkit.Emulators;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The ChatBridge example CLI: {@code java -jar chatbridge-cli.jar [global options] <command>}. Run with
 * {@code --help} for the commands; the contract (commands, {@code --json} shapes, exit codes, error line) is in
 * the README's "Example CLI" section.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean console = System.console() != null;
    // Pipes get UTF-8 whatever the platform default; a terminal keeps the JVM's own streams.
    PrintStream out = console ? System.out : new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    PrintStream err = console ? System.err : new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    Charset input = console ? System.console().charset() : StandardCharsets.UTF_8;
    int code = new Cli(System.in, input, out, err, System.getenv(), System.getProperties(), Emulators::create,
        console).run(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command line in-process, with the JVM's environment and system properties, and returns the exit
   * code instead of exiting. Output goes to {@code out} and {@code err}; {@code chat} reads {@code in}.
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, System.getenv(), System.getProperties());
  }

  /** Like {@link #run(String[], InputStream, PrintStream, PrintStream)} with the given configuration sources. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
      Map<String, String> environment, Properties systemProperties) {
    return new Cli(in, StandardCharsets.UTF_8, out, err, environment, systemProperties, Emulators::create, false)
        .run(args);
  }
}
