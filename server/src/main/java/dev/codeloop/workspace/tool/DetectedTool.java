package dev.codeloop.workspace.tool;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A check or test command found for a workspace root (or configured in {@code tools.checks} /
 * {@code tools.tests}).
 *
 * @param id stable within the root, e.g. {@code maven-compile}; with the root, the key under which
 *     a newer run replaces an older one
 * @param argv the command, never a shell string
 * @param workingDirectory where it runs (absolute)
 * @param parser the id of the output parser it needs ({@code maven}, {@code tsc}, …), or {@code ""}
 * @param why what made it the choice, for {@code codeloop.showTools}
 */
public record DetectedTool(
    String id, Kind kind, List<String> argv, Path workingDirectory, String parser, String why) {

  /** A check (compile, type-check, lint) or a test run. */
  public enum Kind {
    CHECK,
    TEST
  }

  public DetectedTool {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    argv = List.copyOf(argv);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(why, "why");
  }
}
