package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.util.List;

/** Reads a report file a tool wrote (e.g. a JUnit XML report) into {@link Finding}s. */
public interface ReportParser {

  /**
   * @param report the report file; unreadable or malformed reports give an empty list
   * @param workingDirectory where the tool ran; relative paths resolve against it
   */
  List<Finding> parseReport(Path report, Path workingDirectory);
}
