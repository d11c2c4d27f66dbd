package dev.codeloop.settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the user's own files live, from the environment: the user-level settings file, the embedded
 * model's cache and the answers folder. Pure: reads only the map it is given (and {@code user.home}
 * when {@code HOME} is unset).
 */
public record UserPaths(Optional<Path> settingsFile, Path embeddedCacheDir, Path answersDir) {

  public static UserPaths of(Map<String, String> env) {
    return new UserPaths(settingsFile(env), embeddedCacheDir(env), answersDir(env));
  }

  /** {@code $XDG_CONFIG_HOME/codeloop/config.json}, else {@code ~/.config/codeloop/config.json}. */
  static Optional<Path> settingsFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg, "codeloop", "config.json"));
    }
    String home = home(env);
    return home == null
        ? Optional.empty()
        : Optional.of(Path.of(home, ".config", "codeloop", "config.json"));
  }

  /**
   * {@code $CODELOOP_CACHE_DIR/embedded}, else {@code $XDG_CACHE_HOME/codeloop/embedded}, else
   * {@code ~/.cache/codeloop/embedded}.
   */
  static Path embeddedCacheDir(Map<String, String> env) {
    String explicit = env.get("CODELOOP_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit, "embedded");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "codeloop", "embedded");
    }
    return Path.of(home(env), ".cache", "codeloop", "embedded");
  }

  /**
   * Where prose answers and plans go, a folder of the user's own (created owner-only): {@code
   * CODELOOP_ANSWERS_DIR}, else {@code $XDG_STATE_HOME/codeloop/answers}, else {@code
   * ~/.local/state/codeloop/answers}. Never a shared temporary folder.
   */
  static Path answersDir(Map<String, String> env) {
    String dir = env.get("CODELOOP_ANSWERS_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "codeloop", "answers");
    }
    return Path.of(home(env), ".local", "state", "codeloop", "answers");
  }

  private static String home(Map<String, String> env) {
    return env.getOrDefault("HOME", System.getProperty("user.home"));
  }
}
