package dev.codeloop.model.config;

/** Where a settings tree came from; decides what it may contain (e.g. literal API keys). */
public enum SettingsSource {
  /** The user's own configuration file or editor user settings: trusted. */
  USER,
  /** A file inside the workspace (may come from a cloned repository): untrusted. */
  WORKSPACE,
  /** Built-in defaults. */
  DEFAULTS;

  public boolean trusted() {
    return this != WORKSPACE;
  }
}
