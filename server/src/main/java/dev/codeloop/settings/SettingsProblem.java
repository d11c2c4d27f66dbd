package dev.codeloop.settings;

/** A setting that was rejected: its path (e.g. {@code completion.debounceMs}) and why. */
public record SettingsProblem(String path, String reason, Severity severity) {
  public enum Severity {
    WARNING,
    ERROR
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
