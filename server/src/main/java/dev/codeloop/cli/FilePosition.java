package dev.codeloop.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code FILE}, {@code FILE:LINE} or {@code FILE:LINE:COLUMN} as a person writes it (1-based),
 * resolved against the workspace; held 0-based.
 */
record FilePosition(
    Path file, Optional<Integer> line, Optional<Integer> column, Optional<Integer> endLine) {
  private static final Pattern WITH_POSITION = Pattern.compile("^(.+?):(\\d+)(?::(\\d+))?$");
  private static final Pattern WITH_LINES = Pattern.compile("^(.+?):(\\d+)-(\\d+)$");

  /**
   * FILE is taken relative to the current directory, as a shell completes it; when no such file
   * exists there but one does in the workspace, that one.
   */
  static FilePosition parse(String text, Path cwd, Path workspace) throws UsageException {
    Matcher lines = WITH_LINES.matcher(text);
    if (lines.matches()) {
      int first = Integer.parseInt(lines.group(2));
      int last = Integer.parseInt(lines.group(3));
      if (first < 1 || last < first) {
        throw new UsageException(
            "'" + text + "': a line range is FIRST-LAST, counted from 1, FIRST <= LAST");
      }
      return new FilePosition(
          resolve(lines.group(1), cwd, workspace),
          Optional.of(first - 1),
          Optional.empty(),
          Optional.of(last - 1));
    }
    Matcher m = WITH_POSITION.matcher(text);
    if (!m.matches()) {
      if (text.matches(".*:\\d*:?\\d*$") && text.contains(":")) {
        throw new UsageException(
            "'" + text + "' is not FILE:LINE:COLUMN (numbers from 1, e.g. src/Foo.java:12:5)");
      }
      return new FilePosition(
          resolve(text, cwd, workspace), Optional.empty(), Optional.empty(), Optional.empty());
    }
    int line = Integer.parseInt(m.group(2));
    Optional<Integer> column =
        m.group(3) == null ? Optional.empty() : Optional.of(Integer.parseInt(m.group(3)));
    if (line < 1 || column.map(c -> c < 1).orElse(false)) {
      throw new UsageException(
          "'" + text + "': lines and columns count from 1 (e.g. src/Foo.java:12:5)");
    }
    return new FilePosition(
        resolve(m.group(1), cwd, workspace),
        Optional.of(line - 1),
        column.map(c -> c - 1),
        Optional.empty());
  }

  private static Path resolve(String name, Path cwd, Path workspace) {
    Path here = cwd.resolve(name).normalize();
    Path inWorkspace = workspace.resolve(name).normalize();
    return !java.nio.file.Files.exists(here) && java.nio.file.Files.exists(inWorkspace)
        ? inWorkspace
        : here;
  }

  String describe(Path workspace) {
    Path shown = file.startsWith(workspace) ? workspace.relativize(file) : file;
    return shown
        + line.map(l -> ":" + (l + 1)).orElse("")
        + column.map(c -> ":" + (c + 1)).orElse("")
        + endLine.map(l -> "-" + (l + 1)).orElse("");
  }
}
