package dev.codeloop.lsp;

import dev.codeloop.concurrent.TaskContext;
import dev.codeloop.settings.ServerSettings.LogLevel;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Forwards log records at or above the user's chosen level to the editor as {@code
 * window/logMessage} — only the records of work done for this session (as the backend's {@link
 * TaskContext} tells), so with many editors on one server each gets its own lines. Records of no
 * session (backend start-up, the TCP listener) go to an editor only when it is the process's only
 * one (stdio).
 */
final class ClientLogHandler extends Handler {
  private final LanguageClient client;
  private final TaskContext context;
  private final String session;
  private final boolean receivesBackendRecords;
  private final ThreadLocal<Boolean> publishing = ThreadLocal.withInitial(() -> false);
  private volatile Level threshold = Level.WARNING;
  private final SimpleFormatter formatter = new SimpleFormatter();

  ClientLogHandler(
      LanguageClient client, TaskContext context, String session, boolean receivesBackendRecords) {
    this.client = client;
    this.context = context;
    this.session = session;
    this.receivesBackendRecords = receivesBackendRecords;
  }

  private boolean mine() {
    Optional<String> owner = context.current();
    return owner.isPresent() ? owner.get().equals(session) : receivesBackendRecords;
  }

  void setLevel(LogLevel level) {
    threshold = JulLevels.of(level);
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() < threshold.intValue()
        || threshold == Level.OFF
        || publishing.get()
        || !mine()) {
      return;
    }
    publishing.set(true);
    try {
      String text = record.getLoggerName() + ": " + formatter.formatMessage(record);
      if (record.getThrown() != null) {
        text += " (" + record.getThrown() + ")";
      }
      client.logMessage(new MessageParams(typeOf(record.getLevel()), text));
    } catch (RuntimeException ignored) {
      // the connection is going away; the record is in the local log anyway
    } finally {
      publishing.set(false);
    }
  }

  private static MessageType typeOf(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return MessageType.Error;
    }
    if (v >= Level.WARNING.intValue()) {
      return MessageType.Warning;
    }
    if (v >= Level.INFO.intValue()) {
      return MessageType.Info;
    }
    return MessageType.Log;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
