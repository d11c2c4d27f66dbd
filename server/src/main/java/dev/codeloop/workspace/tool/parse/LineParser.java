package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A parser of tools that print one finding per line: each line is read on its own. */
interface LineParser extends OutputParser {

  /** The finding a line reports, or {@code null} for any other line. */
  @Nullable Finding line(String line, Path workingDirectory);

  @Override
  default List<Finding> parse(String output, Path workingDirectory) {
    List<Finding> findings = new ArrayList<>();
    output
        .lines()
        .forEach(
            text -> {
              Finding f = line(text, workingDirectory);
              if (f != null) {
                findings.add(f);
              }
            });
    return findings;
  }
}
