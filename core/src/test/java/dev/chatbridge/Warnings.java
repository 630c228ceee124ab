package dev.chatbridge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects WARNING records of the {@code dev.chatbridge} logger while open. */
final class Warnings implements AutoCloseable {
  /** The messages, in order. */
  final List<String> messages = new CopyOnWriteArrayList<>();
  /** The records, in order (with what was thrown). */
  final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger("dev.chatbridge");
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() < Level.WARNING.intValue()) return;
      records.add(record);
      messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  Warnings() {
    logger.addHandler(handler);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
