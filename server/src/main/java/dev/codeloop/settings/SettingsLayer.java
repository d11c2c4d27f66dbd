package dev.codeloop.settings;

/** Where settings come from, lowest precedence first. Each layer has the same JSON shape. */
public enum SettingsLayer {
  DEFAULTS("built-in defaults", true),
  USER_FILE("user settings file", true),
  WORKSPACE_FILE("workspace .codeloop.json", false),
  INITIALIZATION_OPTIONS("initializationOptions.settings", false),
  CLIENT("workspace/didChangeConfiguration", false);

  private final String description;
  private final boolean trusted;

  SettingsLayer(String description, boolean trusted) {
    this.description = description;
    this.trusted = trusted;
  }

  public String description() {
    return description;
  }

  /**
   * Whether secrets (a literal API key) may come from this layer. Workspace files travel with
   * repositories, and editor settings files are often committed, so only the user's own file is
   * trusted.
   */
  public boolean trusted() {
    return trusted;
  }
}
