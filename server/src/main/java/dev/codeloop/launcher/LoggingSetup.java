package dev.codeloop.launcher;

import dev.codeloop.lsp.JulLevels;
import dev.codeloop.settings.ServerSettings.LogLevel;
import java.io.IOException;
import java.io.PrintStream;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Configures java.util.logging (the SLF4J backend): stderr, an optional file, one compact line per
 * record.
 */
final class LoggingSetup {
  /**
   * LSP4J's endpoint, which warns about every {@code $/cancelRequest} whose request was already
   * answered — a race the protocol allows and editors run into all the time (VS Code cancels each
   * superseded inline completion): under load that was hundreds of warnings a minute in every
   * editor's log. Held here so that its filter stays set (JUL keeps loggers weakly).
   */
  private static final Logger LSP4J_ENDPOINT =
      Logger.getLogger("org.eclipse.lsp4j.jsonrpc.RemoteEndpoint");

  private LoggingSetup() {}

  /** Demotes LSP4J's "Unmatched cancel notification" warning to debug; passes every record. */
  static boolean demoteUnmatchedCancel(LogRecord record) {
    String message = record.getMessage();
    if (message != null && message.startsWith("Unmatched cancel notification")) {
      record.setLevel(Level.FINE);
    }
    return true;
  }

  /**
   * Applies the {@code log} settings at run time, unless the command line fixed the level. Returns
   * the sink the composition root calls on every settings change.
   */
  static java.util.function.Consumer<dev.codeloop.settings.ServerSettings.LogSettings> settingsSink(
      boolean levelFixedByCommandLine, PrintStream stderr) {
    java.util.concurrent.atomic.AtomicReference<String> currentFile =
        new java.util.concurrent.atomic.AtomicReference<>("");
    return log -> {
      Logger root = Logger.getLogger("");
      if (!levelFixedByCommandLine) {
        Level jul = JulLevels.of(log.level());
        root.setLevel(jul);
        for (Handler h : root.getHandlers()) {
          if (h instanceof StreamHandler || h instanceof FileHandler) {
            h.setLevel(jul);
          }
        }
      }
      String file = log.file() == null ? "" : log.file();
      if (!file.isBlank() && !file.equals(currentFile.getAndSet(file))) {
        try {
          FileHandler fh = new FileHandler(file, true);
          fh.setFormatter(new LineFormatter());
          fh.setLevel(root.getLevel());
          root.addHandler(fh);
        } catch (IOException | RuntimeException e) {
          stderr.println("codeloop: cannot open log file " + file + ": " + e.getMessage());
        }
      }
    };
  }

  static LogLevel parseLevel(String s) {
    for (LogLevel l : LogLevel.values()) {
      if (l.name().equalsIgnoreCase(s) || (l == LogLevel.WARNING && s.equalsIgnoreCase("warn"))) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown log level '" + s + "' (off, error, warning, info, debug, trace)");
  }

  static void configure(LogLevel level, String file, PrintStream stderr) throws IOException {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Level jul = JulLevels.of(level);
    root.setLevel(jul);
    Formatter fmt = new LineFormatter();
    StreamHandler err =
        new StreamHandler(stderr, fmt) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
          }
        };
    err.setLevel(jul);
    root.addHandler(err);
    if (file != null && !file.isBlank()) {
      FileHandler fh = new FileHandler(file, true);
      fh.setFormatter(fmt);
      fh.setLevel(jul);
      root.addHandler(fh);
    }
    LSP4J_ENDPOINT.setFilter(LoggingSetup::demoteUnmatchedCancel);
    // Keep noisy libraries at warning unless the user asked for trace.
    if (level != LogLevel.TRACE) {
      Logger.getLogger("org.eclipse.lsp4j").setLevel(Level.WARNING);
      Logger.getLogger("dev.langchain4j").setLevel(Level.WARNING);
    }
  }

  static final class LineFormatter extends Formatter {
    // the local time of day by hand: a DateTimeFormatter's first use builds its printer chain and
    // the locale data behind it, on the start-up thread, before the session exists
    private final java.util.TimeZone zone;

    LineFormatter() {
      this(java.util.TimeZone.getDefault());
    }

    LineFormatter(java.util.TimeZone zone) {
      this.zone = zone;
    }

    @Override
    public String format(LogRecord r) {
      StringBuilder sb = new StringBuilder(128);
      appendTime(sb, r.getMillis());
      sb.append(' ')
          .append(r.getLevel().getName())
          .append(' ')
          .append(shortName(r.getLoggerName()))
          .append(" [")
          .append(Thread.currentThread().getName())
          .append("] ")
          .append(formatMessage(r))
          .append(System.lineSeparator());
      if (r.getThrown() != null) {
        java.io.StringWriter sw = new java.io.StringWriter();
        r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
        sb.append(sw);
      }
      return sb.toString();
    }

    /** {@code HH:mm:ss.SSS} in the default time zone. */
    private void appendTime(StringBuilder sb, long epochMillis) {
      long ms = Math.floorMod(epochMillis + zone.getOffset(epochMillis), 86_400_000L);
      two(sb, ms / 3_600_000).append(':');
      two(sb, ms / 60_000 % 60).append(':');
      two(sb, ms / 1_000 % 60).append('.');
      long millis = ms % 1_000;
      sb.append(millis < 100 ? (millis < 10 ? "00" : "0") : "").append(millis);
    }

    private static StringBuilder two(StringBuilder sb, long v) {
      return sb.append(v < 10 ? "0" : "").append(v);
    }

    private static String shortName(String name) {
      if (name == null) {
        return "";
      }
      int dot = name.lastIndexOf('.');
      return dot >= 0 ? name.substring(dot + 1) : name;
    }
  }
}
