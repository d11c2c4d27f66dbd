package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.util.List;

/** Turns a tool's output into findings; never throws on odd input. */
public interface OutputParser {
  List<Finding> parse(String output, Path workingDirectory);
}
