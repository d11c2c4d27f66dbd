package dev.codeloop.workspace.tool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem a tool reported, as parsed from its output: a compiler or linter message, or a
 * failing test mapped to a line. Positions are the tool's own: 1-based lines and columns ({@code 0}
 * when the tool gave none); the LSP layer converts them.
 *
 * @param file the file, absolute (resolved against the tool's working directory)
 * @param endLine 0 when the tool gave only a start
 * @param code the tool's rule or error code (e.g. {@code E501}, {@code TS2322}), or {@code ""}
 * @param tool which tool said it (e.g. {@code javac}, {@code pytest})
 */
public record Finding(
    Path file,
    int line,
    int column,
    int endLine,
    int endColumn,
    Severity severity,
    String message,
    String code,
    Kind kind,
    String tool) {

  public enum Severity {
    ERROR,
    WARNING,
    INFO
  }

  /** A check (compile, type-check, lint) or a failing test. */
  public enum Kind {
    CHECK,
    TEST
  }

  public Finding {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tool, "tool");
  }

  /** The same finding at another path (made absolute, or moved out of a shadow copy). */
  public Finding withFile(Path other) {
    return new Finding(
        other, line, column, endLine, endColumn, severity, message, code, kind, tool);
  }
}
