package dev.codeloop.model.langchain4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures every java.util.logging record (SLF4J is bound to JUL) while installed. */
final class LogCapture extends Handler implements AutoCloseable {
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Level previous;

  LogCapture() {
    previous = root.getLevel();
    setLevel(Level.ALL);
    root.addHandler(this);
    root.setLevel(Level.FINE);
    Logger.getLogger("dev.langchain4j").setLevel(Level.ALL);
    Logger.getLogger("dev.codeloop").setLevel(Level.ALL);
  }

  @Override
  public void publish(LogRecord record) {
    StringBuilder s = new StringBuilder(String.valueOf(record.getMessage()));
    if (record.getParameters() != null) {
      for (Object p : record.getParameters()) {
        s.append(' ').append(p);
      }
    }
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      s.append(' ').append(t);
    }
    lines.add(s.toString());
  }

  String all() {
    return String.join("\n", lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(previous);
  }
}
