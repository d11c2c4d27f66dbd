package dev.codeloop.model.embedded.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stacked ignore rules while walking a workspace: each directory's {@code .gitignore} (and the
 * root's {@code .codeloopignore}) applies to its subtree; deeper and later rules win, as in git.
 */
public final class IgnoreMatcher {
  private static final List<String> FILES = List.of(".gitignore", ".codeloopignore");

  private record Level(Path directory, GitignoreRules rules) {}

  private final Path root;
  private final List<Level> levels = new ArrayList<>();

  public IgnoreMatcher(Path root) {
    this.root = root;
  }

  /** Loads the ignore files of {@code directory} (call when entering it). */
  public void enter(Path directory) {
    StringBuilder content = new StringBuilder();
    for (String name : FILES) {
      Path f = directory.resolve(name);
      if (Files.isRegularFile(f)) {
        try {
          content.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
        } catch (IOException | RuntimeException e) {
          // unreadable ignore file: ignore it
        }
      }
    }
    levels.add(new Level(directory, GitignoreRules.parse(content.toString())));
  }

  /** Call when leaving the directory last entered. */
  public void leave() {
    levels.remove(levels.size() - 1);
  }

  public boolean isIgnored(Path path, boolean directory) {
    if (directory && path.getFileName() != null && path.getFileName().toString().equals(".git")) {
      return true;
    }
    for (int i = levels.size() - 1; i >= 0; i--) {
      Level level = levels.get(i);
      if (!path.startsWith(level.directory) || path.equals(level.directory)) {
        continue;
      }
      String rel = level.directory.relativize(path).toString().replace('\\', '/');
      Boolean m = level.rules.match(rel, directory);
      if (m != null) {
        return m;
      }
    }
    return false;
  }

  public Path root() {
    return root;
  }
}
