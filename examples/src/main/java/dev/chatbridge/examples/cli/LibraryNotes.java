package dev.chatbridge.examples.cli;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Shows the library's warnings (logger {@code dev.chatbridge}: an unknown configuration key, an option the vendor
 * does not know, a partial reply that could not be saved) as {@code note:} lines on the CLI's stderr, for one run,
 * instead of java.util.logging's two-line console format: the CLI's only line starting {@code chatbridge:} is its
 * error line. Lines are scrubbed of the key like everything else the CLI prints.
 */
final class LibraryNotes implements AutoCloseable {
  private final Logger logger = Logger.getLogger("dev.chatbridge"); // held: JUL keeps loggers only weakly
  private final boolean parentHandlers;
  private final Handler handler;

  LibraryNotes(PrintStream err, Scrubber scrubber) {
    SimpleFormatter format = new SimpleFormatter();
    this.handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue()) return;
        String text = format.formatMessage(record).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        synchronized (err) {
          err.println(scrubber.scrub("note: " + text));
          err.flush();
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {}
    };
    handler.setLevel(Level.WARNING);
    this.parentHandlers = logger.getUseParentHandlers();
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(parentHandlers);
  }
}
