package dev.codeloop.errors;

import java.util.Objects;

/**
 * A setting that was rejected or looks wrong: its path (e.g. {@code completion.debounceMs} or
 * {@code models.fast.provider}) and why. The one problem type of every settings parser (server
 * settings, model settings, schema validation).
 */
public record SettingsProblem(String path, String reason, Severity severity) {
  public enum Severity {
    WARNING,
    ERROR
  }

  public SettingsProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(severity, "severity");
  }

  public static SettingsProblem error(String path, String reason) {
    return new SettingsProblem(path, reason, Severity.ERROR);
  }

  public static SettingsProblem warning(String path, String reason) {
    return new SettingsProblem(path, reason, Severity.WARNING);
  }

  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
