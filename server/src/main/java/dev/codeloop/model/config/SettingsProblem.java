package dev.codeloop.model.config;

import java.util.Objects;

/**
 * Something wrong (or risky) in the model settings.
 *
 * @param path the setting path, e.g. {@code models.fast.provider}
 * @param message why, e.g. {@code unknown provider 'opneai' (expected one of ...)}
 */
public record SettingsProblem(String path, String message, Severity severity) {
  public enum Severity {
    WARNING,
    ERROR
  }

  public SettingsProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
  }

  public static SettingsProblem error(String path, String message) {
    return new SettingsProblem(path, message, Severity.ERROR);
  }

  public static SettingsProblem warning(String path, String message) {
    return new SettingsProblem(path, message, Severity.WARNING);
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
