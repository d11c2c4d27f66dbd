package dev.codeloop.lsp;

import dev.codeloop.settings.ServerSettings.LogLevel;
import java.util.logging.Level;

/** Our setting names for log levels, mapped to java.util.logging (the SLF4J backend). */
public final class JulLevels {
  private JulLevels() {}

  public static Level of(LogLevel level) {
    return switch (level) {
      case OFF -> Level.OFF;
      case ERROR -> Level.SEVERE;
      case WARNING -> Level.WARNING;
      case INFO -> Level.INFO;
      case DEBUG -> Level.FINE;
      case TRACE -> Level.FINEST;
    };
  }
}
