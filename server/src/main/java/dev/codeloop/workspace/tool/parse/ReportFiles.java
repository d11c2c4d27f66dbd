package dev.codeloop.workspace.tool.parse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where test runners leave their JUnit XML reports below a working directory: Surefire and Failsafe
 * ({@code target/*-reports/TEST-*.xml}), Gradle ({@code build/test-results/<task>/}) and the file
 * the pytest command of the detector writes ({@code .codeloop/pytest-junit.xml}). Only reports
 * written since a run started count: stale reports of earlier runs are not findings.
 */
public final class ReportFiles {
  private static final List<String> FOLDERS =
      List.of(
          "target/surefire-reports", "target/failsafe-reports", "build/test-results", ".codeloop");

  private ReportFiles() {}

  /** The XML reports below {@code workingDirectory} modified at or after {@code since}. */
  public static List<Path> since(Path workingDirectory, Instant since) {
    List<Path> out = new ArrayList<>();
    for (String folder : FOLDERS) {
      Path dir = workingDirectory.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir, 3)) {
        files
            .filter(p -> p.getFileName().toString().endsWith(".xml"))
            .filter(p -> isReport(p.getFileName().toString()))
            .filter(p -> modifiedSince(p, since))
            .sorted()
            .forEach(out::add);
      } catch (IOException | RuntimeException e) {
        // an unreadable folder has no reports for us
      }
    }
    return out;
  }

  private static boolean isReport(String name) {
    return name.startsWith("TEST-") || name.endsWith("-junit.xml");
  }

  private static boolean modifiedSince(Path p, Instant since) {
    try {
      FileTime t = Files.getLastModifiedTime(p);
      return !t.toInstant().isBefore(since);
    } catch (IOException e) {
      return false;
    }
  }
}
