package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns what a tool printed into {@link Finding}s. Pure: no I/O beyond checking that a file a stack
 * frame names exists. Never throws on unexpected text: lines it does not understand are skipped.
 */
public interface OutputParser {

  /**
   * @param output everything the tool printed (stdout and stderr, in any order)
   * @param workingDirectory where the tool ran; relative paths in the output resolve against it
   */
  List<Finding> parse(String output, Path workingDirectory);
}
